"""Export a version's YAML, and import files: round trips, new versions, and refusals."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tandem.instruments.models import Instrument, InstrumentVersion
from tandem.instruments.tests.builder_world import builder_world, respond


@pytest.fixture
def world(db):
    return builder_world()


@pytest.fixture
def lead_client(client, world):
    client.force_login(world.lead.user)
    return client


def _export(client, version):
    url = reverse("instruments:builder_export", args=[version.instrument.slug, version.version])
    return client.get(url)


def _import(client, content: bytes, name="check.yaml"):
    upload = SimpleUploadedFile(name, content, content_type="text/yaml")
    return client.post(reverse("instruments:builder_import"), {"file": upload})


def _error(response) -> str:
    [message] = response.context["form"].errors["file"]
    return message


def test_builder_export_downloads_the_versions_yaml(lead_client, world):
    response = _export(lead_client, world.own)
    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "text/yaml",
        'attachment; filename="our-check-v1.yaml"',
    )
    assert response.content == world.own.definition_yaml.encode()


def test_builder_export_of_a_builtin_is_allowed(lead_client, world):
    assert _export(lead_client, world.builtin).content == world.builtin.definition_yaml.encode()


def test_exported_bytes_import_unchanged(lead_client, world):
    exported = _export(lead_client, world.own).content
    response = _import(lead_client, exported, "our-check-v1.yaml")
    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages] == [
        "our-check version 1: already there, unchanged."
    ]
    assert _export(lead_client, world.own).content == exported


def test_exported_bytes_import_as_a_new_instrument_byte_for_byte(lead_client, world):
    exported = _export(lead_client, world.own).content
    world.own.instrument.delete()
    response = _import(lead_client, exported, "our-check-v1.yaml")
    version = InstrumentVersion.objects.get(instrument__slug="our-check")
    assert response.status_code == 302
    assert (version.instrument.owner.name, version.instrument.created_by) == (
        "North County",
        world.lead,
    )
    assert _export(lead_client, version).content == exported


def test_import_adds_a_new_version_of_an_own_instrument(lead_client, world):
    text = world.own.definition_yaml.replace("version: 1", "version: 2")
    response = _import(lead_client, text.encode())
    assert response.status_code == 302
    assert list(world.own.instrument.versions.values_list("version", flat=True)) == [1, 2]


def test_import_bad_yaml_names_the_file_and_line(lead_client, world):
    response = _import(lead_client, b"slug: a\ntitle: [oops\n", "broken.yaml")
    assert response.status_code == 200
    assert _error(response).startswith("broken.yaml, line 3: the YAML cannot be read")
    assert Instrument.objects.count() == 3


def test_import_schema_problem_shows_the_schema_message(lead_client, world):
    text = world.own.definition_yaml.replace("scale: agree4", "scale: agree9", 1)
    response = _import(lead_client, text.replace("our-check", "new-check").encode(), "n.yaml")
    assert _error(response) == (
        'n.yaml, line 44: sections[0].items[2] (key "listens"): item refers to scale "agree9", '
        "which is not defined under scales"
    )


def test_import_refuses_to_change_a_locked_version(lead_client, world):
    respond(world.own)
    text = world.own.definition_yaml.replace("Our check", "Our check, changed")
    response = _import(lead_client, text.encode())
    assert _error(response) == (
        "Version 1 of our-check already has responses, so its wording cannot change. "
        "Save your changes as version 2 instead."
    )
    world.own.refresh_from_db()
    assert "changed" not in world.own.definition_yaml


def test_import_refuses_a_builtin_instrument(lead_client, world):
    text = world.builtin.definition_yaml.replace("Shipped check", "Our shipped check")
    response = _import(lead_client, text.encode())
    assert _error(response) == (
        "shipped-check is one of Tandem's built-in instruments and cannot be changed. "
        "Make a copy to edit it, or give your file a different slug."
    )


def test_import_refuses_another_units_instrument(lead_client, world):
    text = world.others.definition_yaml.replace("version: 1", "version: 2")
    response = _import(lead_client, text.encode())
    assert _error(response) == (
        "south-check belongs to another unit, so you cannot change it. "
        "Give your file a different slug to make your own instrument."
    )
    assert world.others.instrument.versions.count() == 1


def test_import_refuses_a_file_that_is_not_text(lead_client, world):
    response = _import(lead_client, b"\xff\xfe\x00binary")
    assert _error(response) == "The file is not UTF-8 text; save it as UTF-8 and upload it again."
