"""Fill-in, autosave and results pages: bad input next to its question, the draft stays,
results with interpretation and change over time; query counts for list and results pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.instruments.administration_services import administration_assign
from tandem.instruments.models import Administration, Response
from tandem.instruments.tests.answering import answer_and_submit, load


@pytest.fixture
def learner_client(client, world):
    client.force_login(world.people["learner"].user)
    return client


def _give(world, slug="supervisory-coaching-skills", **kwargs):
    learner = world.people["learner"]
    return administration_assign(
        assigned_by=learner, version=load(slug), respondent=learner, **kwargs
    )


def _fill_url(administration):
    return reverse("instruments:fill", args=[administration.pk])


def test_fill_shows_first_section_with_radios(learner_client, world):
    administration = _give(world)
    page = learner_client.get(_fill_url(administration)).content.decode()
    assert 'name="answer.trusted" value="4"' in page
    assert "Part 1 of 2: How I coach the people I supervise" in page


def test_fill_post_out_of_range_shows_message_next_to_item_and_keeps_other_answers(
    learner_client, world
):
    administration = _give(world)
    response = learner_client.post(
        _fill_url(administration),
        {"section": "0", "revision": "0", "answer.trusted": "9", "answer.delegation": "2"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="q-trusted-error" role="alert">Choose a number from 1 to 4.</span>' in page
    assert Response.objects.get().answers == {"delegation": 2}


def test_fill_post_tampered_field_names_are_refused_with_a_message(learner_client, world):
    administration = _give(world)
    response = learner_client.post(
        _fill_url(administration), {"section": "0", "revision": "0", "answer.bogus": "1"}
    )
    assert response.status_code == 400
    assert "not on this page" in response.content.decode()


def test_fill_post_tampered_revision_keeps_typed_text_and_says_why(learner_client, world):
    administration = _give(world, "coach-skills")
    learner_client.post(
        _fill_url(administration), {"section": "0", "revision": "0", "answer.trust-competence": "3"}
    )
    response = learner_client.post(
        _fill_url(administration),
        {"section": "1", "revision": "0", "answer.room-to-grow": "Typed in another tab"},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "changed in another tab or window" in page
    assert "Typed in another tab" in page
    assert "room-to-grow" not in Response.objects.get().answers


def test_fill_next_saves_and_moves_on(learner_client, world):
    administration = _give(world)
    response = learner_client.post(
        _fill_url(administration),
        {"section": "0", "revision": "0", "answer.trusted": "3", "action": "next"},
    )
    assert response["Location"] == f"{_fill_url(administration)}?section=1"
    assert Response.objects.get().answers == {"trusted": 3}


def test_autosave_answers_with_saved_time_and_new_revision(learner_client, world):
    administration = _give(world)
    url = reverse("instruments:autosave", args=[administration.pk])
    page = learner_client.post(
        url, {"section": "0", "revision": "0", "answer.trusted": "3"}
    ).content.decode()
    assert "Draft saved at" in page
    assert 'name="revision" id="revision" value="1" hx-swap-oob="true"' in page


def test_submit_with_missing_items_shows_first_section_with_messages(learner_client, world):
    administration = _give(world)
    response = learner_client.post(
        _fill_url(administration), {"section": "1", "revision": "0", "action": "submit"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Some answers need a change before you can submit" in page
    assert 'id="q-trusted-error" role="alert">Choose a number from 1 to 4.</span>' in page
    assert Response.objects.get().status == Response.Status.DRAFT


def test_results_show_scores_bands_and_change_over_time(learner_client, world):
    first = _give(world)
    answer_and_submit(first, value=1)
    second = _give(world)
    answer_and_submit(second, value=3)
    page = learner_client.get(reverse("instruments:results", args=[second.pk])).content.decode()
    assert "Mostly strengths" in page
    assert "Change over time" in page
    assert "+2" in page  # average went from 2 to 4


def test_results_pre_post_difference(learner_client, world):
    version = load("supervisory-coaching-skills")
    learner = world.people["learner"]
    pre = administration_assign(
        assigned_by=learner, version=version, respondent=learner, phase=Administration.Phase.PRE
    )
    post = administration_assign(
        assigned_by=learner,
        version=version,
        respondent=learner,
        phase=Administration.Phase.POST,
        pre=pre,
    )
    answer_and_submit(pre, value=0)
    answer_and_submit(post, value=2)
    page = learner_client.get(reverse("instruments:results", args=[post.pk])).content.decode()
    assert "Before and after" in page
    assert "+2" in page


def test_results_of_unshared_self_assessment_hidden_from_coach(client, world):
    administration = _give(world, "coach-skills", engagement=world.e1)
    answer_and_submit(administration, text="My private worry")
    client.force_login(world.people["coach"].user)
    url = reverse("instruments:results", args=[administration.pk])
    assert client.get(url).status_code == 404
    client.force_login(world.people["learner"].user)
    client.post(reverse("instruments:share", args=[administration.pk]))
    client.force_login(world.people["coach"].user)
    assert "My private worry" in client.get(url).content.decode()


def test_my_instruments_query_count_does_not_grow(learner_client, world, page_queries):
    url = reverse("instruments:my_instruments")
    _give(world)
    answer_and_submit(_give(world))
    one = page_queries(url, client=learner_client)
    for _ in range(2):
        _give(world)
        answer_and_submit(_give(world))
    assert page_queries(url, client=learner_client) == one


def test_results_query_count_does_not_grow_with_history(learner_client, world, page_queries):
    first = _give(world)
    answer_and_submit(first)
    url = reverse("instruments:results", args=[first.pk])
    one = page_queries(url, client=learner_client)
    for _ in range(2):
        answer_and_submit(_give(world))
    assert page_queries(url, client=learner_client) == one
