"""The demo administrations go through the same services as people do."""

from django.core.management import call_command

from tandem.instruments.demo import instruments_demo_seed
from tandem.instruments.models import Response
from tandem.privacy.tests.world import build_world


def test_instruments_demo_seed_gives_answers_and_leaves_one_draft(db):
    world = build_world()
    call_command("load_instruments", verbosity=0)
    made = instruments_demo_seed(
        engagement=world.e1, coach_supervisor=world.people["coach_supervisor"]
    )
    statuses = sorted(Response.objects.values_list("status", flat=True))
    assert (made, statuses) == (4, ["draft", "submitted", "submitted", "submitted"])
