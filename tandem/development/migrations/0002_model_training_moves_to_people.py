"""Training records moved to the people app (people/0006) before any release: 0001 no longer
creates them here, so nothing is left to remove. Kept so later migrations keep their parent."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("development", "0001_initial"),
    ]

    operations: list = []
