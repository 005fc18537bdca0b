"""What a coaching agreement covers: its topics and fields, as data.

Topics follow DOMAIN.md §5 and the contract-agreement topics of the Coaching Toolkit
(seed 003, Table 6.4, l.5258-5486; l.10112-10296). The wording of labels and prompts is
Tandem's own. A template kind adds the fields that only some agreements need.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = {
    "internal": "Internal coach",
    "external": "External (contracted) coach",
    "peer": "Peer coaching",
    "group": "Group coaching",
    "supervisor_as_coach": "Supervisor as coach",
    "supportive_supervision": "Supportive supervision",
}


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    prompt: str


@dataclass(frozen=True)
class Field:
    key: str
    topic: str
    label: str
    kind: str = "longtext"  # text | longtext | date | number | choice
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    only_for: tuple[str, ...] = ()  # template kinds that have this field; empty = all

    def applies_to(self, kind: str) -> bool:
        return not self.only_for or kind in self.only_for


TOPICS: tuple[Topic, ...] = (
    Topic(
        "results",
        "Expected results",
        "What each of us hopes coaching will change, soon and in a year, and how we will know.",
    ),
    Topic(
        "roles",
        "Roles and boundaries",
        "What each party expects of the coach, and where the coach's work stops.",
    ),
    Topic(
        "learners",
        "Who is coached",
        "Who takes part, and whether taking part was the learner's own choice.",
    ),
    Topic("scheduling", "Scheduling", "When and how often we meet, and for how long."),
    Topic(
        "procedures",
        "How we meet and keep records",
        "Ways of meeting, contact between sessions, the coach's time, and what is logged.",
    ),
    Topic("supports", "Supports and resources", "What the agency provides so coaching can happen."),
    Topic(
        "cancellations",
        "Cancellations and missed sessions",
        "What happens when a session is cancelled or missed, and who is told.",
    ),
    Topic(
        "confidentiality",
        "Confidentiality",
        "What stays between coach and learner, what is shared and with whom, and the exceptions.",
    ),
    Topic(
        "ethics",
        "Disagreements and ethical concerns",
        "How we raise and settle concerns, including concerns about a child's safety.",
    ),
    Topic(
        "boundaries",
        "Relationship boundaries",
        "Coaching is not counseling; where to turn when other help is needed.",
    ),
    Topic(
        "sustainability",
        "Sustaining the learning",
        "How the supervisor will support the learning once coaching ends.",
    ),
    Topic("contract", "Contract (external coach)", "The paperwork behind a contracted coach."),
    Topic(
        "group",
        "Group ground rules",
        "How members of the group treat each other and what they keep to themselves.",
    ),
    Topic(
        "role_declaration",
        "Supervisor as coach",
        "How the supervisor keeps coaching apart from supervision.",
    ),
    Topic(
        "supportive",
        "Supportive supervision",
        "How resilience-focused conversations fit inside regular supervision.",
    ),
    Topic("checklist", "Before we start", "A last check that everyone is ready."),
)

YES_NO = (("yes", "Yes"), ("no", "Not yet"))

FIELDS: tuple[Field, ...] = (
    Field("agency_month", "results", "What the agency expects within a month"),
    Field("agency_year", "results", "What the agency expects within a year"),
    Field("learner_month", "results", "What the learner expects within a month"),
    Field("learner_year", "results", "What the learner expects within a year"),
    Field("coach_month", "results", "What the coach expects within a month"),
    Field("coach_year", "results", "What the coach expects within a year"),
    Field("success_measures", "results", "How success will be measured"),
    Field(
        "role_expectations", "roles", "What learner, supervisor and leadership expect of the coach"
    ),
    Field("role_limits", "roles", "What the coach will not do (for example: no case decisions)"),
    Field(
        "staff_meetings",
        "roles",
        "Does the coach attend staff meetings?",
        kind="text",
        required=False,
    ),
    Field(
        "participation",
        "learners",
        "How the learner came to coaching",
        kind="choice",
        choices=(
            ("voluntary", "Voluntary: the learner asked or accepted"),
            ("mandated", "Directed by the agency (mandated)"),
        ),
    ),
    Field(
        "coached_units",
        "learners",
        "Units or roles included, and any staged roll-out",
        required=False,
    ),
    Field(
        "booking_rule",
        "scheduling",
        "How sessions are booked",
        kind="choice",
        choices=(
            ("end_of_session", "At the end of each session"),
            ("month_ahead", "A month or more in advance"),
        ),
    ),
    Field("frequency", "scheduling", "How often we meet", kind="text"),
    Field("session_minutes", "scheduling", "Length of a session (minutes)", kind="number"),
    Field("start_date", "scheduling", "Start date", kind="date"),
    Field("end_date", "scheduling", "Planned end date", kind="date"),
    Field(
        "modalities",
        "procedures",
        "Ways of meeting (in person, phone, video, email, webinar)",
        kind="text",
    ),
    Field("between_sessions", "procedures", "Contact between sessions"),
    Field(
        "coach_time", "procedures", "Time the coach can give (the coach's time budget)", kind="text"
    ),
    Field("logging", "procedures", "How the coach logs the work and what evidence is kept"),
    Field("resources", "supports", "Space, technology, introductions and other support"),
    Field("cancellation_policy", "cancellations", "Cancellation and missed-session policy"),
    Field(
        "cancellation_notify",
        "cancellations",
        "Who is told about a cancellation or missed session",
        kind="text",
    ),
    Field("confidentiality_terms", "confidentiality", "What stays between coach and learner"),
    Field(
        "mandated_reporting", "confidentiality", "Mandated reporting: what the coach must report"
    ),
    Field(
        "imminent_harm",
        "confidentiality",
        "Serious and imminent harm: when confidentiality gives way",
    ),
    Field(
        "observation_consent",
        "confidentiality",
        "Observation and recording: consent of the learner and, when present, of families",
    ),
    Field("disagreements", "ethics", "How disagreements and ethical concerns are handled"),
    Field(
        "risk_to_child", "ethics", "What the coach does on seeing conduct that puts a child at risk"
    ),
    Field(
        "not_counseling",
        "boundaries",
        "Coaching is not counseling: the referral route (for example the EAP)",
    ),
    Field(
        "sustainability_plan",
        "sustainability",
        "How the supervisor will support the learning afterwards",
    ),
    Field(
        "contract_reference",
        "contract",
        "Contract, MOU or NDA reference",
        kind="text",
        only_for=("external",),
    ),
    Field("insurance", "contract", "Proof of insurance", kind="text", only_for=("external",)),
    Field(
        "ground_rules",
        "group",
        "Ground rules and confidentiality among members",
        only_for=("group",),
    ),
    Field(
        "role_declaration",
        "role_declaration",
        "How each interaction is declared as coaching or as supervision",
        only_for=("supervisor_as_coach",),
    ),
    Field(
        "supportive_focus",
        "supportive",
        "Expectations, focus and how often resilience is discussed (at least 15 minutes)",
        only_for=("supportive_supervision",),
    ),
    Field(
        "check_learner",
        "checklist",
        "The learner is clear what coaching is and is not",
        kind="choice",
        choices=YES_NO,
    ),
    Field(
        "check_coach",
        "checklist",
        "The coach has explained their approach",
        kind="choice",
        choices=YES_NO,
    ),
    Field(
        "check_leadership",
        "checklist",
        "Leadership is clear on the purpose and expected outcomes",
        kind="choice",
        choices=YES_NO,
    ),
    Field(
        "check_other",
        "checklist",
        "Anything else needed before we start",
        kind="text",
        required=False,
    ),
)


def fields_for(kind: str) -> list[Field]:
    return [f for f in FIELDS if f.applies_to(kind)]


def topics_for(kind: str) -> list[tuple[Topic, list[Field]]]:
    fields = fields_for(kind)
    return [
        (t, [f for f in fields if f.topic == t.key])
        for t in TOPICS
        if any(f.topic == t.key for f in fields)
    ]
