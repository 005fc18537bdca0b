"""Competency ratings and expertise: the coach and their current coach supervisor read the
ratings, nobody else; drafts are their rater's alone; program leads see facts only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.development.growth_scale import months_after, rating_is_due
from tandem.development.models import (
    CoachSupervisorAssignment,
    CompetencyRating,
    ExpertiseChange,
    ProgramSettings,
)
from tandem.development.selectors_growth import rating_intervals
from tandem.development.tests.growth_helpers import (
    coach_pair,
    rating,
    rating_form_data,
    replace_supervisor,
)
from tandem.people.models import CoachProfile, Role
from tandem.people.tests.factories import CoachProfileFactory, person_with_account
from tandem.privacy.models import AccessEvent

SELF = "SELF-MARK-51"
SUP = "SUP-MARK-52"
DRAFT = "DRAFT-MARK-53"
OUTSIDERS = ["supervisor", "program_lead", "other_coach", "other_supervisor", "leadership"]


def _pages(coach):
    return [
        reverse("development:growth_coach", args=[coach.pk]),
        reverse("development:competency_compare", args=[coach.pk]),
        reverse("development:competency_rate", args=[coach.pk]),
    ]


def test_scale_dates_and_due():
    assert months_after(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert rating_is_due(None, every_months=6, today=date(2026, 1, 1))
    assert not rating_is_due(date(2026, 1, 1), every_months=6, today=date(2026, 6, 30))
    assert rating_is_due(date(2026, 1, 1), every_months=6, today=date(2026, 7, 1))


def test_nearest_program_settings_sets_the_interval(world):
    coach = world.people["coach"]
    assert rating_intervals(units=[coach.org_unit]) == {coach.org_unit_id: 6}
    ProgramSettings.objects.create(scope=world.tree["state"], competency_every_months=12)
    ProgramSettings.objects.create(scope=world.tree["north"], competency_every_months=3)
    assert rating_intervals(units=[coach.org_unit]) == {coach.org_unit_id: 3}


@pytest.mark.parametrize("actor", ["coach", "coach_supervisor"])
def test_coach_and_supervisor_see_both_ratings_side_by_side(as_actor, world, actor):
    coach, supervisor = coach_pair(world)
    rating(coach, coach, comments=SELF, level=2)
    rating(coach, supervisor, comments=SUP, level=None)
    page = as_actor(actor).get(reverse("development:competency_compare", args=[coach.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert (SELF in text, SUP in text) == (True, True)
    assert "2 · Developing" in text and "Not observed yet" in text
    audited = AccessEvent.objects.filter(
        record_type="competency_rating", viewer=world.people[actor]
    )
    assert audited.count() == (2 if actor == "coach_supervisor" else 0)


@pytest.mark.parametrize("actor", OUTSIDERS)
def test_nobody_else_reads_ratings(as_actor, world, actor):
    coach, supervisor = coach_pair(world)
    coach.supervisor = world.people["supervisor"]  # the coach's line manager
    coach.save()
    rating(coach, coach, comments=SELF)
    rating(coach, supervisor, comments=SUP)
    for url in _pages(coach):
        page = as_actor(actor).get(url)
        assert page.status_code == 404, url
        assert SELF not in page.content.decode() and SUP not in page.content.decode()


def test_supervisor_draft_is_theirs_until_submitted(as_actor, world):
    coach, supervisor = coach_pair(world)
    draft = rating(coach, supervisor, comments=DRAFT, submitted=False)
    for url in _pages(coach):
        assert DRAFT not in as_actor("coach").get(url).content.decode()
    client = as_actor("coach_supervisor")
    assert (
        DRAFT
        in client.get(reverse("development:competency_rate", args=[coach.pk])).content.decode()
    )
    data = rating_form_data("3", version=draft.version, comments=DRAFT, submit="1")
    response = client.post(reverse("development:competency_rate", args=[coach.pk]), data)
    assert response.status_code == 302
    compare = reverse("development:competency_compare", args=[coach.pk])
    assert DRAFT in as_actor("coach").get(compare).content.decode()


def test_coach_saves_a_draft_then_submits(as_actor, world):
    coach, _ = coach_pair(world)
    client = as_actor("coach")
    url = reverse("development:competency_rate", args=[coach.pk])
    client.post(url, {"level_goals-realistic": "2", "comments": "early", "base_version": "0"})
    draft = CompetencyRating.objects.get(coach=coach)
    assert (draft.status, draft.levels) == ("draft", {"goals-realistic": 2})
    # Submitting with abilities left open is refused, and what was typed stays.
    data = {
        "level_goals-realistic": "2",
        "comments": "kept words",
        "base_version": str(draft.version),
    }
    page = client.post(url, data | {"submit": "1"})
    assert page.status_code == 400
    assert "kept words" in page.content.decode()
    page = client.post(url, rating_form_data("4", version=draft.version, submit="1"))
    draft.refresh_from_db()
    assert (page.status_code, draft.status) == (302, "submitted")
    home = client.get(reverse("development:growth_coach", args=[coach.pk])).content.decode()
    assert 'data-testid="rating-due"' not in home


def test_a_coach_cannot_mark_an_ability_not_observed(as_actor, world):
    coach, _ = coach_pair(world)
    url = reverse("development:competency_rate", args=[coach.pk])
    page = as_actor("coach").post(url, rating_form_data("not_observed", version=0))
    assert page.status_code == 400
    assert CompetencyRating.objects.count() == 0


def test_a_stale_save_gets_409_and_keeps_what_was_typed(as_actor, world):
    coach, _ = coach_pair(world)
    url = reverse("development:competency_rate", args=[coach.pk])
    client = as_actor("coach")
    client.post(url, rating_form_data("2", version=0, comments="first tab"))
    page = client.post(url, rating_form_data("3", version=0, comments="second tab"))
    assert page.status_code == 409
    assert "second tab" in page.content.decode()
    assert CompetencyRating.objects.get().comments == "first tab"


def test_autosave_keeps_the_draft_and_hands_back_its_version(as_actor, world):
    coach, _ = coach_pair(world)
    url = reverse("development:competency_autosave", args=[coach.pk])
    client = as_actor("coach")
    first = client.post(url, {"level_adult-trust": "3", "base_version": "0"})
    draft = CompetencyRating.objects.get()
    assert first.status_code == 200
    assert f'value="{draft.version}"' in first.content.decode()
    again = client.post(url, {"level_adult-trust": "4", "base_version": str(draft.version)})
    draft.refresh_from_db()
    assert (again.status_code, draft.levels) == (200, {"adult-trust": 4})
    assert client.post(url, {"base_version": "1"}).status_code == 409


def test_replaced_supervisor_reads_nothing_more_and_the_new_one_does(client, world):
    coach, former = coach_pair(world)
    rating(coach, coach, comments=SELF)
    new = replace_supervisor(world, coach)
    client.force_login(former.user)
    for url in _pages(coach):
        page = client.get(url)
        assert page.status_code == 404 and SELF not in page.content.decode()
    client.force_login(new.user)
    compare = client.get(reverse("development:competency_compare", args=[coach.pk]))
    assert SELF in compare.content.decode()


def test_program_lead_sees_facts_only(as_actor, world):
    coach, supervisor = coach_pair(world)
    rating(coach, coach, comments=SELF, level=4, days_ago=3)
    page = as_actor("program_lead").get(reverse("development:growth_facts", args=[coach.pk]))
    text = page.content.decode()
    day = timezone.localdate() - timedelta(days=3)
    assert page.status_code == 200
    assert f"Submitted a self-rating on {day:%b} {day.day}, {day.year}" in text
    assert SELF not in text and "A strength" not in text
    assert (
        as_actor("other_coach")
        .get(reverse("development:growth_facts", args=[coach.pk]))
        .status_code
        == 404
    )


def test_expertise_change_is_recorded_with_history(as_actor, world):
    coach, _ = coach_pair(world)
    url = reverse("development:expertise_change", args=[coach.pk])
    data = {"level": "competent", "since": "2026-02-01", "note": "Adapts models well"}
    assert as_actor("coach").post(url, data).status_code == 403
    assert as_actor("program_lead").post(url, data).status_code == 302
    as_actor("coach_supervisor").post(url, data | {"level": "expert", "since": "2025-01-01"})
    # The profile shows the level of the latest date, whatever order they were recorded in.
    assert CoachProfile.objects.get(person=coach).expertise_level == "competent"
    assert ExpertiseChange.objects.filter(coach=coach).count() == 2
    home = as_actor("coach").get(reverse("development:growth_coach", args=[coach.pk]))
    assert "Adapts models well" in home.content.decode()


def _coaches(world, count):
    people = []
    for n in range(count):
        person = person_with_account(
            roles=(Role.COACH,), org_unit=world.tree["ongoing"], last_name=f"Coach{n}"
        )
        CoachProfileFactory(person=person)
        CoachSupervisorAssignment.objects.create(
            coach=person, supervisor=world.people["coach_supervisor"], started_on=date(2026, 1, 1)
        )
        rating(person, person, comments="x")
        people.append(person)
    return people


@pytest.mark.parametrize(
    "name,actor", [("growth_coaches", "coach_supervisor"), ("growth_facts_list", "program_lead")]
)
def test_coach_lists_query_count(as_actor, world, page_queries, name, actor):
    client = as_actor(actor)
    url = reverse(f"development:{name}")
    _coaches(world, 1)
    one = page_queries(url, client=client)
    _coaches(world, 2)
    assert page_queries(url, client=client) == one
    assert "Coach1" in client.get(url).content.decode()


def test_a_level_set_on_the_staff_pages_joins_the_history(as_actor, world):
    coach, _ = coach_pair(world)
    profile = CoachProfile.objects.get(person=coach)
    data = {
        "coach_type": "internal",
        "expertise_level": "expert",
        "capacity": "4",
        "accepting_learners": "on",
        "office": "",
        "trained_models": "",
        "bio": "",
        "external_organization": "",
        "contract_start": "",
        "contract_end": "",
        "base_version": str(profile.version),
    }
    response = as_actor("administrator").post(
        reverse("staffing:coach_profile", args=[coach.pk]), data
    )
    assert response.status_code == 302
    change = ExpertiseChange.objects.get(coach=coach)
    assert (change.level, change.decided_by) == ("expert", world.people["administrator"])
