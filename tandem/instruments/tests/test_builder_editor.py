"""The guided editor's working copy: faithful round trips, buttons, and where errors go."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tandem.instruments.builder.draft_data import data_from_draft, draft_mark_error
from tandem.instruments.builder.dump import definition_dump, top_field_set
from tandem.instruments.builder.editor import draft_apply, draft_from_data, draft_from_post
from tandem.instruments.definition import DefinitionError
from tandem.instruments.schema import definition_from_data, definition_parse
from tandem.instruments.tests.builder_world import editor_post
from tandem.instruments.tests.builders import data
from tandem.instruments.yaml_text import yaml_load

DEFINITIONS = sorted(
    (Path(__file__).resolve().parents[1] / "definitions").glob("*/v*.yaml"), key=str
)


def _json(value: object) -> dict:
    return json.loads(json.dumps(value))


@pytest.mark.parametrize("path", DEFINITIONS, ids=lambda p: p.parent.name)
def test_draft_round_trip_keeps_every_builtin_definition(path):
    original = _json(yaml_load(path.read_text(), origin=path.name))
    draft = draft_from_post(editor_post(draft_from_data(original)), slug="x", version=1)
    draft.slug, draft.version = original["slug"], original["version"]
    rebuilt = data_from_draft(draft, origin="test")
    assert definition_from_data(rebuilt, origin="test") == definition_from_data(
        original, origin="test"
    )


def test_definition_dump_reads_back_as_the_same_data():
    original = data()
    assert _json(yaml_load(definition_dump(original), origin="t")) == _json(original)


def test_top_field_set_keeps_comments_and_layout():
    text = "# our wording\nslug: a-check   # stable\ntitle: A check\nversion: 1\n"
    changed = top_field_set(text, {"version": 2, "slug": "b-check"})
    assert changed == "# our wording\nslug: b-check  # stable\ntitle: A check\nversion: 2\n"


def test_top_field_set_rewrites_a_folded_title():
    text = definition_dump(data()).replace("title: Practice check", "title: >\n  Practice check")
    changed = top_field_set(text, {"title": "Copy"})
    assert definition_parse(changed, origin="t").title == "Copy"


def test_draft_apply_adds_moves_and_removes_items():
    draft = draft_from_data(_json(data()))
    first, second = (item.key for item in draft.sections[0].items[:2])
    assert draft_apply(draft, "item-down:0:0") == "section-0"
    assert [item.key for item in draft.sections[0].items[:2]] == [second, first]
    assert draft_apply(draft, "add-item:0") == "section-0-item-3"
    assert (draft.sections[0].items[3].key, draft.sections[0].items[3].scale) == (
        "item-1",
        "agree4",
    )
    draft_apply(draft, "remove-item:0:0")
    assert [item.key for item in draft.sections[0].items] == [first, "listens", "item-1"]


def test_draft_apply_adds_sections_and_scales_with_unused_keys():
    draft = draft_from_data(_json(data()))
    assert draft_apply(draft, "add-section") == "section-2"
    assert draft_apply(draft, "add-scale") == "scale-2"
    assert (draft.sections[2].key, draft.scales[2].name) == ("section-1", "scale-1")
    assert draft_apply(draft, "remove-section:9") is None
    assert draft_apply(draft, "item-up:0:x") is None
    assert len(draft.sections) == 3


def test_data_from_draft_keeps_what_was_typed_for_the_schema_to_judge():
    draft = draft_from_data(_json(data()))
    draft.sections[1].items[4].min = "ten"
    with pytest.raises(DefinitionError) as raised:
        definition_from_data(data_from_draft(draft, origin="check"), origin="check")
    assert raised.value.problem == '"min" must be a number'
    assert draft_mark_error(draft, raised.value) == "section-1-item-4"
    assert draft.sections[1].items[4].error == '"min" must be a number'
    assert draft.sections[1].items[4].min == "ten"


def test_draft_mark_error_finds_scales_and_scoring():
    draft = draft_from_data(_json(data()))
    draft.scales[1].points = "1 = Most\nx = Less"
    with pytest.raises(DefinitionError) as raised:
        definition_from_data(data_from_draft(draft, origin="check"), origin="check")
    assert draft_mark_error(draft, raised.value) == "scale-1"
    assert draft.scales[1].error == '"value" must be a whole number'
    draft.scoring = "scoring: [\n"
    with pytest.raises(DefinitionError) as raised:
        data_from_draft(draft, origin="check")
    assert draft_mark_error(draft, raised.value) == "scoring"
    assert draft.scoring_error.startswith("check (scoring rules), line ")


def test_two_scales_with_one_name_are_refused():
    draft = draft_from_data(_json(data()))
    draft.scales[1].name = "agree4"
    with pytest.raises(DefinitionError) as raised:
        data_from_draft(draft, origin="check")
    assert str(raised.value) == 'check: scales.agree4: two scales have the name "agree4"'
