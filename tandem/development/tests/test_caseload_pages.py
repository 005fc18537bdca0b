"""Caseloads and fidelity tied to practice (issue #17 items 3 and 4): the numbers on a small
world with known sessions, who sees which coach's caseload and ratings (and who no longer does
once a coach supervisor is replaced), refusals when observing a session, query counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from tandem.agreements.demo import agreement_in_force_create
from tandem.coaching.models import CoachingSession, Engagement, EngagementMember
from tandem.development.models import CoachSupervisorAssignment
from tandem.development.selectors_caseload import caseloads, coaches_queryset, with_load
from tandem.development.services_fidelity import practice_observation_request
from tandem.instruments.administration_services import AssignError
from tandem.instruments.tests.answering import answer_and_submit, load
from tandem.people.models import CoachProfile, Person, Role, RoleAssignment
from tandem.people.tests.factories import make_tree, person_with_account
from tandem.privacy.responses import response_get
from tandem.testing import fresh

HELD, SCHEDULED = CoachingSession.Status.HELD, CoachingSession.Status.SCHEDULED
MARKER = "Zanzibar-caseload-marker"


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


@dataclass
class World:
    p: dict[str, Person]
    e: dict[str, Engagement]
    s: dict[str, CoachingSession]
    tree: dict


def _coach(unit, name: str, capacity: int) -> Person:  # type: ignore[no-untyped-def]
    coach = person_with_account(roles=(Role.COACH,), org_unit=unit, last_name=name)
    CoachProfile.objects.create(
        person=coach,
        coach_type=CoachProfile.CoachType.INTERNAL,
        capacity=capacity,
        expertise_level=CoachProfile.Expertise.COMPETENT,
    )
    return coach


def _engagement(learner: Person, coach: Person, started: date, **kw) -> Engagement:  # type: ignore[no-untyped-def]
    kw.setdefault("status", Engagement.Status.ACTIVE)
    return Engagement.objects.create(learner=learner, coach=coach, started_on=started, **kw)


def _session(engagement: Engagement, day: date, status: str = HELD) -> CoachingSession:
    return CoachingSession.objects.create(engagement=engagement, starts_at=_at(day), status=status)


def build() -> World:
    today = timezone.localdate()
    tree = make_tree()
    p: dict[str, Person] = {}
    p["manager"] = person_with_account(
        roles=(Role.SUPERVISOR,), org_unit=tree["ongoing"], last_name="Manager"
    )
    p["a"] = _coach(tree["ongoing"], "Acoach", 4)
    p["a"].supervisor = p["manager"]
    p["a"].save()
    p["b"] = _coach(tree["permanency"], "Bcoach", 2)
    # Coach supervisors whose role scope (South County) does not cover coach A (North).
    p["sup1"] = person_with_account(
        roles=(Role.COACH_SUPERVISOR,), org_unit=tree["south_office"], last_name="Supone"
    )
    p["sup2"] = person_with_account(
        roles=(Role.COACH_SUPERVISOR,), org_unit=tree["south_office"], last_name="Suptwo"
    )
    p["lead_north"] = person_with_account(
        roles=(Role.PROGRAM_LEAD,), org_unit=tree["north_office"], last_name="Leadnorth"
    )
    p["lead_south"] = person_with_account(
        roles=(Role.PROGRAM_LEAD,), org_unit=tree["south_office"], last_name="Leadsouth"
    )
    for n in range(1, 7):
        p[f"l{n}"] = person_with_account(org_unit=tree["intake"], last_name=f"Learner{n}")
    CoachSupervisorAssignment.objects.create(
        coach=p["a"], supervisor=p["sup1"], started_on=today - timedelta(days=200)
    )
    e = {
        "e1": _engagement(p["l1"], p["a"], today - timedelta(days=60)),
        "e2": _engagement(p["l2"], p["a"], today - timedelta(days=60)),
        "g": _engagement(p["l3"], p["a"], today - timedelta(days=30), kind=Engagement.Kind.GROUP),
        "closed": _engagement(
            p["l6"], p["a"], today - timedelta(days=300), status=Engagement.Status.CLOSED
        ),
        "b1": _engagement(p["l6"], p["b"], today - timedelta(days=10)),
    }
    now = timezone.now()
    EngagementMember.objects.create(engagement=e["g"], person=p["l4"], accepted_at=now)
    EngagementMember.objects.create(
        engagement=e["g"], person=p["l5"], accepted_at=now, left_on=today
    )
    s = {
        "e1_first": _session(e["e1"], today - timedelta(days=50)),
        "e1_recent": _session(e["e1"], today - timedelta(days=10)),
        "e1_last": _session(e["e1"], today - timedelta(days=3)),
        "g_first": _session(e["g"], today - timedelta(days=26)),
        "g_waiting": _session(e["g"], today - timedelta(days=2), SCHEDULED),
        "closed_old": _session(e["closed"], today - timedelta(days=5)),
        "b1_first": _session(e["b1"], today - timedelta(days=5)),
    }
    agreement_in_force_create(engagement=e["e1"], shares={})
    load("coaching-practices-rating")
    return World(p, e, s, tree)


@pytest.fixture(scope="module")
def built(module_db):  # type: ignore[no-untyped-def]
    return module_db(build)


@pytest.fixture
def w(built, db) -> World:  # type: ignore[no-untyped-def]
    return fresh(built)


def _facts(*coaches: Person):  # type: ignore[no-untyped-def]
    annotated = with_load(coaches_queryset().filter(pk__in=[c.pk for c in coaches]))
    rows = {c.coach_id: c for c in caseloads(coaches=list(annotated))}
    return [rows[c.pk] for c in coaches]


# --- The numbers -----------------------------------------------------------------------------


def test_caseload_numbers_on_a_known_world(w):
    a, b = _facts(w.p["a"], w.p["b"])
    # Two individual learners, the group's learner and the member who stayed (not the one who
    # left); the closed coaching does not count.
    assert (a.learners, a.capacity, a.load_percent, a.over_capacity) == (4, 4, 100, False)
    # Held in the last four weeks: days 26, 10 and 3 (not day 50, not the closed coaching's).
    assert (a.held_last_weeks, a.sessions_per_week) == (3 + 1, 1.0)
    assert a.outcomes_missing == 1
    assert a.stalled == 1  # e2: no session in 60 days
    # First held session: e1 after 10 days, the group after 4, the closed one after 295.
    assert (a.median_days_to_first, a.first_sessions) == (10.0, 3)
    assert (b.learners, b.load_percent, b.held_last_weeks, b.stalled) == (1, 50, 1, 0)
    assert (b.outcomes_missing, b.median_days_to_first) == (0, 5.0)


# --- Who sees a caseload ---------------------------------------------------------------------


def _get(client, person: Person, name: str, *args: int):  # type: ignore[no-untyped-def]
    client.force_login(person.user)
    return client.get(reverse(f"development:{name}", args=args))


def test_my_caseload_shows_the_coach_their_facts(client, w):
    page = _get(client, w.p["a"], "caseload_mine")
    assert page.status_code == 200
    assert "4 of a capacity of 4" in page.content.decode()
    assert "Learner1" not in page.content.decode()  # facts only, no learner names


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("a", 200),
        ("sup1", 200),
        ("lead_north", 200),
        ("b", 404),
        ("manager", 404),
        ("l1", 404),
        ("lead_south", 404),
    ],
)
def test_coach_caseload_for_allowed_and_denied(client, w, who, status):
    assert _get(client, w.p[who], "caseload_coach", w.p["a"].pk).status_code == status


def test_replaced_coach_supervisor_no_longer_sees_the_caseload(client, w):
    CoachSupervisorAssignment.objects.filter(coach=w.p["a"]).update(ended_on=timezone.localdate())
    CoachSupervisorAssignment.objects.create(
        coach=w.p["a"], supervisor=w.p["sup2"], started_on=timezone.localdate()
    )
    assert _get(client, w.p["sup1"], "caseload_coach", w.p["a"].pk).status_code == 404
    assert _get(client, w.p["sup2"], "caseload_coach", w.p["a"].pk).status_code == 200
    listing = _get(client, w.p["sup1"], "caseload_supervised").content.decode()
    assert "Acoach" not in listing


def test_supervised_list_shows_the_supervisors_coaches(client, w):
    page = _get(client, w.p["sup1"], "caseload_supervised")
    assert page.status_code == 200 and "Acoach" in page.content.decode()


def test_workload_is_for_program_leads_in_scope(client, w):
    page = _get(client, w.p["lead_north"], "workload").content.decode()
    assert "Acoach" in page and "Bcoach" not in page and "Learner1" not in page
    assert _get(client, w.p["sup1"], "workload").status_code == 403
    assert _get(client, w.p["a"], "workload").status_code == 403


def test_workload_filters_by_office(client, w):
    client.force_login(w.p["lead_north"].user)
    url = reverse("development:workload")
    page = client.get(url, {"office": w.tree["south_office"].pk})
    assert page.status_code == 200  # an office outside the scope is not a choice
    assert "Select a valid choice" in page.content.decode()
    page = client.get(url, {"office": w.tree["north_office"].pk, "sort": "name"})
    assert "Acoach" in page.content.decode()


def _more_coaches(w: World, n: int, supervisor: Person | None = None) -> None:
    today = timezone.localdate()
    for i in range(n):
        coach = _coach(w.tree["intake"], f"Extra{i}", 3)
        learner = person_with_account(org_unit=w.tree["intake"], last_name=f"Xl{i}")
        engagement = _engagement(learner, coach, today - timedelta(days=20))
        _session(engagement, today - timedelta(days=4))
        _session(engagement, today - timedelta(days=1), SCHEDULED)
        if supervisor is not None:
            CoachSupervisorAssignment.objects.create(
                coach=coach, supervisor=supervisor, started_on=today
            )


def test_workload_query_count_same_for_one_and_three_coaches(w, client, page_queries):
    client.force_login(w.p["lead_north"].user)
    url = reverse("development:workload")
    one = page_queries(url)
    _more_coaches(w, 2)
    assert page_queries(url) == one


def test_supervised_query_count_same_for_one_and_three_coaches(w, client, page_queries):
    client.force_login(w.p["sup1"].user)
    url = reverse("development:caseload_supervised")
    one = page_queries(url)
    _more_coaches(w, 2, supervisor=w.p["sup1"])
    assert page_queries(url) == one


# --- Fidelity tied to a session --------------------------------------------------------------


def _observe(
    w: World,
    *,
    by: str = "sup1",
    observer: str = "b",
    session: str = "e1_recent",
    agreed: bool = True,
):  # type: ignore[no-untyped-def]
    return practice_observation_request(
        assigned_by=w.p[by],
        coach=w.p["a"],
        session=w.s[session],
        observer=w.p[observer],
        learner_agreed=agreed,
        via="test",
    )


def test_assigned_supervisor_asks_a_peer_to_observe_a_session(client, w):
    administration = _observe(w)
    assert (administration.session, administration.subject) == (w.s["e1_recent"], w.p["a"])
    answer_and_submit(administration, text=MARKER, value=2)
    for who in ("a", "sup1"):
        page = _get(client, w.p[who], "fidelity_coach", w.p["a"].pk).content.decode()
        assert "3.00" in page and "Peer coach" in page and MARKER not in page
    mine = _get(client, w.p["a"], "fidelity_mine").content.decode()
    assert "3.00" in mine


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"observer": "a"}, "respondent"),  # the coach does not observe themself
        ({"observer": "l1"}, "respondent"),  # nor does one of their learners
        ({"session": "g_first"}, "session"),  # the group has no agreement in force
        ({"agreed": False}, "learner_agreed"),
    ],
)
def test_observation_refused_with_the_reason(w, kwargs, field):
    with pytest.raises(AssignError) as refused:
        _observe(w, **kwargs)
    assert refused.value.field == field and str(refused.value)


def test_observation_of_a_session_without_observation_consent_says_why(w):
    agreement = w.e["e1"].agreement
    version = agreement.in_force_version
    version.content = {**version.content, "observation_consent": ""}
    version.save()
    with pytest.raises(AssignError, match="says nothing about observation"):
        _observe(w)


def test_only_overseers_ask_for_observations(w):
    with pytest.raises(PermissionDenied):
        _observe(w, by="lead_south")
    with pytest.raises(PermissionDenied):
        _observe(w, by="b")


def test_replaced_coach_supervisor_no_longer_reads_the_ratings(client, w):
    administration = _observe(w)
    answer_and_submit(administration, text=MARKER, value=2)
    CoachSupervisorAssignment.objects.filter(coach=w.p["a"]).update(ended_on=timezone.localdate())
    CoachSupervisorAssignment.objects.create(
        coach=w.p["a"], supervisor=w.p["sup2"], started_on=timezone.localdate()
    )
    with pytest.raises(Http404):
        response_get(viewer=w.p["sup1"], administration_id=administration.pk)
    assert _get(client, w.p["sup1"], "fidelity_coach", w.p["a"].pk).status_code == 404
    assert response_get(viewer=w.p["sup2"], administration_id=administration.pk).can_view
    page = _get(client, w.p["sup2"], "fidelity_coach", w.p["a"].pk).content.decode()
    assert "3.00" in page and MARKER not in page


def test_replaced_supervisor_whose_scope_covers_the_coach_still_reads(w):
    RoleAssignment.objects.create(
        person=w.p["sup1"], role=Role.COACH_SUPERVISOR, scope=w.tree["north"]
    )
    administration = _observe(w)
    answer_and_submit(administration, value=2)
    CoachSupervisorAssignment.objects.filter(coach=w.p["a"]).update(ended_on=timezone.localdate())
    assert response_get(viewer=w.p["sup1"], administration_id=administration.pk).can_view


def test_fidelity_page_denied_to_others(client, w):
    administration = _observe(w)
    answer_and_submit(administration, value=2)
    for who in ("b", "manager", "l1", "lead_south"):
        assert _get(client, w.p[who], "fidelity_coach", w.p["a"].pk).status_code == 404


def test_observe_page_keeps_choices_and_refuses_without_consent(client, w):
    client.force_login(w.p["sup1"].user)
    url = reverse("development:fidelity_observe", args=(w.p["a"].pk,))
    page = client.post(
        url, {"session": w.s["g_first"].pk, "observer": w.p["sup1"].pk, "learner_agreed": "on"}
    )
    assert page.status_code == 400
    assert "no agreement in force" in page.content.decode()
    page = client.post(
        url, {"session": w.s["e1_recent"].pk, "observer": w.p["sup1"].pk, "learner_agreed": "on"}
    )
    assert page.status_code == 302  # the observer is the one asking: on to the form


def test_fidelity_query_count_same_for_one_and_three_ratings(w, client, page_queries):
    answer_and_submit(_observe(w), value=2)
    client.force_login(w.p["sup1"].user)
    url = reverse("development:fidelity_coach", args=(w.p["a"].pk,))
    one = page_queries(url)
    answer_and_submit(_observe(w, session="e1_last"), value=3)
    answer_and_submit(_observe(w, observer="sup1", session="e1_first"), value=1)
    assert page_queries(url) == one
