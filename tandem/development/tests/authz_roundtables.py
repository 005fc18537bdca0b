"""Authorization matrix rules for the roundtables pages (merged by authz_rules.py).

North County's roundtable: facilitated by the coach supervisor, with the coach and the coach
supervisor as members. The program lead (North County) oversees its schedule and attendance
but reads none of its content (agenda, resources, consultations: the needles)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from tandem.development.models import (
    Consultation,
    Roundtable,
    RoundtableAttendance,
    RoundtableMeeting,
    RoundtableResource,
)
from tandem.people.models import Role, RoleAssignment
from tandem.people.tests.factories import PersonFactory
from tandem.privacy.tests.authz import DENY, HIDDEN, OK, REDIRECT, Rule, only

AGENDA = "LEAK-RT-AGENDA"
RESOURCE = "LEAK-RT-RESOURCE"
FILE_TITLE = "LEAK-RT-FILETITLE"
FILE_BODY = "LEAK-RT-FILEBODY"
CONSULTATION = "LEAK-RT-CONSULTATION"
MATRIX_FILE = "roundtables/matrix/reading-list.txt"


def _content(outcome: str) -> dict[str, str]:
    """Members and the facilitator; the program lead overseeing it is told it does not exist."""
    return only({"coach": outcome, "coach_supervisor": outcome}, otherwise=HIDDEN)


def _open(outcome: str) -> dict[str, str]:
    """Members, the facilitator and the program lead who oversees the schedule."""
    return only(
        {"coach": outcome, "coach_supervisor": outcome, "program_lead": outcome}, otherwise=HIDDEN
    )


def _manage(outcome: str) -> dict[str, str]:
    """The facilitator and the program lead; a member is refused; anyone else finds nothing."""
    return only(
        {"coach": DENY, "coach_supervisor": outcome, "program_lead": outcome}, otherwise=HIDDEN
    )


MEETING = ("rt", "rt_meeting")
UPCOMING = ("rt", "rt_upcoming")

RULES: dict[str, list[Rule]] = {
    "development:roundtables": [
        Rule(only({"coach": OK, "other_coach": OK, "coach_supervisor": OK, "program_lead": OK}))
    ],
    "development:roundtable_create": [
        Rule(only({"coach_supervisor": OK, "program_lead": OK})),
        Rule(
            only({"coach_supervisor": REDIRECT, "program_lead": REDIRECT}),
            method="post",
            data={
                "name": "North County roundtable two",
                "level": "county",
                "scope": "{north}",
                "facilitator": "{coach_supervisor}",
                "every_weeks": "4",
            },
        ),
    ],
    "development:roundtable_detail": [Rule(_open(OK), args=("rt",))],
    "development:roundtable_members": [
        Rule(_manage(OK), args=("rt",)),
        Rule(_manage(OK), args=("rt",), data={"q": "Othercoach"}),
        Rule(_manage(REDIRECT), args=("rt",), method="post", data={"people": "{rt_new_coach}"}),
    ],
    "development:roundtable_member_remove": [
        Rule(_manage(REDIRECT), args=("rt", "rt_member_coach"), method="post")
    ],
    "development:roundtable_leave": [
        Rule(
            only({"coach": REDIRECT, "coach_supervisor": REDIRECT, "program_lead": DENY}, HIDDEN),
            args=("rt",),
            method="post",
        )
    ],
    "development:roundtable_meeting_schedule": [
        Rule(_manage(OK), args=("rt",)),
        Rule(
            _manage(REDIRECT),
            args=("rt",),
            method="post",
            data={
                "starts_at": "2027-05-04T14:00",
                "duration_minutes": "90",
                "place": "Room 2",
                "count": "3",
            },
        ),
    ],
    "development:roundtable_meeting": [Rule(_open(OK), args=MEETING)],
    "development:roundtable_meeting_agenda": [
        Rule(
            _content(REDIRECT),
            args=MEETING,
            method="post",
            data={"agenda": "Openings that work", "base_version": "1"},
        )
    ],
    "development:roundtable_meeting_consultation": [
        Rule(
            _content(REDIRECT),
            args=MEETING,
            method="post",
            data={"situation": "A learner keeps postponing; how to raise it kindly?"},
        )
    ],
    "development:roundtable_meeting_edit": [
        Rule(_manage(OK), args=UPCOMING),
        Rule(
            _manage(REDIRECT),
            args=UPCOMING,
            method="post",
            data={
                "starts_at": "2027-06-01T10:00",
                "duration_minutes": "60",
                "place": "Video",
                "base_version": "1",
            },
        ),
    ],
    "development:roundtable_meeting_cancel": [
        Rule(_manage(REDIRECT), args=UPCOMING, method="post")
    ],
    "development:roundtable_meeting_attendance": [
        Rule(_manage(OK), args=MEETING),
        Rule(_manage(REDIRECT), args=MEETING, method="post", data={"attended": "{coach}"}),
    ],
    "development:roundtable_meeting_ics": [Rule(_open(OK), args=MEETING)],
    "development:roundtable_resources": [
        Rule(_content(OK), args=("rt",)),
        Rule(
            _content(REDIRECT),
            args=("rt",),
            method="post",
            data={"title": "Reflective questions", "url": "https://example.org/questions"},
        ),
    ],
    "development:roundtable_resource_file": [Rule(_content(OK), args=("rt", "rt_file"))],
}


# Form data naming a world object ("{coach}") is filled in once the world is built.
_TEMPLATES = [
    (rule, key, value[1:-1])
    for rules in RULES.values()
    for rule in rules
    for key, value in rule.data.items()
    if isinstance(value, str) and value.startswith("{") and value.endswith("}")
]


def _fill(ids: dict[str, str]) -> None:
    for rule, key, name in _TEMPLATES:
        rule.data[key] = ids[name]


def objects(world: Any) -> dict[str, int | str]:
    p = world.people
    now = timezone.now()
    newcomer = PersonFactory(org_unit=world.tree["intake"], last_name="Newcoach")
    RoleAssignment.objects.create(person=newcomer, role=Role.COACH, scope=world.tree["north"])
    ids = {name: str(person.pk) for name, person in p.items()}
    _fill(ids | {"north": str(world.tree["north"].pk), "rt_new_coach": str(newcomer.pk)})
    roundtable = Roundtable.objects.create(
        name="North County coaches' roundtable",
        level=Roundtable.Level.COUNTY,
        scope=world.tree["north"],
        facilitator=p["coach_supervisor"],
        purpose="Learning from each other's coaching.",
        every_weeks=4,
        created_by=p["program_lead"],
    )
    roundtable.members.add(p["coach"], p["coach_supervisor"])
    meeting = RoundtableMeeting.objects.create(
        roundtable=roundtable,
        starts_at=now - timedelta(days=10),
        place="North Main Office, room 4",
        agenda=f"{AGENDA} openings",
    )
    upcoming = RoundtableMeeting.objects.create(
        roundtable=roundtable, starts_at=now + timedelta(days=18), place="Video"
    )
    RoundtableAttendance.objects.create(meeting=meeting, person=p["coach"], attended=True)
    RoundtableResource.objects.create(
        roundtable=roundtable,
        title=f"{RESOURCE} reading",
        url="https://example.org/reading",
        added_by=p["coach"],
    )
    if not default_storage.exists(MATRIX_FILE):
        default_storage.save(MATRIX_FILE, ContentFile(f"{FILE_BODY}\n".encode()))
    file_resource = RoundtableResource.objects.create(
        roundtable=roundtable, title=f"{FILE_TITLE} notes", file=MATRIX_FILE, added_by=p["coach"]
    )
    Consultation.objects.create(
        meeting=meeting, brought_by=p["coach"], situation=f"{CONSULTATION} a stuck goal"
    )
    return {
        "rt": roundtable.pk,
        "rt_meeting": meeting.pk,
        "rt_upcoming": upcoming.pk,
        "rt_file": file_resource.pk,
        "rt_member_coach": p["coach"].pk,
    }


def needles(world: Any) -> dict[str, set[str]]:
    members = {"coach", "coach_supervisor"}
    return {needle: members for needle in (AGENDA, RESOURCE, FILE_TITLE, FILE_BODY, CONSULTATION)}
