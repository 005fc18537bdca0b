"""Role-aware navigation: each role has a home page; people see the homes of the roles they hold."""

from __future__ import annotations

from dataclasses import dataclass

from tandem.people.models import Role


@dataclass(frozen=True)
class Home:
    url_name: str
    label: str
    roles: frozenset[str]
    # Whom this home greets after signing in (default: everyone it is for). Leadership and
    # evaluators see the program's counts but land on the evaluation, which answers their
    # question: does coaching work?
    lands: frozenset[str] | None = None

    def lands_for(self, roles: set[str]) -> bool:
        return bool((self.roles if self.lands is None else self.lands) & roles)


PROGRAM_ROLES = frozenset(
    {Role.PROGRAM_LEAD, Role.COACH_SUPERVISOR, Role.LEADERSHIP, Role.EVALUATOR}
)

# Order matters: it is the navigation's order, and the first home that lands a person is where
# they go after signing in.
HOMES: tuple[Home, ...] = (
    Home("web:administration", "Administration", frozenset({Role.ADMINISTRATOR})),
    Home("web:program", "Program", PROGRAM_ROLES, lands=frozenset({Role.PROGRAM_LEAD})),
    Home(
        "evaluation:overview",
        "Evaluation",
        PROGRAM_ROLES,
        lands=frozenset({Role.LEADERSHIP, Role.EVALUATOR}),
    ),
    Home("web:my_learners", "My learners", frozenset({Role.COACH})),
    Home("web:my_team", "My team", frozenset({Role.SUPERVISOR})),
    Home("web:my_ratings", "My ratings", frozenset({Role.OBSERVER})),
    Home("web:my_coaching", "My coaching", frozenset({Role.LEARNER})),
    # A coach supervisor's day is about the coaches they supervise (issue #17). Program leads
    # open it from the Program page, which keeps their navigation on one line.
    Home(
        "web:coach_development",
        "Coach development",
        frozenset({Role.COACH, Role.COACH_SUPERVISOR}),
        lands=frozenset({Role.COACH_SUPERVISOR}),
    ),
)

# Directory pages about coaching are of no use to someone who is only an administrator (who
# never reads coaching records); leaving them out keeps the administrator's navigation on one
# line.
COACHING_ROLES = frozenset(Role.values) - {Role.ADMINISTRATOR}
DIRECTORY = (
    ("coaching:engagement_list", "Engagements", COACHING_ROLES),
    ("agreements:mine", "Agreements", COACHING_ROLES),
    ("instruments:my_instruments", "Instruments", COACHING_ROLES),
)
# Who is who, under one "Directory" menu so the navigation fits one line for every mix of roles.
WHO_IS_WHO = (
    ("people:person_list", "People"),
    ("people:orgunit_list", "Organization"),
    ("people:coach_list", "Coaches"),
)


def homes_for(roles: set[str]) -> list[Home]:
    return [home for home in HOMES if home.roles & roles]


# Where a person lands when several homes would have them: the program's pages before a
# person's own coaching, so a coach supervisor who is also a learner starts with the coaches
# they supervise. The navigation keeps HOMES' order.
LANDING_ORDER = (
    "web:administration",
    "web:program",
    "evaluation:overview",
    "web:coach_development",
)


def landing_for(roles: set[str]) -> Home | None:
    """The home a person goes to after signing in."""
    first = [home for name in LANDING_ORDER for home in HOMES if home.url_name == name]
    ordered = first + [home for home in HOMES if home not in first]
    return next((home for home in ordered if home.lands_for(roles)), None)


def directory_for(roles: set[str]) -> list[tuple[str, str]]:
    """The directory pages in the navigation of a person holding `roles` (all of them for a
    person with no role yet: the pages themselves say what there is)."""
    return [(name, label) for name, label, whom in DIRECTORY if not roles or whom & roles]
