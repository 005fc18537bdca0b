"""Loading definitions: created, unchanged, updated, and locked once answered."""

from __future__ import annotations

import pytest

from tandem.instruments.models import Instrument, InstrumentVersion, Response
from tandem.instruments.schema import DefinitionError
from tandem.instruments.selectors import (
    instrument_version_find,
    version_definition,
    version_is_locked,
)
from tandem.instruments.services import LoadOutcome, instrument_load, instrument_version_load
from tandem.instruments.tests.builders import as_yaml, data
from tandem.people.tests.factories import PersonFactory

TEXT = as_yaml(data())
CHANGED = TEXT.replace("title: Practice check", "title: Practice check (revised)")


def _respond(version: InstrumentVersion) -> Response:
    return Response.objects.create(
        version=version, respondent=PersonFactory(), answers={"ready": True}
    )


def test_instrument_version_load_creates_instrument_and_version(db):
    version = instrument_version_load(text=TEXT, origin="check.yaml", is_builtin=True)
    instrument = Instrument.objects.get()
    assert (instrument.slug, instrument.title, instrument.is_builtin) == (
        "practice-check",
        "Practice check",
        True,
    )
    assert (version.instrument, version.version, version.source, version.published) == (
        instrument,
        1,
        "check.yaml",
        True,
    )
    assert version.definition_yaml == TEXT
    assert version.definition == data()
    assert version_definition(version).item("culture").anti == "We blame."


def test_instrument_load_same_text_is_unchanged(db):
    first = instrument_load(text=TEXT, origin="check.yaml")
    second = instrument_load(text=TEXT, origin="elsewhere.yaml")
    assert (first.outcome, second.outcome) == (LoadOutcome.CREATED, LoadOutcome.UNCHANGED)
    assert second.version.pk == first.version.pk
    assert InstrumentVersion.objects.get().source == "check.yaml"


def test_instrument_load_changed_text_updates_unlocked_version(db):
    instrument_load(text=TEXT, origin="check.yaml")
    result = instrument_load(text=CHANGED, origin="check.yaml")
    assert result.outcome == LoadOutcome.UPDATED
    assert InstrumentVersion.objects.get().definition_yaml == CHANGED
    assert Instrument.objects.get().title == "Practice check (revised)"


def test_instrument_load_refuses_to_change_locked_version(tree):
    version = instrument_version_load(text=TEXT, origin="check.yaml")
    assert version_is_locked(version) is False
    _respond(version)
    assert version_is_locked(version) is True
    with pytest.raises(DefinitionError) as raised:
        instrument_load(text=CHANGED, origin="check.yaml")
    assert str(raised.value) == (
        "check.yaml: practice-check version 1 already has responses; "
        "publish the change as version 2"
    )
    assert InstrumentVersion.objects.get().definition_yaml == TEXT
    # Loading the unchanged text is still fine.
    assert instrument_load(text=TEXT, origin="check.yaml").outcome == LoadOutcome.UNCHANGED


def test_instrument_load_new_version_beside_locked_one(tree):
    _respond(instrument_version_load(text=TEXT, origin="v1.yaml"))
    version_2 = CHANGED.replace("version: 1", "version: 2")
    assert instrument_load(text=version_2, origin="v2.yaml").outcome == LoadOutcome.CREATED
    assert list(InstrumentVersion.objects.values_list("version", flat=True)) == [1, 2]
    assert Instrument.objects.get().title == "Practice check (revised)"
    assert instrument_version_find(slug="practice-check").version == 2
    assert instrument_version_find(slug="practice-check", version=1).definition_yaml == TEXT
    # Changing version 1 again now points past the highest version.
    with pytest.raises(DefinitionError) as raised:
        instrument_load(text=TEXT + "# note\n", origin="v1.yaml")
    assert str(raised.value).endswith("publish the change as version 3")


def test_instrument_load_invalid_text_stores_nothing(db):
    with pytest.raises(DefinitionError):
        instrument_load(text=TEXT.replace("type: likert", "type: likret"), origin="check.yaml")
    assert Instrument.objects.count() == 0


def test_instrument_version_find_unknown_slug(db):
    with pytest.raises(InstrumentVersion.DoesNotExist):
        instrument_version_find(slug="nothing")
