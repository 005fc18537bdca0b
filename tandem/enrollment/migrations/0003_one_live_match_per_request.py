"""One live match (offered, chemistry meeting first, or accepted) per request (issue #15).

Two program leads offering one request at the same moment could leave two live matches. Before
the database refuses that, one live match of such a request stays (the accepted one if the coach
took the learner on, else the newest) and the others become "Reassigned", as if it had
superseded them.
"""

from django.db import migrations, models
from django.db.models import Count
from django.utils import timezone

LIVE = ["proposed", "chemistry", "accepted"]


def supersede_older_live_matches(apps, schema_editor):
    Match = apps.get_model("enrollment", "Match")
    doubled = (
        Match.objects.filter(status__in=LIVE)
        .values("request_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("request_id", flat=True)
    )
    for request_id in list(doubled):
        live = Match.objects.filter(request_id=request_id, status__in=LIVE)
        kept = max(live, key=lambda m: (m.status == "accepted", m.created_at, m.pk))
        live.exclude(pk=kept.pk).update(status="superseded", decided_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("enrollment", "0002_enrollment_requests"),
    ]

    operations = [
        migrations.RunPython(supersede_older_live_matches, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="match",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", LIVE)),
                fields=("request",),
                name="one_live_match_per_request",
            ),
        ),
    ]
