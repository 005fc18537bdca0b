"""The coach directory (filters, search, pagination) and a coach's profile page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.people.models import CoachProfile, Competency, Language, Modality, PracticeArea
from tandem.people.tests.factories import CoachProfileFactory, PersonFactory
from tandem.people.tests.html import parse

pytestmark = pytest.mark.django_db

LIST_URL = reverse("people:coach_list")


def coach_names(content):
    return parse(content).texts("h3", class_="usa-card__heading")


@pytest.fixture
def vocab(db):
    return {
        "family": PracticeArea.objects.create(name="Family engagement"),
        "safety": PracticeArea.objects.create(name="Safety assessment"),
        "english": Language.objects.create(name="English"),
        "spanish": Language.objects.create(name="Spanish"),
        # Modalities and competencies are reference data loaded by a migration.
        "video": Modality.objects.get(code="video"),
        "person": Modality.objects.get(code="in_person"),
    }


def _coach(first, last, unit, **kwargs):
    m2m = {k: kwargs.pop(k, []) for k in ("practice_areas", "languages", "modalities")}
    profile = CoachProfileFactory(
        person=PersonFactory(first_name=first, last_name=last, org_unit=unit), **kwargs
    )
    for name, values in m2m.items():
        getattr(profile, name).set(values)
    return profile


@pytest.fixture
def coaches(tree, vocab):
    return {
        "amy": _coach(
            "Amy",
            "Adams",
            tree["intake"],
            practice_areas=[vocab["family"]],
            languages=[vocab["english"], vocab["spanish"]],
            modalities=[vocab["video"]],
            expertise_level=CoachProfile.Expertise.EXPERT,
            office=tree["north_office"],
        ),
        "bo": _coach(
            "Bo",
            "Brown",
            tree["permanency"],
            practice_areas=[vocab["safety"]],
            languages=[vocab["english"]],
            modalities=[vocab["person"], vocab["video"]],
            coach_type=CoachProfile.CoachType.PEER,
            accepting_learners=False,
        ),
        # Works for the state, but based in a North County office.
        "cat": _coach(
            "Cat",
            "Clark",
            tree["state"],
            coach_type=CoachProfile.CoachType.EXTERNAL,
            external_organization="Coaching Co-op",
            office=tree["north_office"],
            practice_areas=[vocab["family"], vocab["safety"]],
        ),
        "gone": _coach("Gil", "Gone", tree["intake"]),
    }


@pytest.fixture
def with_separated(coaches):
    gone = coaches["gone"].person
    gone.is_active = False
    gone.save()
    return coaches


def test_coach_list_shows_active_coaches_with_their_details(viewer_client, with_separated):
    response = viewer_client.get(LIST_URL)
    assert coach_names(response.content) == ["Amy Adams", "Bo Brown", "Cat Clark"]
    card = parse(response.content).find_all("li", class_="usa-card")[0]
    assert card.find("p").text == "Internal coach · Expert"
    assert dict(zip(card.texts("dt"), card.texts("dd"), strict=True)) == {
        "Practice areas": "Family engagement",
        "Languages": "English, Spanish",
        "How coaching happens": "Video call",
        "Office": "North Main Office",
        "Capacity": "Up to 6 learners at a time",
    }
    assert card.find("span", class_="usa-tag").text == "Accepting new learners"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "BROWN"}, ["Bo Brown"]),
        ({"practice_area": "family"}, ["Amy Adams", "Cat Clark"]),
        ({"language": "spanish"}, ["Amy Adams"]),
        ({"modality": "video"}, ["Amy Adams", "Bo Brown"]),
        ({"coach_type": "peer"}, ["Bo Brown"]),
        ({"expertise_level": "expert"}, ["Amy Adams"]),
        ({"accepting": "no"}, ["Bo Brown"]),
        ({"accepting": "yes"}, ["Amy Adams", "Cat Clark"]),
        ({"agency": "north"}, ["Amy Adams", "Cat Clark"]),
        ({"agency": "south"}, ["Bo Brown"]),
        ({"practice_area": "safety", "modality": "video"}, ["Bo Brown"]),
    ],
)
def test_coach_list_filters_return_exactly_the_matching_coaches(
    viewer_client, tree, vocab, with_separated, params, expected
):
    objects = {**vocab, **tree}
    query = {
        key: value
        if key in ("q", "coach_type", "expertise_level", "accepting")
        else objects[value].pk
        for key, value in params.items()
    }
    assert coach_names(viewer_client.get(LIST_URL, query).content) == expected


def test_coach_list_paginates(viewer_client, tree):
    for n in range(27):
        _coach("Coach", f"Number{n:02d}", tree["intake"])
    second = viewer_client.get(LIST_URL, {"page": 2})
    assert coach_names(second.content) == ["Coach Number25", "Coach Number26"]
    assert parse(second.content).find("h2", id="result-count").text == "27 coaches (page 2 of 2)"


def test_coach_list_escapes_names(viewer_client, tree):
    _coach("<script>alert(1)</script>", "Xss", tree["intake"])
    response = viewer_client.get(LIST_URL)
    assert b"<script>alert(1)</script>" not in response.content
    assert coach_names(response.content) == ["<script>alert(1)</script> Xss"]


def test_coach_list_query_count_does_not_grow_with_coaches(
    viewer_client, tree, vocab, page_queries
):
    everything = {
        "practice_areas": [vocab["family"], vocab["safety"]],
        "languages": [vocab["english"]],
        "modalities": [vocab["video"], vocab["person"]],
    }
    _coach("Coach", "One", tree["intake"], office=tree["north_office"], **everything)
    one = page_queries(LIST_URL, client=viewer_client)
    for n in range(29):
        _coach("Coach", f"Many{n}", tree["permanency"], office=tree["south_office"], **everything)
    assert page_queries(LIST_URL, client=viewer_client) == one


# --- Coach profile page ---


def test_coach_detail_shows_profile_and_competencies_by_strategy(viewer_client, coaches):
    picked = Competency.objects.filter(
        code__in=["adult-trust", "feedback-encouragement", "feedback-listening", "goals-realistic"]
    )
    profile = coaches["amy"]
    profile.competencies.set(picked)
    profile.trained_models = "Solution-focused coaching"
    profile.bio = "Twenty years in child welfare.\n\nLoves <b>data</b>."
    profile.save()

    response = viewer_client.get(reverse("people:coach_detail", args=[profile.pk]))
    page = parse(response.content)
    assert page.find("h1").text == "Amy Adams"
    assert page.texts("h3") == [
        "Setting goals",
        "Feedback, reflection and change",
        "Adult learning in every interaction",
    ]
    assert [ul.texts("li") for ul in page.find("main").find_all("ul", class_="usa-list")] == [
        ["Helps the learner set goals that are both reachable and a stretch"],
        [
            "Listens actively: attends, clarifies, reflects, sums up and gives feedback",
            "Supports and encourages",
        ],
        ["Builds trust"],
    ]
    facts = dict(zip(page.texts("dt"), page.texts("dd"), strict=True))
    assert facts["Languages"] == "English, Spanish"
    assert facts["Coaching models trained in"] == "Solution-focused coaching"
    assert facts["New learners"] == "Accepting new learners"
    assert b"Loves &lt;b&gt;data&lt;/b&gt;." in response.content
    assert page.find_all("div", class_="usa-alert--warning") == []


def test_coach_detail_of_external_coach_shows_contract(viewer_client, coaches):
    profile = coaches["cat"]
    profile.contract_start = datetime.date(2025, 1, 1)
    profile.contract_end = timezone.localdate() + datetime.timedelta(days=30)
    profile.save()
    page = parse(viewer_client.get(reverse("people:coach_detail", args=[profile.pk])).content)
    facts = dict(zip(page.texts("dt"), page.texts("dd"), strict=True))
    assert facts["Organization"] == "Coaching Co-op"
    assert facts["Contract starts"] == "Jan 1, 2025"
    assert page.find_all("div", class_="usa-alert--warning") == []


def test_coach_detail_warns_when_external_contract_has_ended(viewer_client, coaches):
    profile = coaches["cat"]
    profile.contract_start = datetime.date(2023, 1, 1)
    profile.contract_end = timezone.localdate() - datetime.timedelta(days=1)
    profile.save()
    page = parse(viewer_client.get(reverse("people:coach_detail", args=[profile.pk])).content)
    warning = page.find("div", class_="usa-alert--warning")
    assert warning.find("h2").text == "Contract ended"
    ended = profile.contract_end.strftime("%b %-d, %Y")
    assert warning.find("p").text == (
        f"This coach's contract ended on {ended}. "
        "Check with your program lead before matching a learner with them."
    )
