"""Reference data: coaching modalities and the coaching mastery abilities.

Competencies paraphrase the strategies and abilities of Table 4.1 in "The Coaching Toolkit
for Child Welfare Practice" (seed 003, l.1786-1870), in Tandem's own words.
"""

from django.db import migrations

MODALITIES = [
    ("in_person", "In person"),
    ("phone", "Phone"),
    ("video", "Video call"),
    ("email", "Email"),
    ("webinar", "Webinar / online group"),
]

GOALS = "Setting goals"
OBSERVE = "Observing and assessing skill"
FEEDBACK = "Feedback, reflection and change"
ADULT = "Adult learning in every interaction"

COMPETENCIES = [
    ("goals-realistic", GOALS, "Helps the learner set goals that are both reachable and a stretch"),
    ("goals-readiness", GOALS, "Gauges whether the learner is ready to be coached"),
    ("goals-ending", GOALS, "Recognizes when formal coaching should come to an end"),
    ("goals-system", GOALS, "Reads how the organization works to choose goals that fit it"),
    ("observe-assignments", OBSERVE, "Designs tasks that invite trying, reflecting and learning"),
    ("observe-engagement", OBSERVE, "Finds ways to keep the learner engaged"),
    ("observe-progress", OBSERVE, "Sees the learner's strengths, progress and gaps"),
    ("feedback-strengths", FEEDBACK, "Helps the learner value strengths and get past barriers"),
    (
        "feedback-supports",
        FEEDBACK,
        "Plans ongoing supports and a transition out of coaching with the learner",
    ),
    (
        "feedback-listening",
        FEEDBACK,
        "Listens actively: attends, clarifies, reflects, sums up and gives feedback",
    ),
    ("feedback-nonjudgmental", FEEDBACK, "Stays objective and free of judgment"),
    ("feedback-encouragement", FEEDBACK, "Supports and encourages"),
    ("feedback-possibilities", FEEDBACK, "Helps the learner picture new possibilities"),
    (
        "feedback-challenge",
        FEEDBACK,
        "Questions values, assumptions and ways of working with skill",
    ),
    ("feedback-resistance", FEEDBACK, "Notices resistance and works with it"),
    (
        "adult-independence",
        ADULT,
        "Uses techniques that build the learner's independence and self-direction",
    ),
    ("adult-trust", ADULT, "Builds trust"),
    ("adult-style", ADULT, "Adapts to how the learner learns best"),
    ("adult-communication", ADULT, "Communicates clearly and with care"),
]


def load(apps, schema_editor):
    Modality = apps.get_model("people", "Modality")
    Competency = apps.get_model("people", "Competency")
    for code, name in MODALITIES:
        Modality.objects.update_or_create(code=code, defaults={"name": name})
    for order, (code, strategy, ability) in enumerate(COMPETENCIES, start=1):
        Competency.objects.update_or_create(
            code=code, defaults={"strategy": strategy, "ability": ability, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
