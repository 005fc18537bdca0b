"""Builder pages: create, edit (guided and YAML), validation messages, locking, copies,
preview, and who may open them."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils.html import escape

from tandem.instruments.builder.editor import draft_from_data
from tandem.instruments.models import InstrumentVersion
from tandem.instruments.schema import definition_parse
from tandem.instruments.tests.builder_world import (
    OWN_TEXT,
    builder_world,
    editor_post,
    respond,
)
from tandem.people.models import Role
from tandem.people.tests.factories import person_with_account


@pytest.fixture
def world(db):
    return builder_world()


@pytest.fixture
def lead_client(client, world):
    client.force_login(world.lead.user)
    return client


def _url(name, version):
    return reverse(f"instruments:{name}", args=[version.instrument.slug, version.version])


def _draft(version):
    return draft_from_data(json.loads(json.dumps(version.definition)))


def test_builder_new_creates_an_instrument_owned_by_the_leads_unit(lead_client, world):
    response = lead_client.post(
        reverse("instruments:builder_new"),
        {
            "title": "Family meeting check",
            "slug": "family-meeting-check",
            "purpose": "Coaches check their family meetings.",
            "source": "Our training team.",
            "respondent": "self",
            "subject": "none",
        },
    )
    version = InstrumentVersion.objects.get(instrument__slug="family-meeting-check")
    assert response["Location"] == _url("builder_edit", version)
    instrument = version.instrument
    assert (instrument.owner.name, instrument.created_by, instrument.is_builtin) == (
        "North County",
        world.lead,
        False,
    )
    assert (version.version, version.published, version.source) == (1, False, "builder")


def test_builder_new_with_a_taken_slug_says_so(lead_client):
    response = lead_client.post(
        reverse("instruments:builder_new"),
        {"title": "T", "slug": "shipped-check", "purpose": "P", "source": "S"}
        | {"respondent": "self", "subject": "none"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["slug"] == [
        'There is already an instrument with the short name "shipped-check".'
    ]


def test_builder_edit_saves_the_guided_editor(lead_client, world):
    draft = _draft(world.own)
    draft.sections[0].items[2].text = "We agree on next steps."
    draft.sections[0].items.append(draft.sections[0].items[2].__class__(key="new", text="New?"))
    draft.sections[0].items[-1].type = "yes_no"
    response = lead_client.post(_url("builder_edit", world.own), editor_post(draft, published=True))
    assert response.status_code == 302
    world.own.refresh_from_db()
    definition = definition_parse(world.own.definition_yaml, origin="saved")
    assert [item.text for item in definition.sections[0].items][2:] == [
        "We agree on next steps.",
        "New?",
    ]
    assert world.own.published is True


def test_builder_edit_bad_definition_shows_the_schema_message_and_keeps_the_input(
    lead_client, world
):
    before = world.own.definition_yaml
    draft = _draft(world.own)
    draft.sections[0].items[2].scale = "agree9"
    draft.sections[0].items[2].text = "Text I typed and must not lose"
    response = lead_client.post(_url("builder_edit", world.own), editor_post(draft))
    assert response.status_code == 200
    problem = 'item refers to scale "agree9", which is not defined under scales'
    assert str(response.context["error"]) == (
        f'our-check version 1: sections[0].items[2] (key "listens"): {problem}'
    )
    assert response.context["draft"].sections[0].items[2].error == problem
    html = response.content.decode()
    assert html.count(escape(problem)) == 2  # in the summary and next to the question
    assert "Text I typed and must not lose</textarea>" in html
    assert '<option value="agree9" selected>agree9 (not defined)</option>' in html
    world.own.refresh_from_db()
    assert world.own.definition_yaml == before


def test_builder_edit_buttons_change_the_page_without_saving(lead_client, world):
    before = world.own.definition_yaml
    draft = _draft(world.own)
    draft.title = "Changed but not saved"
    response = lead_client.post(_url("builder_edit", world.own), editor_post(draft, "add-item:0"))
    assert len(response.context["draft"].sections[0].items) == 4
    assert response.context["draft"].title == "Changed but not saved"
    assert "Not saved yet" in response.content.decode()
    world.own.refresh_from_db()
    assert world.own.definition_yaml == before


def test_builder_edit_page_posts_every_field_the_tests_post(lead_client, world):
    html = lead_client.get(_url("builder_edit", world.own)).content.decode()
    names = set(editor_post(_draft(world.own), published=True)) - {"action"}
    missing = {name for name in names if f'name="{name}"' not in html}
    assert missing == set()


def test_builder_yaml_bad_yaml_shows_the_line_and_keeps_the_text(lead_client, world):
    text = world.own.definition_yaml.replace("title: Our check", "title: [Our check")
    response = lead_client.post(_url("builder_yaml", world.own), {"text": text, "base_version": 1})
    assert response.status_code == 200
    [message] = response.context["form"].errors["text"]
    assert message.startswith("our-check version 1, line 3: the YAML cannot be read")
    assert response.context["form"]["text"].value() == text


def test_builder_yaml_refuses_a_changed_slug(lead_client, world):
    text = world.own.definition_yaml.replace("slug: our-check", "slug: their-check")
    response = lead_client.post(_url("builder_yaml", world.own), {"text": text, "base_version": 1})
    assert response.context["form"].errors["text"] == [
        'our-check version 1: the slug must stay "our-check"; to make another instrument, '
        'use "Make a copy"'
    ]


def test_builder_yaml_saves_text_as_typed(lead_client, world):
    text = "# kept\n" + world.own.definition_yaml.replace("Our check", "Our check, revised")
    response = lead_client.post(
        _url("builder_yaml", world.own), {"text": text.replace("\n", "\r\n"), "base_version": 1}
    )
    assert response.status_code == 302
    world.own.refresh_from_db()
    assert (world.own.definition_yaml, world.own.instrument.title) == (text, "Our check, revised")


def test_locked_version_cannot_be_edited_and_offers_a_new_version(lead_client, world):
    respond(world.own)
    before = world.own.definition_yaml
    page = lead_client.get(_url("builder_edit", world.own))
    assert page.templates[0].name == "instruments/builder_locked.html"
    refused = lead_client.post(_url("builder_edit", world.own), editor_post(_draft(world.own)))
    assert refused.status_code == 409
    refused = lead_client.post(_url("builder_yaml", world.own), {"text": "x"})
    assert refused.status_code == 409
    world.own.refresh_from_db()
    assert world.own.definition_yaml == before

    response = lead_client.post(_url("builder_next", world.own))
    second = InstrumentVersion.objects.get(instrument=world.own.instrument, version=2)
    assert response["Location"] == _url("builder_edit", second)
    assert second.definition_yaml == before.replace("version: 1", "version: 2")
    assert second.published is False
    assert lead_client.get(_url("builder_edit", second)).status_code == 200


def test_builtin_instrument_is_copied_not_edited(lead_client, world):
    assert lead_client.get(_url("builder_edit", world.builtin)).status_code == 403
    assert lead_client.post(_url("builder_next", world.builtin)).status_code == 403
    response = lead_client.post(
        _url("builder_copy", world.builtin), {"title": "Our shipped check", "slug": "ours"}
    )
    copy = InstrumentVersion.objects.get(instrument__slug="ours")
    assert response["Location"] == _url("builder_edit", copy)
    assert (copy.instrument.is_builtin, copy.instrument.owner.name, copy.version) == (
        False,
        "North County",
        1,
    )
    original = definition_parse(world.builtin.definition_yaml, origin="o")
    copied = definition_parse(copy.definition_yaml, origin="c")
    assert (copied.title, copied.sections) == ("Our shipped check", original.sections)


def test_builder_version_of_a_builtin_offers_a_copy_to_edit(lead_client, world):
    html = lead_client.get(_url("builder_version", world.builtin)).content.decode()
    assert "Make a copy to edit" in html
    assert _url("builder_edit", world.builtin) not in html


def test_builder_preview_shows_the_form_and_tries_scoring(lead_client, world):
    page = lead_client.get(_url("builder_preview", world.own))
    assert OWN_TEXT in page.content.decode()
    answers = {"answer-ready": "yes", "answer-stressed": "yes", "answer-listens": "4"}
    tried = lead_client.post(_url("builder_preview", world.own), answers | {"answer-asks": "2"})
    scores = {line.label: line.value for line in tried.context["tried"].scores}
    assert scores == {"Yes answers": "1", "No answers": "0", "Average": "3"}
    assert tried.context["tried"].red_flags == ["Stressed?"]
    assert tried.context["tried"].decision == "Ready"


def test_another_units_instrument_is_hidden_from_a_lead(lead_client, world):
    assert lead_client.get(_url("builder_version", world.others)).status_code == 404
    assert lead_client.get(_url("builder_export", world.others)).status_code == 404


@pytest.mark.parametrize("role", [Role.COACH, Role.SUPERVISOR, Role.LEARNER])
@pytest.mark.parametrize("page", ["builder_version", "builder_edit", "builder_preview"])
def test_builder_pages_are_denied_to_other_roles(client, world, role, page):
    person = person_with_account(roles=(role,), org_unit=world.lead.org_unit)
    client.force_login(person.user)
    response = client.get(_url(page, world.own))
    assert response.status_code == 403
    assert OWN_TEXT not in response.content.decode()
    assert client.get(reverse("instruments:builder_list")).status_code == 403


def test_builder_pages_send_anonymous_visitors_to_sign_in(client, world):
    response = client.get(_url("builder_edit", world.own))
    assert response["Location"].startswith(reverse("accounts:login"))


def test_builder_list_shows_own_and_builtin_instruments(lead_client, world):
    response = lead_client.get(reverse("instruments:builder_list"))
    rows = [
        (i.slug, i.newest_version, i.has_responses, i.newest_published, i.editable)
        for i in response.context["instruments"]
    ]
    assert rows == [
        ("our-check", 1, False, False, True),
        ("shipped-check", 1, False, True, False),
    ]


def test_builder_list_query_count_does_not_grow(lead_client, world, page_queries):
    url = reverse("instruments:builder_list")
    few = page_queries(url, client=lead_client)
    for number in (2, 3):
        lead_client.post(
            reverse("instruments:builder_new"),
            {"title": f"T{number}", "slug": f"t-{number}", "purpose": "P", "source": "S"}
            | {"respondent": "self", "subject": "none"},
        )
    respond(world.own)
    assert page_queries(url, client=lead_client) == few
    assert len(lead_client.get(url).context["instruments"]) == 4
