import pytest

from tandem.people.models import Role
from tandem.people.tests.factories import make_tree, person_with_account


@pytest.fixture
def org(db):
    tree = make_tree()
    return {
        "tree": tree,
        "lead": person_with_account(roles=(Role.PROGRAM_LEAD,), org_unit=tree["north_office"]),
        "south_lead": person_with_account(
            roles=(Role.PROGRAM_LEAD,), org_unit=tree["south_office"]
        ),
        "coach": person_with_account(roles=(Role.COACH,), org_unit=tree["ongoing"]),
        "south_coach": person_with_account(roles=(Role.COACH,), org_unit=tree["permanency"]),
        "learner": person_with_account(org_unit=tree["intake"]),
    }
