"""Observations: the consent rule (service, form, database), who records and reads them, the
audit trail, and the list page's query count."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from tandem.agreements.demo import shares_set
from tandem.instruments.models import Administration, Observation
from tandem.instruments.observation_services import ObservationError, observation_record
from tandem.instruments.tests.answering import load
from tandem.privacy.categories import DISCLOSABLE, Category, Party
from tandem.privacy.models import AccessEvent
from tandem.privacy.policy import engagement_access

CONSENT_AT = datetime(2026, 10, 5, 9, 30, tzinfo=ZoneInfo("America/Denver"))
CONSENT = {"consent_given_by": "Both parents", "consent_method": "verbal", "consent_at": CONSENT_AT}
CONSENT_FIELDS = {"consent_given_by", "consent_method", "consent_at"}


def record(world, who: str = "coach", **kwargs):
    person = world.people[who]
    values = {
        "direction": "coach_observes_learner",
        "setting": "home_visit",
        "observed_on": date(2026, 10, 5),
        "notes": "Opened with strengths",
    } | kwargs
    return observation_record(
        author=person,
        access=engagement_access(viewer=person, engagement_id=world.e1.pk),
        via="test",
        **values,
    )


def test_observation_with_family_without_consent_is_refused(world):
    with pytest.raises(ObservationError) as refused:
        record(world, families_present=True)
    assert set(refused.value.problems) == CONSENT_FIELDS
    assert Observation.objects.count() == 0


def test_observation_with_family_and_partial_consent_names_what_is_missing(world):
    with pytest.raises(ObservationError) as refused:
        record(world, families_present=True, consent_given_by="Mother")
    assert set(refused.value.problems) == {"consent_method", "consent_at"}


@pytest.mark.parametrize(
    "kwargs", [{"recorded": True}, {"setting": "recording"}], ids=["recorded", "setting"]
)
def test_observation_recording_without_consent_is_refused(world, kwargs):
    with pytest.raises(ObservationError) as refused:
        record(world, **kwargs)
    assert set(refused.value.problems) == CONSENT_FIELDS


def test_observation_with_family_and_consent_is_saved(world):
    observation = record(world, families_present=True, recorded=True, **CONSENT)
    stored = Observation.objects.get()
    assert stored.pk == observation.pk
    assert (stored.observer, stored.observed) == (world.people["coach"], world.people["learner"])
    assert (stored.consent_given_by, stored.consent_method) == ("Both parents", "verbal")
    assert stored.consent_at == CONSENT_AT


def test_observation_without_family_needs_no_consent(world):
    observation = record(world, setting="role_play")
    assert observation.consent_given_by == ""


def test_observation_with_family_without_consent_is_refused_by_database(world):
    coach, learner = world.people["coach"], world.people["learner"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Observation.objects.create(
            engagement=world.e1,
            direction="coach_observes_learner",
            observer=coach,
            observed=learner,
            setting="family_meeting",
            observed_on=date(2026, 10, 5),
            families_present=True,
            consent_given_by="Both parents",
            consent_method="verbal",
            created_by=coach,
        )


def test_observation_recording_without_consent_is_refused_by_database(world):
    coach, learner = world.people["coach"], world.people["learner"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Observation.objects.create(
            engagement=world.e1,
            direction="coach_observes_learner",
            observer=coach,
            observed=learner,
            setting="recording",
            observed_on=date(2026, 10, 5),
            created_by=coach,
        )


def test_observation_form_with_family_without_consent_shows_each_problem_and_keeps_text(
    client, world
):
    client.force_login(world.people["coach"].user)
    url = reverse("instruments:observation_new", args=[world.e1.pk])
    response = client.post(
        url,
        {
            "direction": "coach_observes_learner",
            "setting": "family_meeting",
            "observed_on": "2026-10-05",
            "notes": "Typed words to keep",
            "families_present": "on",
        },
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == CONSENT_FIELDS
    html = response.content.decode()
    assert html.count('class="usa-error-message"') == 3
    assert "Typed words to keep" in html
    assert Observation.objects.count() == 0


def test_observation_form_with_consent_saves_and_shows_it(client, world):
    client.force_login(world.people["coach"].user)
    url = reverse("instruments:observation_new", args=[world.e1.pk])
    response = client.post(
        url,
        {
            "direction": "coach_observes_learner",
            "setting": "family_meeting",
            "observed_on": "2026-10-05",
            "notes": "Asked about exceptions",
            "families_present": "on",
            "consent_given_by": "Both parents",
            "consent_method": "written",
            "consent_at": "2026-10-05T09:30",
        },
    )
    observation = Observation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("instruments:observation_detail", args=[observation.pk])
    assert observation.consent_method == "written"


def test_observation_with_rubric_goes_to_its_fill_in_page(client, world):
    version = load("formal-observation-fe-sf")
    client.force_login(world.people["coach"].user)
    url = reverse("instruments:observation_new", args=[world.e1.pk])
    response = client.post(
        url,
        {
            "direction": "coach_observes_learner",
            "setting": "role_play",
            "observed_on": "2026-10-05",
            "rubric": str(version.pk),
        },
    )
    administration = Observation.objects.get().administration
    assert response.status_code == 302
    assert response["Location"] == reverse("instruments:fill", args=[administration.pk])
    assert (administration.respondent, administration.subject, administration.engagement) == (
        world.people["coach"],
        world.people["learner"],
        world.e1,
    )
    assert administration.kind == Administration.Kind.OBSERVATION


def test_observation_rubric_for_a_demonstration_is_refused(world):
    with pytest.raises(ObservationError) as refused:
        record(
            world,
            who="learner",
            direction="learner_observes_demonstration",
            rubric=load("formal-observation-fe-sf"),
        )
    assert set(refused.value.problems) == {"rubric"}


def test_observation_of_learner_is_recorded_by_coach_only(world):
    with pytest.raises(PermissionDenied):
        record(world, who="learner")
    with pytest.raises(PermissionDenied):
        record(world, who="supervisor")
    assert Observation.objects.count() == 0


def test_observation_of_demonstration_is_recorded_by_learner_or_coach(world):
    by_learner = record(world, who="learner", direction="learner_observes_demonstration")
    by_coach = record(world, direction="learner_observes_demonstration")
    assert (by_learner.observer, by_learner.observed) == (
        world.people["learner"],
        world.people["coach"],
    )
    assert by_coach.created_by == world.people["coach"]


def test_observation_supervisor_with_everything_disclosable_shared_cannot_read_notes(client, world):
    observation = record(world, notes="NOTES-FOR-COACH-AND-LEARNER")
    shares_set(engagement=world.e1, shares={Party.SUPERVISOR: list(DISCLOSABLE)})
    client.force_login(world.people["supervisor"].user)
    pages = {
        reverse("instruments:observation_list", args=[world.e1.pk]): 403,
        reverse("instruments:observation_new", args=[world.e1.pk]): 403,
        reverse("instruments:observation_detail", args=[observation.pk]): 404,
        reverse("coaching:engagement_detail", args=[world.e1.pk]): 200,
    }
    for url, status in pages.items():
        response = client.get(url)
        assert response.status_code == status, url
        assert "NOTES-FOR-COACH-AND-LEARNER" not in response.content.decode(), url


def test_observation_learner_reads_notes_and_reads_are_audited(client, world):
    observation = record(world, notes="NOTES-FOR-COACH-AND-LEARNER")
    client.force_login(world.people["learner"].user)
    response = client.get(reverse("instruments:observation_detail", args=[observation.pk]))
    client.get(reverse("instruments:observation_list", args=[world.e1.pk]))
    assert "NOTES-FOR-COACH-AND-LEARNER" in response.content.decode()
    events = AccessEvent.objects.filter(record_type="observation").order_by("id")
    assert [(e.viewer_id, e.action, e.category, e.record_id) for e in events] == [
        (world.people["coach"].pk, "create", Category.COACH_LEARNER, observation.pk),
        (world.people["learner"].pk, "view", Category.COACH_LEARNER, observation.pk),
        (world.people["learner"].pk, "view", Category.COACH_LEARNER, observation.pk),
    ]


def test_observation_unknown_id_is_hidden(client, world):
    client.force_login(world.people["coach"].user)
    response = client.get(reverse("instruments:observation_detail", args=[999999]))
    assert response.status_code == 404


def test_observation_list_query_count_is_the_same_for_one_and_three(client, world, page_queries):
    version = load("formal-observation-fe-sf")
    url = reverse("instruments:observation_list", args=[world.e1.pk])
    client.force_login(world.people["coach"].user)
    record(world, rubric=version, families_present=True, **CONSENT)
    one = page_queries(url)
    record(world, rubric=version)
    record(world, who="learner", direction="learner_observes_demonstration")
    assert page_queries(url) == one


def test_observation_detail_links_rubric_to_fill_for_coach_only(client, world):
    observation = record(world, rubric=load("formal-observation-fe-sf"))
    url = reverse("instruments:observation_detail", args=[observation.pk])
    fill = reverse("instruments:fill", args=[observation.administration.pk])
    client.force_login(world.people["coach"].user)
    assert fill in client.get(url).content.decode()
    client.force_login(world.people["learner"].user)
    learner_page = client.get(url).content.decode()
    assert fill not in learner_page
    assert "the coach has not finished it yet" in learner_page


def test_observation_form_offers_learner_only_the_demonstration_and_no_rubric(client, world):
    client.force_login(world.people["learner"].user)
    response = client.get(reverse("instruments:observation_new", args=[world.e1.pk]))
    form = response.context["form"]
    assert response.status_code == 200
    assert [value for value, _label in form.fields["direction"].choices] == [
        "learner_observes_demonstration"
    ]
    assert "rubric" not in form.fields
