"""Audit rows may be about a person rather than an engagement (instrument responses).

On SQLite, altering a column rebuilds the table, which drops the append-only trigger of
migration 0002: it is created again here. PostgreSQL keeps its trigger through ALTER TABLE.
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "privacy_accessevent"


def trigger_again(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only;")
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, 'Tandem: {TABLE} rows are append-only'); END;"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0001_initial"),
        ("people", "0002_competencies_and_modalities"),
        ("privacy", "0002_append_only_triggers"),
    ]

    operations = [
        migrations.AddField(
            model_name="accessevent",
            name="subject",
            field=models.ForeignKey(
                blank=True,
                help_text="The person the record is about, when it is not an engagement's learner.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="people.person",
            ),
        ),
        migrations.AlterField(
            model_name="accessevent",
            name="engagement",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="coaching.engagement",
            ),
        ),
        migrations.AddIndex(
            model_name="accessevent",
            index=models.Index(fields=["subject", "at"], name="privacy_acc_subject_da7800_idx"),
        ),
        migrations.RunPython(trigger_again, trigger_again),
    ]
