"""The privacy world is built once per module (tandem/conftest.py): each test must still find
it exactly as built, whatever the test before it changed in the database or in memory."""

import pytest

from tandem.coaching.models import Note
from tandem.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("turn", ["first", "second"])
def test_each_test_finds_the_world_as_built_whatever_the_last_one_changed(world, turn):
    learner = world.people["learner"]
    assert Note.objects.filter(engagement=world.e1).count() == len(Note.CATEGORY_OF_KIND)
    assert Person.objects.get(pk=learner.pk).last_name == "Learner"
    assert (learner.last_name, world.e1.focus) == ("Learner", "Family engagement (E1)")

    # Change it all; the other turn must not see any of it.
    Note.objects.filter(engagement=world.e1).delete()
    learner.last_name = f"Changed in the {turn} turn"
    learner.save()
    world.e1.focus = "Changed in memory only"
