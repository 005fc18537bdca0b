"""Authorization matrix: every URL × every actor, against one declared table.

A URL added without a rule here makes `test_every_url_has_a_declared_rule` fail. Every
response is also checked for leaks: the confidential content it contains must be exactly what
the actor may see (never more), with content of every category present in the database.
"""

from __future__ import annotations

import importlib
import io
import pkgutil
import zipfile

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tandem.people.tests.factories import CoachProfileFactory
from tandem.privacy.tests.authz import (
    DENY,
    HIDDEN,
    LOGIN,
    OK,
    REDIRECT,
    REFUSED,
    STATUS,
    UNAVAILABLE,
    Rule,
    everyone,
    only,
)
from tandem.privacy.tests.world import ACTORS, allowed_markers, build_world
from tandem.staff_import.services import staff_import_create

E1_PARTIES = {
    "learner": OK,
    "coach": OK,
    "supervisor": OK,
    "program_lead": OK,
    "coach_supervisor": OK,
}
E2_PARTIES = {"other_learner": OK, "other_coach": OK}
HOME_ROLES = ("learner", "other_learner", "coach", "other_coach", "supervisor", "other_supervisor")

RULES: dict[str, list[Rule]] = {
    "accounts:login": [Rule(everyone(REDIRECT, anonymous=OK))],
    "accounts:logout": [Rule(everyone(REDIRECT, anonymous=REDIRECT), method="post")],
    "accounts:password_reset": [Rule(everyone(OK, anonymous=OK))],
    "accounts:password_reset_done": [Rule(everyone(OK, anonymous=OK))],
    "accounts:password_reset_confirm": [Rule(everyone(OK, anonymous=OK), args=("uid", "token"))],
    "accounts:password_reset_complete": [Rule(everyone(OK, anonymous=OK))],
    "accounts:sso_not_recognized": [Rule(everyone(DENY, anonymous=DENY))],
    "people:person_list": [Rule(everyone(OK))],
    "people:person_detail": [Rule(everyone(OK), args=("learner_pk",))],
    "people:orgunit_list": [Rule(everyone(OK))],
    "people:orgunit_detail": [Rule(everyone(OK), args=("intake_pk",))],
    "people:coach_list": [Rule(everyone(OK))],
    "people:coach_detail": [Rule(everyone(OK), args=("coach_profile_pk",))],
    "staff_import:upload": [Rule(only({"administrator": OK}))],
    "staff_import:example_csv": [Rule(only({"administrator": OK}))],
    "staff_import:detail": [Rule(only({"administrator": OK}), args=("import_pk",))],
    "staff_import:status": [Rule(only({"administrator": OK}), args=("import_pk",))],
    "staff_import:problems_csv": [Rule(only({"administrator": OK}), args=("import_pk",))],
    "staff_import:uploaded_file": [Rule(only({"administrator": OK}), args=("import_pk",))],
    "coaching:engagement_list": [Rule(everyone(OK))],
    "coaching:engagement_detail": [
        Rule(only(E1_PARTIES, otherwise=HIDDEN), args=("e1",)),
        Rule(only(E2_PARTIES, otherwise=HIDDEN), args=("e2",)),
    ],
    "coaching:note_add": [
        Rule(
            only(
                {
                    "learner": REDIRECT,
                    "coach": REDIRECT,
                    "supervisor": DENY,
                    "program_lead": DENY,
                    "coach_supervisor": DENY,
                },
                otherwise=HIDDEN,
            ),
            args=("e1",),
            method="post",
            data={"kind": "action_step", "body": "Call back Tuesday"},
        ),
        Rule(
            only({"other_learner": REDIRECT, "other_coach": REDIRECT}, otherwise=HIDDEN),
            args=("e2",),
            method="post",
            data={"kind": "action_step", "body": "Call back Tuesday"},
        ),
    ],
    "coaching:session_add": [
        Rule(
            only(
                {
                    "coach": REDIRECT,
                    "learner": DENY,
                    "supervisor": DENY,
                    "program_lead": DENY,
                    "coach_supervisor": DENY,
                },
                otherwise=HIDDEN,
            ),
            args=("e1",),
            method="post",
            data={
                "starts_at": "2026-11-20T10:00",
                "duration_minutes": 60,
                "purpose": "coaching",
                "status": "held",
            },
        ),
        Rule(
            only({"other_coach": REFUSED, "other_learner": DENY}, otherwise=HIDDEN),
            args=("e2",),
            method="post",
            data={
                "starts_at": "2026-11-20T10:00",
                "duration_minutes": 60,
                "purpose": "coaching",
                "status": "held",
            },
        ),
    ],
    "privacy:my_record": [Rule(everyone(OK))],
    # Each person changes only their own choice: the request names nobody else.
    "privacy:research_consent": [
        Rule(everyone(REDIRECT), method="post", data={"choice": "decline"})
    ],
    "privacy:access_patterns": [Rule(only({"program_lead": OK}))],
    "privacy:sharing": [
        Rule(
            only(
                {
                    "learner": OK,
                    "coach": OK,
                    "supervisor": DENY,
                    "program_lead": DENY,
                    "coach_supervisor": DENY,
                },
                otherwise=HIDDEN,
            ),
            args=("e1",),
        ),
        Rule(only(E2_PARTIES, otherwise=HIDDEN), args=("e2",)),
    ],
    "privacy:disclosure_new": [
        Rule(
            only(
                {
                    "coach": OK,
                    "learner": DENY,
                    "supervisor": DENY,
                    "program_lead": DENY,
                    "coach_supervisor": DENY,
                },
                otherwise=HIDDEN,
            ),
            args=("e1",),
        ),
        Rule(only({"other_coach": OK, "other_learner": DENY}, otherwise=HIDDEN), args=("e2",)),
    ],
    "web:home": [Rule(everyone(REDIRECT, anonymous=REDIRECT))],
    "web:baseline": [Rule(everyone(OK))],
    "web:my_coaching": [Rule(only({actor: OK for actor in HOME_ROLES}))],
    "web:my_learners": [Rule(only({"coach": OK, "other_coach": OK}))],
    "web:my_team": [Rule(only({"supervisor": OK, "other_supervisor": OK}))],
    # Nobody in the world is an observer (tandem/web/tests/test_coach_today.py has two).
    "web:my_ratings": [Rule(only({}))],
    "web:program": [
        Rule(only({"leadership": OK, "program_lead": OK, "coach_supervisor": OK, "evaluator": OK}))
    ],
    "web:administration": [Rule(only({"administrator": OK}))],
    # Job statuses and heartbeats: no agency data, administrators only.
    "web:jobs": [Rule(only({"administrator": OK}))],
    # Health checks for a load balancer: open to all, and they say nothing about the data.
    "healthz": [Rule(everyone(OK, anonymous=OK))],
    "readyz": [Rule(everyone(UNAVAILABLE, anonymous=UNAVAILABLE))],
    # Links only; each page it links to has its own rules (development/tests/authz_*.py).
    "web:coach_development": [
        Rule(only({"coach": OK, "other_coach": OK, "program_lead": OK, "coach_supervisor": OK}))
    ],
    # The administrator's staff pages (roles and coach profiles): administrators only.
    "staffing:staff_list": [Rule(only({"administrator": OK}))],
    "staffing:staff_detail": [Rule(only({"administrator": OK}), args=("learner_pk",))],
    "staffing:role_add": [
        Rule(only({"administrator": REFUSED}), args=("learner_pk",), method="post")
    ],
    "staffing:role_remove": [
        Rule(
            only({"administrator": REDIRECT}),
            args=("learner_pk", "learner_role_pk"),
            method="post",
        )
    ],
    "staffing:coach_profile": [Rule(only({"administrator": OK}), args=("learner_pk",))],
    "staffing:coach_stop": [
        Rule(only({"administrator": REDIRECT}), args=("coach_pk",), method="post")
    ],
}

