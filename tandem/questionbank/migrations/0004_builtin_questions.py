"""Reference data: the built-in questions (tandem/questionbank/builtin_questions.py)."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from tandem.questionbank.builtin_questions import load_questions

    load_questions(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("questionbank", "0003_questions")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
