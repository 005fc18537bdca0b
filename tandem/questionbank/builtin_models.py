"""Built-in coaching models and their ordered stages (reference data, in Tandem's own words).

Sources: "The Coaching Toolkit for Child Welfare Practice" (seed 003; line numbers point into
``shared/seeds/003_46f68ca6216efc0f.txt``) and, for quality contacts, the Capacity Building
Center for States tip sheet (seed 004). Loaded by migration 0002 and by
``load_models(apps, schema_editor)`` (reusable by tests whose tables were flushed).
Pure data: the migration reads it with historical models, so keep it plain dicts and strings.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict


class StageData(TypedDict):
    code: str
    name: str
    guidance: str
    role: NotRequired[str]  # ModelStage.Role: "observation", "reflection" or "feedback"


class ModelData(TypedDict):
    code: str
    name: str
    description: str
    source: str
    stages: list[StageData]


SEED = "Coaching Toolkit for Child Welfare Practice (seed 003)"
QC = "Supporting Quality Contacts Through Supervisor-Worker Coaching (seed 004)"

MODELS: list[ModelData] = [
    {
        "code": "skills-based",
        "name": "Child welfare skills-based",
        "description": (
            "A hands-on, cyclical model for learning one concrete practice skill: the learner "
            "sees the skill done, tries it while being observed, reflects, and hears feedback. "
            "The seven steps have no time limits and can overlap."
        ),
        "source": f"{SEED}, Table 6.5, l.5597-5860 (after Rush & Sheldon 2007; Gallacher 1997)",
        "stages": [
            {
                "code": "initial-interest",
                "name": "Initial interest",
                "guidance": (
                    "The learner asks for coaching or is offered it through an agency effort. "
                    "Make the overall purpose clear and start a learning agreement; involve the "
                    "learner's supervisor in the agreement."
                ),
            },
            {
                "code": "joint-planning",
                "name": "Joint planning",
                "guidance": (
                    "Build rapport and trust and talk through worries. Turn expectations into "
                    "goals (goal attainment scale or SMART) and agree where, when, how often and "
                    "how coaching will happen, including demonstrations and observations."
                ),
            },
            {
                "code": "demonstration-observation-action",
                "role": "observation",
                "name": "Demonstration, observation and action",
                "guidance": (
                    "The learner watches the coach or another expert use the skill, ideally in a "
                    "real setting, then the coach watches the learner use it (role-play, "
                    "recording or live). Note concrete details against a rubric; get client "
                    "consent where needed."
                ),
            },
            {
                "code": "self-reflection",
                "role": "reflection",
                "name": "Individual analysis and self-reflection",
                "guidance": (
                    "The learner writes about what happened and decides what to raise and what "
                    "to try differently. The coach looks for influences, patterns tied to the "
                    "learner's focus, and whether the result matched what the learner meant to "
                    "do, and prepares suggestions."
                ),
            },
            {
                "code": "facilitated-reflection",
                "role": "feedback",
                "name": "Facilitated reflection and feedback",
                "guidance": (
                    "Hold the coaching conversation. Ask the learner to reflect before you give "
                    "feedback so your view does not steer theirs; affirm strengths and effective "
                    "behavior, and be honest about what to change."
                ),
            },
            {
                "code": "evaluation",
                "name": "Evaluation",
                "guidance": (
                    "Check the working relationship, communication and progress toward goals: "
                    "what went well, what was hard, who contributed what, whether this cycle met "
                    "the goals, and what would make coaching work better, including whether "
                    "another coach would fit better."
                ),
            },
            {
                "code": "closing",
                "name": "Closing",
                "guidance": (
                    "End the coaching relationship formally. With the learner's agreement, share "
                    "progress with the supervisor so learner and supervisor can carry on, for "
                    "example with a professional development plan."
                ),
            },
        ],
    },
    {
        "code": "grow",
        "name": "GROW",
        "description": (
            "A goal and action-planning model: name the goal, look honestly at the present, "
            "widen the options, then commit to next steps."
        ),
        "source": f"{SEED}, l.6559-6650, Table 6.8 (after Whitmore 1992; Grant 2011)",
        "stages": [
            {
                "code": "goal",
                "name": "Goal",
                "guidance": (
                    "Agree a realistic goal for the session and for the coaching; invite the "
                    "learner to describe what success would look like."
                ),
            },
            {
                "code": "reality",
                "name": "Reality",
                "guidance": (
                    "Explore where things stand now, what has helped so far and what is already "
                    "working; a 1-10 scale helps locate the learner against the goal."
                ),
            },
            {
                "code": "options",
                "name": "Options",
                "guidance": (
                    "Brainstorm possibilities, including what the learner has tried before in "
                    "similar situations; keep asking for more before judging any."
                ),
            },
            {
                "code": "wrap-up",
                "name": "Wrap-up (will)",
                "guidance": (
                    "Pick the options that fit, name concrete steps, obstacles, helpers and a "
                    "start date, agree how success will be recognized, and check commitment."
                ),
            },
        ],
    },
    {
        "code": "regrow",
        "name": "REGROW",
        "description": (
            "GROW with a first stage that reviews and evaluates what happened since the last "
            "session, so goals can be adjusted as the learner acts between sessions."
        ),
        "source": f"{SEED}, l.6559-6650, Figure 6.5 and Table 6.8 (after Grant 2011)",
        "stages": [
            {
                "code": "review",
                "name": "Review and evaluate",
                "guidance": (
                    "Look back at the actions agreed last time: what was tried, what happened, "
                    "what was learned, and whether the goals still fit or need changing."
                ),
            },
            {
                "code": "goal",
                "name": "Goal",
                "guidance": (
                    "Confirm or reset a realistic goal for this session in light of the review."
                ),
            },
            {
                "code": "reality",
                "name": "Reality",
                "guidance": (
                    "Explore the current situation and progress; use a 1-10 scale and ask what "
                    "has contributed to progress so far."
                ),
            },
            {
                "code": "options",
                "name": "Options",
                "guidance": "Generate possible actions, several of them, before choosing.",
            },
            {
                "code": "wrap-up",
                "name": "Wrap-up (will)",
                "guidance": (
                    "Turn the chosen option into an action plan with a first step, a date, "
                    "support and a check of commitment; where practice is the aim, plan an "
                    "observation and time for reflection."
                ),
            },
        ],
    },
    {
        "code": "clear",
        "name": "CLEAR",
        "description": (
            "A development model whose five parts may happen in one session or across several; "
            "the cycle is complete when the learner shows a felt shift in how they talk about "
            "and frame the issue."
        ),
        "source": f"{SEED}, l.6101-6392, Table 6.6 (after Hawkins & Smith 2006)",
        "stages": [
            {
                "code": "contracting",
                "name": "Contracting",
                "guidance": (
                    "Start with the end in mind: agree the outcome of the session and of "
                    "coaching, ground rules, boundaries, accountability and how progress will be "
                    "judged."
                ),
            },
            {
                "code": "listening",
                "name": "Listening",
                "guidance": (
                    "Help the learner gain insight by listening closely, asking for information "
                    "and reflecting back: summarize, name what you hear and the connections you "
                    "notice."
                ),
            },
            {
                "code": "exploring",
                "name": "Exploring",
                "guidance": (
                    "Help the learner see how the situation affects them, then challenge them to "
                    "imagine new ways forward: who could help, what else is possible, how someone "
                    "they admire would act."
                ),
            },
            {
                "code": "action",
                "name": "Action",
                "guidance": (
                    "Support the learner to commit to learner-led steps: weigh options, name the "
                    "first step and when, who to involve, and test whether the plan is realistic."
                ),
            },
            {
                "code": "review",
                "name": "Review",
                "guidance": (
                    "Take stock, reinforce progress and commitments, ask what helped and what "
                    "was hard about the coaching, and agree when the plan will be reviewed."
                ),
            },
        ],
    },
    {
        "code": "flow",
        "name": "Flow",
        "description": (
            "A less linear model in which four tasks come before the coaching conversation "
            "itself; coaching continues until the change has begun to take hold."
        ),
        "source": f"{SEED}, l.6394-6530, Table 6.7 (after Flaherty 2010)",
        "stages": [
            {
                "code": "relationship",
                "name": "Relationship",
                "guidance": (
                    "Build a relationship of openness, good communication, appreciation, "
                    "fairness and shared commitment before trying to teach anything."
                ),
            },
            {
                "code": "openings",
                "name": "Openings",
                "guidance": (
                    "Notice the moments when the learner takes ownership of coaching and sees "
                    "its value, and agree together on the purpose of the learning topic."
                ),
            },
            {
                "code": "assessment-observation",
                "role": "observation",
                "name": "Assessment and observation",
                "guidance": (
                    "Assess the skills the learner has now (self-assessment is fine) and ask the "
                    "learner to watch someone doing the skill they want to build."
                ),
            },
            {
                "code": "enrollment",
                "name": "Enrollment",
                "guidance": (
                    "Both make explicit what they commit to. Talk frankly about what could get in "
                    "the way and help remove barriers when the learner seems disengaged."
                ),
            },
            {
                "code": "coaching-conversation",
                "name": "Coaching conversation",
                "guidance": (
                    "Set the scope and structure, then coach: support, clarify outcomes, give "
                    "feedback, invite reflection and end with further goal setting."
                ),
            },
        ],
    },
    {
        "code": "solution-focused",
        "name": "Solution-focused (POWERS)",
        "description": (
            "Assumes the learner already holds workable solutions; coaching draws them out with "
            "coping, scaling and miracle questions rather than analyzing problems."
        ),
        "source": f"{SEED}, l.4600-4680 (POWERS after Visser & Bodien 2003)",
        "stages": [
            {
                "code": "problems",
                "name": "Problems acknowledged",
                "guidance": (
                    "Recognize the difficulty with empathy without digging into its causes; "
                    "coping questions fit here."
                ),
            },
            {
                "code": "outcomes",
                "name": "Outcomes",
                "guidance": "Specify the outcome the learner wants, in concrete terms.",
            },
            {
                "code": "where-now",
                "name": "Where now on the scale",
                "guidance": (
                    "Ask the learner to place themselves on a scale and explore what puts them "
                    "there rather than lower."
                ),
            },
            {
                "code": "exceptions",
                "name": "Exceptions",
                "guidance": (
                    "Look for times the problem was absent or smaller; those moments hold keys "
                    "to the solution."
                ),
            },
            {
                "code": "relationships",
                "name": "Relationships",
                "guidance": (
                    "Strengthen the working relationships around the learner and make them "
                    "productive."
                ),
            },
            {
                "code": "small-steps",
                "name": "Small steps",
                "guidance": (
                    "Agree a small next step; small moves forward build toward larger change. "
                    "A miracle question can help picture the first signs of progress."
                ),
            },
        ],
    },
    {
        "code": "appreciative-inquiry",
        "name": "Appreciative inquiry",
        "description": (
            "A strengths-based inquiry around an affirmative topic the learner chooses, moving "
            "through four tasks from what works now to sustaining change."
        ),
        "source": f"{SEED}, l.1301-1432, Figure 3.2 (after Cooperrider & Whitney 1999)",
        "stages": [
            {
                "code": "discovery",
                "name": "Discovery",
                "guidance": (
                    "Appreciate what already works: draw out stories of success from the learner "
                    "and their organization."
                ),
            },
            {
                "code": "dream",
                "name": "Dream",
                "guidance": "Put into words a clear picture of what could be and what is wanted.",
            },
            {
                "code": "design",
                "name": "Design",
                "guidance": ("Brainstorm possibilities using the energy from discovery and dream."),
            },
            {
                "code": "destiny",
                "name": "Destiny",
                "guidance": (
                    "Build hope and momentum with ways to keep learning, adjusting and improvising."
                ),
            },
        ],
    },
    {
        "code": "quality-contacts",
        "name": "Quality contacts",
        "description": (
            "Coaching, often by the worker's own supervisor, aimed at better caseworker visits "
            "with children, youth and families. It can run inside regular supervision; keep "
            "it apart from performance evaluation so the worker is free to try and fail."
        ),
        "source": f"{QC}, l.34-119, Exhibits 1 and 2 (after Bernotavicz 2013)",
        "stages": [
            {
                "code": "clarify-focus-roles",
                "name": "Clarify focus and roles",
                "guidance": (
                    "Agree together what to work on, from the worker's strengths and needs "
                    "(planning purposeful visits, engaging family members, assessing, setting "
                    "boundaries...). Agree what coaching is and is not: a working alliance for "
                    "learning, not counseling and not a performance review. The agreement can "
                    "stand alone or live in supervision notes."
                ),
            },
            {
                "code": "set-expectations",
                "name": "Set expectations",
                "guidance": (
                    "Decide reasonable goals together, framed as behaviors the worker wants to "
                    "change, and write them down (SMART). At each later session, look at the "
                    "goals again and at what was done since the last one."
                ),
            },
            {
                "code": "identify-next-steps",
                "name": "Identify next steps",
                "guidance": (
                    "Talk through what the worker has already tried and what else is possible, "
                    "then agree the steps, including new skills to use in visits. The quality "
                    "contact worksheet, filled in after coming visits, can show where to look."
                ),
            },
            {
                "code": "ask-questions",
                "name": "Ask questions",
                "guidance": (
                    "Ask open questions (what, how) and leave time to think, so the worker finds "
                    "their own answers; more than one answer can be right. Listen, then reflect "
                    "back and summarize what you heard."
                ),
            },
            {
                "code": "other-techniques",
                "role": "observation",
                "name": "Use other techniques",
                "guidance": (
                    "Add what fits: demonstrate and then observe (shadowing a visit, role-play), "
                    "give specific feedback on strengths and what to improve, point out "
                    "opportunities, reframe a stuck situation, link past successes to the "
                    "present one. Mind cultural considerations."
                ),
            },
            {
                "code": "monitor-progress",
                "name": "Monitor progress toward goals",
                "guidance": (
                    "Review progress together regularly and adjust the plan; ask how to support "
                    "the worker. A 1-10 confidence rating shows movement from session to "
                    "session. Writing the sessions down gives both a record to reflect on."
                ),
            },
        ],
    },
]


def load_models(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    """Create or refresh the built-in models and stages (idempotent)."""
    CoachingModel = apps.get_model("questionbank", "CoachingModel")
    ModelStage = apps.get_model("questionbank", "ModelStage")
    # Migration 0002 runs this before ModelStage had its role (0006 runs it again).
    has_role = any(f.name == "role" for f in ModelStage._meta.get_fields())
    for data in MODELS:
        model, _ = CoachingModel.objects.update_or_create(
            code=data["code"],
            defaults={
                "name": data["name"],
                "description": data["description"],
                "source": data["source"],
                "is_builtin": True,
            },
        )
        for order, stage in enumerate(data["stages"], start=1):
            ModelStage.objects.update_or_create(
                model=model,
                code=stage["code"],
                defaults={
                    "name": stage["name"],
                    "guidance": stage["guidance"],
                    "order": order,
                    **({"role": stage.get("role", "")} if has_role else {}),
                },
            )
