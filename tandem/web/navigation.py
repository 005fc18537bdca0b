"""Role-aware navigation: each role has a home page; people see the homes of the roles they hold."""

from __future__ import annotations

from dataclasses import dataclass

from tandem.people.models import Role


@dataclass(frozen=True)
class Home:
    url_name: str
    label: str
    roles: frozenset[str]


# Order matters: the first home a person may open is where they land after signing in.
HOMES: tuple[Home, ...] = (
    Home("web:administration", "Administration", frozenset({Role.ADMINISTRATOR})),
    Home(
        "web:program",
        "Program",
        frozenset({Role.PROGRAM_LEAD, Role.COACH_SUPERVISOR, Role.LEADERSHIP, Role.EVALUATOR}),
    ),
    Home(
        "evaluation:overview",
        "Evaluation",
        frozenset({Role.PROGRAM_LEAD, Role.COACH_SUPERVISOR, Role.LEADERSHIP, Role.EVALUATOR}),
    ),
    Home("web:my_learners", "My learners", frozenset({Role.COACH})),
    Home("web:my_team", "My team", frozenset({Role.SUPERVISOR})),
    Home("web:my_coaching", "My coaching", frozenset({Role.LEARNER})),
)

DIRECTORY = (
    ("coaching:engagement_list", "Engagements"),
    ("agreements:mine", "Agreements"),
    ("instruments:my_instruments", "Instruments"),
    ("people:person_list", "People"),
    ("people:orgunit_list", "Organization"),
    ("people:coach_list", "Coaches"),
)


def homes_for(roles: set[str]) -> list[Home]:
    return [home for home in HOMES if home.roles & roles]
