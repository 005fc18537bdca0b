"""Definitions: what a valid file becomes, and the exact message for each kind of mistake."""

from __future__ import annotations

import pytest

from tandem.instruments.schema import (
    Band,
    DefinitionError,
    Point,
    definition_from_data,
    definition_parse,
)
from tandem.instruments.tests.builders import as_yaml, data


def _error(value: dict) -> str:
    with pytest.raises(DefinitionError) as raised:
        definition_from_data(value, origin="check.yaml")
    return str(raised.value)


def _item(value: dict, section: int, index: int) -> dict:
    return value["sections"][section]["items"][index]


def test_definition_parse_reads_every_part():
    definition = definition_parse(as_yaml(data()), origin="check.yaml")
    assert (definition.slug, definition.version, definition.subject) == (
        "practice-check",
        1,
        "none",
    )
    assert [item.key for item in definition.items] == [
        "ready",
        "stressed",
        "listens",
        "asks",
        "plans",
        "culture",
        "setting",
        "minutes",
        "held-on",
        "comments",
    ]
    rank = definition.scales["rank3"]
    assert (rank.points[0], rank.not_applicable, rank.not_applicable_value) == (
        Point(1, "Most important"),
        "Not part of my job",
        4,
    )
    asks = definition.item("asks")
    assert (asks.section, asks.subscale, asks.scale, asks.required) == (
        "more",
        "skills",
        definition.scales["agree4"],
        True,
    )
    assert [(note.key, note.label) for note in asks.notes] == [("examples", "Examples")]
    assert definition.item("comments").required is False
    assert definition.item("stressed").red_flag is True
    assert definition.scoring[2].bands[1] == Band("Room to grow", "", 1, 2.5)
    assert definition.decision is not None and definition.decision.equal.label == "Talk it through"


def test_definition_parse_keeps_no_and_dates_as_text():
    # YAML 1.1 would read `No` as false and the date as a date; people mean the words.
    text = (
        as_yaml(data())
        .replace("label: Office", "label: No")
        .replace("title: About you", "title: 2025-03-31")
    )
    definition = definition_parse(text, origin="check.yaml")
    assert definition.item("setting").options[1].label == "No"
    assert definition.sections[0].title == "2025-03-31"


def test_definition_parse_reports_yaml_syntax_with_line():
    with pytest.raises(DefinitionError) as raised:
        definition_parse("slug: x\ntitle: [unclosed\nversion: 1\n", origin="bad.yaml")
    assert str(raised.value) == (
        "bad.yaml, line 3: the YAML cannot be read: while parsing a flow sequence: "
        "expected ',' or ']', but got ':'"
    )


def test_definition_parse_reports_line_of_problem_item():
    text = as_yaml(data()).replace(
        "type: likert\n    text: Listens", "type: likret\n    text: Listens"
    )
    assert "type: likret" in text
    line = text.splitlines().index("    type: likret") + 1
    with pytest.raises(DefinitionError) as raised:
        definition_parse(text, origin="check.yaml")
    assert str(raised.value) == (
        f'check.yaml, line {line}: sections[0].items[2] (key "listens"): unknown item type '
        '"likret"; use one of: likert, yes_no, paired, choice, number, date, text'
    )


def test_definition_parse_rejects_repeated_field():
    with pytest.raises(DefinitionError) as raised:
        definition_parse("slug: x\ntitle: A\ntitle: B\n", origin="check.yaml")
    assert (
        str(raised.value) == 'check.yaml, line 3: the field "title" appears twice (first on line 2)'
    )


def test_definition_parse_rejects_empty_file():
    with pytest.raises(DefinitionError) as raised:
        definition_parse("# nothing yet\n", origin="check.yaml")
    assert str(raised.value) == "check.yaml: the file is empty"


def test_schema_rejects_unknown_top_level_field():
    value = data(titel="Practice check")
    assert _error(value) == 'check.yaml: unknown top-level field "titel" (did you mean "title"?)'


def test_schema_rejects_missing_required_field():
    assert _error(data(source=None)) == 'check.yaml: the required field "source" is missing'


def test_schema_rejects_bad_slug_and_version():
    assert _error(data(slug="Practice Check")) == (
        'check.yaml: the slug "Practice Check" must use lowercase letters, digits and hyphens'
    )
    assert _error(data(version="1")) == 'check.yaml: "version" must be a whole number'


def test_schema_rejects_unknown_respondent():
    assert _error(data(respondent="peer")) == (
        'check.yaml: unknown respondent "peer"; use one of: self, observer, other'
    )


def test_schema_rejects_unknown_item_type():
    value = data()
    _item(value, 1, 0)["type"] = "likret"
    assert _error(value) == (
        'check.yaml: sections[1].items[0] (key "asks"): unknown item type "likret"; '
        "use one of: likert, yes_no, paired, choice, number, date, text"
    )


