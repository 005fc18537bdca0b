"""Words the generator draws from: places, units, job titles, coach profile vocabulary.

Fictional places only; names of people come from Faker (see generator.py).
"""

from __future__ import annotations

STATE_NAME = "State of Columbia"
STATE_DIVISION = "Division of Child Welfare"

# Fictional county names. The first is the demo agency.
COUNTIES = [
    "Juniper", "Cedar", "Aspen", "Willow", "Sierra", "Redrock", "Clearwater", "Elk", "Bighorn",
    "Pinecrest", "Silver", "Mesa", "Prairie", "Cottonwood", "Granite", "Stone", "Eagle", "Falcon",
    "Hawthorne", "Maple", "Birch", "Summit", "Canyon", "River", "Lake", "Meadow", "Timber", "Sage",
    "Coyote", "Badger", "Bison", "Antelope", "Heron", "Osprey", "Crane", "Magpie", "Lark", "Quail",
    "Fox", "Beaver", "Otter", "Spruce", "Alder", "Hickory", "Laurel", "Chinook", "Yampa", "Arroyo",
    "Cimarron", "Dolores", "Saguache", "Ouray", "Huerfano", "Piedra", "Blanca", "Sangre", "Animas",
    "Conejos", "Costilla", "Baca", "Kiowa", "Otero", "Rio Verde", "Las Piedras", "Tamarack",
    "Bristlecone", "Lodgepole", "Ponderosa", "Kinnikinnick", "Columbine",
]  # fmt: skip

OFFICE_NAMES = [
    "Main Office", "Westside Office", "North Office", "South Office", "East Office",
    "Valley Office", "Mountain Office", "Riverside Office", "Downtown Office", "Plains Office",
]  # fmt: skip

ADMINISTRATION = "Administration"
TRAINING = "Training & professional development"
INTAKE = "Intake/Assessment"
ONGOING = "Ongoing/In-home services"
PERMANENCY = "Permanency"
FOSTER = "Foster care & kinship"
# Program areas and their share of casework staff.
PROGRAM_AREAS: list[tuple[str, float]] = [
    (INTAKE, 0.30),
    (ONGOING, 0.30),
    (PERMANENCY, 0.20),
    (FOSTER, 0.20),
]

DIRECTOR = "Director"
DEPUTY = "Deputy Director"
PROGRAM_MANAGER = "Program Manager"
CASEWORK_SUPERVISOR = "Casework Supervisor"
CASEWORKER_LEVELS = ["Caseworker I", "Caseworker II", "Caseworker III"]
CASEWORKER_WEIGHTS = [0.4, 0.4, 0.2]
DATA_ANALYST = "Data Analyst"
SYSTEMS_ADMIN = "Business Systems Administrator"
CLINICAL_CONSULTANT = "Clinical Practice Consultant"
TPD_SUPERVISOR = "Training & Professional Development Coaching Supervisor"
PRACTICE_COACH = "Practice Coach"
TRAINING_SPECIALIST = "Training Specialist"
CONTRACT_COACH = "Contracted Coach"
STATE_DIRECTOR = "Division Director"
STATE_PROGRAM_LEAD = "State Coaching Program Manager"
STATE_EVALUATOR = "Program Evaluator"
STATE_ADMIN = "Systems Administrator"

PRACTICE_AREAS = [
    "Family engagement",
    "Safety-organized practice",
    "Solution-focused practice",
    "Motivational interviewing",
    "Supervision",
    "Trauma-informed practice",
    "Kinship and permanency",
    "Secondary traumatic stress and resilience",
]

# (language, chance a coach speaks it besides English)
LANGUAGES: list[tuple[str, float]] = [
    ("Spanish", 0.25),
    ("Vietnamese", 0.03),
    ("American Sign Language", 0.03),
    ("Arabic", 0.02),
    ("Somali", 0.02),
    ("Russian", 0.02),
]
ENGLISH = "English"

TRAINED_MODELS = [
    "Skills-based coaching model",
    "Solution-focused coaching",
    "Motivational interviewing (MINT)",
    "Safety-organized practice coaching",
    "GROW model",
    "Appreciative inquiry",
]

EXTERNAL_ORGANIZATIONS = [
    "Front Range Coaching Collaborative",
    "Center for Child Welfare Workforce Excellence",
    "Mountain States Practice Institute",
    "Northstar Leadership Coaching LLC",
    "University Child Welfare Training Partnership",
]

BIO_OPENERS = [
    "Former caseworker who loves helping new staff find their footing.",
    "Has coached supervisors and caseworkers for many years.",
    "Focuses on practical skills you can use on your next home visit.",
    "Believes every worker already has strengths to build on.",
    "Enjoys helping teams turn training into everyday practice.",
]
