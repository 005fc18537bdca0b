"""Each model stage says what the session record does with it (observation, the learner's own
reflection, feedback); the built-in models and questions are loaded again, which adds the
quality contacts model and links its questions (tandem/questionbank/builtin_models.py)."""

from django.db import migrations, models


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from tandem.questionbank.reference import load_reference_data

    load_reference_data(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("questionbank", "0005_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="modelstage",
            name="role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "None"),
                    ("observation", "Observation"),
                    ("reflection", "The learner's own reflection"),
                    ("feedback", "Feedback"),
                ],
                default="",
                max_length=20,
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
