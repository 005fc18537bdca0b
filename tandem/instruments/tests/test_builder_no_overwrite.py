"""No silent overwrite of an instrument being built (docs/RELIABILITY.md): two program leads of
the owning unit (or two tabs) open the same version in the guided editor or as YAML; the second
save answers 409 with both definitions, the first save stays, and the second lead's work stays
on the page."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tandem.instruments.builder.editor import draft_from_data
from tandem.instruments.tests.builder_world import builder_world, editor_post
from tandem.ui.locking import INCOMPLETE
from tandem.ui.tests.helpers import as_posted, conflict_sides


@pytest.fixture
def world(db):
    return builder_world()


@pytest.fixture
def lead_client(client, world):
    client.force_login(world.lead.user)
    return client


def _url(name, version):
    return reverse(f"instruments:{name}", args=[version.instrument.slug, version.version])


def _opened(version):
    """The guided editor's draft as a tab opens it."""
    return draft_from_data(json.loads(json.dumps(version.definition)))


def test_two_tabs_in_the_guided_editor_never_overwrite_each_other(lead_client, world):
    url = _url("builder_edit", world.own)
    assert lead_client.get(url).context["base_version"] == 1
    tab_one, tab_two = _opened(world.own), _opened(world.own)
    tab_one.title = "TAB-ONE title"
    tab_two.purpose = "TAB-TWO purpose"

    assert lead_client.post(url, editor_post(tab_one)).status_code == 302
    page = lead_client.post(url, editor_post(tab_two))

    assert page.status_code == 409
    theirs, yours = conflict_sides(page.content.decode())
    assert ("TAB-ONE title" in theirs, "TAB-TWO purpose" in yours) == (True, True)
    world.own.refresh_from_db()
    assert (world.own.definition["title"], world.own.edit_version) == ("TAB-ONE title", 2)
    assert "TAB-TWO purpose" not in world.own.definition_yaml
    # The second tab's work is still in the editor, which now starts from the saved edit.
    assert (page.context["draft"].purpose, page.context["base_version"]) == ("TAB-TWO purpose", 2)
    assert 'name="base_version" value="2"' in page.content.decode()


def test_the_guided_editor_saves_nothing_without_the_version_it_opened(lead_client, world):
    post = editor_post(_opened(world.own))
    del post["base_version"]
    page = lead_client.post(_url("builder_edit", world.own), post)
    assert page.context["error"] == INCOMPLETE
    world.own.refresh_from_db()
    assert world.own.edit_version == 1


def test_two_tabs_editing_the_yaml_never_overwrite_each_other(lead_client, world):
    url = _url("builder_yaml", world.own)
    tab_one, tab_two = lead_client.get(url).context["form"], lead_client.get(url).context["form"]
    text = world.own.definition_yaml
    one = text.replace("title: Our check", "title: TAB-ONE check")
    two = "# TAB-TWO comment\n" + text

    assert lead_client.post(url, as_posted(tab_one, text=one)).status_code == 302
    page = lead_client.post(url, as_posted(tab_two, text=two))

    assert page.status_code == 409
    theirs, yours = conflict_sides(page.content.decode())
    assert ("TAB-ONE check" in theirs, "TAB-TWO comment" in yours) == (True, True)
    world.own.refresh_from_db()
    assert world.own.definition_yaml == one
    form = page.context["form"]
    assert (form["text"].value(), form["base_version"].value()) == (two, "2")


def test_an_import_makes_an_open_edit_page_stale(lead_client, world):
    url = _url("builder_yaml", world.own)
    opened = lead_client.get(url).context["form"]
    text = world.own.definition_yaml.replace("title: Our check", "title: Imported check")
    upload = reverse("instruments:builder_import")
    file = SimpleUploadedFile("our-check.yaml", text.encode(), content_type="text/yaml")
    assert lead_client.post(upload, {"file": file}).status_code == 302
    page = lead_client.post(url, as_posted(opened, text="# mine\n" + world.own.definition_yaml))
    assert page.status_code == 409
    world.own.refresh_from_db()
    assert world.own.definition["title"] == "Imported check"