# Django admin is one rule for all its URLs: data stewards only, and it holds no coaching
# content at all (see test_wall.py). Single sign-on URLs exist only when OIDC is configured.
GROUPS = {"admin"}


def _url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns in GROUPS:
                continue
            yield from _url_names(pattern.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_has_a_declared_rule():
    names = set(_url_names(get_resolver().url_patterns))
    assert names - set(RULES) == set(), "declare these URLs in RULES"
    assert set(RULES) - names == set(), "these rules name URLs that no longer exist"


def test_every_rule_covers_every_actor():
    for name, rules in RULES.items():
        for rule in rules:
            assert set(rule.expect) == set(ACTORS), name


def _app_rule_modules():
    import tandem

    for module in pkgutil.iter_modules(tandem.__path__):
        if not module.ispkg:
            continue
        try:
            yield importlib.import_module(f"tandem.{module.name}.tests.authz_rules")
        except ModuleNotFoundError as error:
            if not f"tandem.{module.name}.tests.authz_rules".startswith(error.name or "-"):
                raise


APP_RULE_MODULES = list(_app_rule_modules())
for _module in APP_RULE_MODULES:
    assert not set(_module.RULES) & set(RULES), f"{_module.__name__} redeclares a URL"
    RULES |= _module.RULES

CASES = [
    (name, index, actor)
    for name, rules in RULES.items()
    for index, rule in enumerate(rules)
    for actor in ACTORS
]


def _build_matrix_world():
    world = build_world()
    profile = CoachProfileFactory(person=world.people["coach"])
    staff_import = staff_import_create(
        uploaded_by=world.people["administrator"], file_name="hr.csv", content=b"work_email\n"
    )
    world.objects = {
        "e1": world.e1.pk,
        "e2": world.e2.pk,
        "learner_pk": world.people["learner"].pk,
        "intake_pk": world.tree["intake"].pk,
        "coach_profile_pk": profile.pk,
        "coach_pk": world.people["coach"].pk,
        "learner_role_pk": world.people["learner"].role_assignments.get().pk,
        "import_pk": staff_import.pk,
        "uid": "MQ",
        "token": "set-password",
    }
    world.needles = {}
    for module in APP_RULE_MODULES:
        world.objects |= module.objects(world)
        if hasattr(module, "needles"):
            world.needles |= module.needles(world)
    return world


@pytest.fixture(scope="module")
def matrix_world_once(module_db):
    def build():
        world = _build_matrix_world()
        # One signed-in session per actor, made once: each case sends its actor's cookie
        # instead of signing in again (the sessions' rows live as long as the module's world).
        world.sessions = {}
        for actor, person in world.people.items():
            signer = Client()
            signer.force_login(person.user)
            world.sessions[actor] = signer.cookies[settings.SESSION_COOKIE_NAME].value
        return world

    return module_db(build)


@pytest.fixture
def matrix_world(matrix_world_once, db):
    """Built once for the ~4,000 cases. A case's request changes rows, which roll back with its
    savepoint, never these Python objects, so the cases share them without a copy."""
    return matrix_world_once


def _text(response) -> str:
    """What a response shows: its body, or for a file download (a zip, an XLSX workbook),
    every file inside it, so leaks are looked for in the data, not in compressed bytes."""
    if not response.streaming:
        return response.content.decode(errors="replace")
    body = b"".join(response.streaming_content)  # read to the end, which closes it
    if not zipfile.is_zipfile(io.BytesIO(body)):
        return body.decode(errors="replace")
    archive = zipfile.ZipFile(io.BytesIO(body))
    return "\n".join(archive.read(name).decode(errors="replace") for name in archive.namelist())


@pytest.mark.parametrize("name,index,actor", CASES, ids=[f"{n}[{i}]-{a}" for n, i, a in CASES])
def test_matrix(client, matrix_world, name, index, actor):
    rule = RULES[name][index]
    world = matrix_world
    if actor != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[actor]
    url = reverse(name, args=[world.objects[arg] for arg in rule.args])
    response = getattr(client, rule.method)(url, rule.data)
    expected = rule.expect[actor]
    assert response.status_code in STATUS[expected], f"{actor} {rule.method.upper()} {url}"
    if expected == LOGIN:
        assert response["Location"].startswith(reverse("accounts:login"))
    content = _text(response)
    assert world.markers_in(content) <= allowed_markers(actor), f"leak to {actor} at {url}"
    leaked = {
        text for text, allowed in world.needles.items() if text in content and actor not in allowed
    }
    assert leaked == set(), f"leak to {actor} at {url}"


@pytest.mark.parametrize("actor", ACTORS)
def test_matrix_admin_is_for_data_stewards_only(client, matrix_world, actor):
    world = matrix_world
    if actor != "anonymous":
        client.force_login(world.people[actor].user)
    response = client.get("/admin/")
    expected = 200 if actor == "administrator" else 302
    assert response.status_code == expected
    assert world.markers_in(response.content.decode()) == set()