def test_schema_rejects_undefined_scale():
    value = data()
    _item(value, 1, 0)["scale"] = "agree5"
    assert _error(value) == (
        'check.yaml: sections[1].items[0] (key "asks"): item refers to scale "agree5", '
        "which is not defined under scales"
    )


def test_schema_rejects_duplicate_item_key_across_sections():
    value = data()
    _item(value, 1, 0)["key"] = "ready"
    assert _error(value) == (
        'check.yaml: sections[1].items[0] (key "ready"): two items have the key "ready"; '
        "keys must be unique"
    )


def test_schema_rejects_paired_item_without_anti():
    value = data()
    del _item(value, 1, 2)["anti"]
    assert _error(value) == (
        'check.yaml: sections[1].items[2] (key "culture"): a paired item needs both "pro" and '
        '"anti" statements; "anti" is missing'
    )


def test_schema_rejects_scale_on_yes_no_item():
    value = data()
    _item(value, 0, 0)["scale"] = "agree4"
    assert (
        _error(value)
        == 'check.yaml: sections[0].items[0] (key "ready"): a yes_no item cannot have "scale"'
    )


def test_schema_rejects_red_flag_on_likert_item():
    value = data()
    _item(value, 0, 2)["red_flag"] = True
    assert _error(value) == (
        'check.yaml: sections[0].items[2] (key "listens"): a likert item cannot have "red_flag"'
    )


def test_schema_rejects_misspelled_item_field():
    value = data()
    _item(value, 0, 2)["txt"] = "Listens"
    assert _error(value) == (
        'check.yaml: sections[0].items[2] (key "listens"): unknown field "txt" (did you mean "text"?)'
    )


def test_schema_rejects_scale_with_one_point():
    value = data()
    value["scales"]["agree4"]["points"] = [{"value": 1, "label": "Yes"}]
    assert _error(value) == "check.yaml: scales.agree4: a scale needs at least 2 points"


def test_schema_rejects_not_applicable_value_on_the_scale():
    value = data()
    value["scales"]["rank3"]["not_applicable"]["value"] = 3
    assert _error(value) == (
        "check.yaml: scales.rank3.not_applicable: the not-applicable value 3 is also a point on "
        "the scale"
    )


def test_schema_rejects_overlapping_bands():
    value = data()
    value["scoring"][2]["bands"][1]["max"] = 3
    assert _error(value) == (
        'check.yaml: scoring[2] (key "mean").bands[1]: bands[0] and bands[1] overlap '
        "(3 to 4 and 1 to 3)"
    )


def test_schema_rejects_decision_on_unknown_score():
    value = data()
    value["decision"]["compare"] = ["yes", "maybe"]
    assert _error(value) == 'check.yaml: decision: the decision compares unknown score "maybe"'


def test_schema_rejects_decision_without_tie_branch():
    value = data()
    del value["decision"]["equal"]
    assert _error(value) == (
        'check.yaml: decision: the required field "equal" is missing '
        "(ties must be decided explicitly)"
    )


def test_schema_rejects_score_listing_a_text_item():
    value = data()
    value["scoring"][2]["items"] = ["listens", "comments"]
    assert _error(value) == (
        'check.yaml: scoring[2] (key "mean"): the score lists item "comments", a text item; '
        '"mean" uses likert and number items'
    )


def test_schema_rejects_unknown_method_and_section():
    value = data()
    value["scoring"][0]["method"] = "average"
    assert _error(value) == (
        'check.yaml: scoring[0] (key "yes"): unknown scoring method "average"; use one of: '
        "sum, mean, count_yes, count_no, pro_total, anti_total"
    )
    value = data()
    value["scoring"][0]["section"] = "later"
    assert _error(value) == (
        'check.yaml: scoring[0] (key "yes"): the score selects section "later", which is not '
        "defined"
    )


def test_schema_rejects_score_with_nothing_to_read():
    value = data()
    value["scoring"][0] = {
        "key": "pro",
        "label": "Pro",
        "method": "pro_total",
        "section": "about-you",
    }
    assert _error(value) == (
        'check.yaml: scoring[0] (key "pro"): the score selects no items that "pro_total" can use '
        "(paired items)"
    )


def test_schema_rejects_exclude_red_flags_on_mean():
    value = data()
    value["scoring"][2]["exclude_red_flags"] = True
    assert _error(value) == (
        'check.yaml: scoring[2] (key "mean"): "exclude_red_flags" applies only to count_yes and '
        "count_no"
    )


def test_schema_rejects_section_that_is_not_a_set_of_fields():
    assert _error(data(sections=["About you"])) == (
        "check.yaml: sections[0]: expected a set of fields (key, title, items)"
    )
