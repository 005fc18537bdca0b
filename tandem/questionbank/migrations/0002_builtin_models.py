"""Reference data: the built-in coaching models and their stages (tandem/questionbank/builtin_models.py)."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from tandem.questionbank.builtin_models import load_models

    load_models(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("questionbank", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
