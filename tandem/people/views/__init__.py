"""The staff directory: people, the organization tree and the coach directory."""

from tandem.people.views.coaches import coach_detail, coach_list
from tandem.people.views.organization import orgunit_detail, orgunit_list
from tandem.people.views.staff import person_detail, person_list

__all__ = [
    "coach_detail",
    "coach_list",
    "orgunit_detail",
    "orgunit_list",
    "person_detail",
    "person_list",
]
