"""Parse and check the `scoring` and `decision` parts of a definition (see schema.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from tandem.instruments.definition import (
    METHOD_ITEM_TYPES,
    METHODS,
    Band,
    Decision,
    Item,
    ScoreRule,
    Section,
    rule_items,
)

if TYPE_CHECKING:
    from tandem.instruments.schema import Place

RULE_FIELDS = (
    "key",
    "label",
    "method",
    "section",
    "subscale",
    "items",
    "exclude_red_flags",
    "bands",
)
COUNT_METHODS = ("count_yes", "count_no")


def scoring_parse(top: Place, sections: Sequence[Section]) -> tuple[ScoreRule, ...]:
    if top.data.get("scoring") is None:
        return ()
    rules: list[ScoreRule] = []
    for index, raw in enumerate(top.items_list("scoring")):
        place = top.child(f"scoring[{index}]", raw, "key, label, method")
        place = type(top)(top.origin, place.keyed(place.location), place.data)
        rule = _rule(place, sections)
        if rule.key in (r.key for r in rules):
            place.fail(f'two scores have the key "{rule.key}"', "key")
        rules.append(rule)
    return tuple(rules)


def _rule(place: Place, sections: Sequence[Section]) -> ScoreRule:
    place.only(RULE_FIELDS)
    for name in ("key", "label", "method"):
        place.require(name)
    key = place.key()
    method = place.text("method")
    if method not in METHODS:
        place.fail(f'unknown scoring method "{method}"; use one of: {", ".join(METHODS)}', "method")
    chosen = [name for name in ("section", "subscale", "items") if name in place.data]
    if len(chosen) > 1:
        place.fail(f"choose items by one of section, subscale or items, not {' and '.join(chosen)}")
    exclude = place.flag("exclude_red_flags", default=False)
    if exclude and method not in COUNT_METHODS:
        place.fail(
            '"exclude_red_flags" applies only to count_yes and count_no', "exclude_red_flags"
        )
    all_items = [item for section in sections for item in section.items]
    types = METHOD_ITEM_TYPES[method]
    rule = ScoreRule(
        key=key,
        label=place.text("label"),
        method=method,
        exclude_red_flags=exclude,
        bands=_bands(place),
    )
    if "section" in place.data:
        section = place.text("section")
        if section not in (s.key for s in sections):
            place.fail(f'the score selects section "{section}", which is not defined', "section")
        rule = replace(rule, section=section)
    elif "subscale" in place.data:
        subscale = place.text("subscale")
        if subscale not in (item.subscale for item in all_items):
            place.fail(f'the score selects subscale "{subscale}", but no item has it', "subscale")
        rule = replace(rule, subscale=subscale)
    elif place.data.get("items", "all") != "all":
        rule = replace(rule, items=_listed_items(place, method, all_items))
    if not rule_items(rule, all_items):
        place.fail(
            f'the score selects no items that "{method}" can use ({" and ".join(types)} items)'
        )
    return rule


def _listed_items(place: Place, method: str, all_items: Sequence[Item]) -> tuple[str, ...]:
    raw = place.data["items"]
    if not isinstance(raw, list) or not raw or not all(isinstance(k, str) for k in raw):
        place.fail('"items" must be "all" or a list of item keys', "items")
    by_key = {item.key: item for item in all_items}
    types = METHOD_ITEM_TYPES[method]
    for key in raw:
        if key not in by_key:
            place.fail(f'the score lists item "{key}", which is not defined', "items")
        if by_key[key].type not in types:
            place.fail(
                f'the score lists item "{key}", a {by_key[key].type} item; '
                f'"{method}" uses {" and ".join(types)} items',
                "items",
            )
    return tuple(raw)


def _bands(place: Place) -> tuple[Band, ...]:
    if place.data.get("bands") is None:
        return ()
    bands: list[Band] = []
    for index, raw in enumerate(place.items_list("bands")):
        band_place = place.child(f"{place.location}.bands[{index}]", raw, "min, max, label, text")
        band_place.only(("min", "max", "label", "text"))
        for name in ("min", "max", "label"):
            band_place.require(name)
        low, high = band_place.number("min"), band_place.number("max")
        assert low is not None and high is not None  # required above
        if low > high:
            band_place.fail(f'"min" ({low:g}) must not be more than "max" ({high:g})', "min")
        for other_index, other in enumerate(bands):
            assert other.min is not None and other.max is not None
            if low <= other.max and other.min <= high:
                band_place.fail(
                    f"bands[{other_index}] and bands[{index}] overlap "
                    f"({other.min:g} to {other.max:g} and {low:g} to {high:g})"
                )
        label = band_place.text("label")
        bands.append(Band(label, band_place.text("text", default=""), low, high))
    return tuple(bands)


def decision_parse(top: Place, scoring: Sequence[ScoreRule]) -> Decision | None:
    if top.data.get("decision") is None:
        return None
    place = top.child("decision", top.data["decision"], "compare, greater, less, equal")
    place.only(("compare", "greater", "less", "equal"))
    place.require("compare")
    compare = place.data["compare"]
    if not isinstance(compare, list) or len(compare) != 2:
        place.fail('"compare" must list two score keys, like [yes-count, no-count]', "compare")
    for key in compare:
        if key not in (rule.key for rule in scoring):
            place.fail(f'the decision compares unknown score "{key}"', "compare")
    branches: dict[str, Band] = {}
    for name in ("greater", "less", "equal"):
        if place.data.get(name) is None:
            hint = " (ties must be decided explicitly)" if name == "equal" else ""
            place.fail(f'the required field "{name}" is missing{hint}')
        branch = place.child(f"decision.{name}", place.data[name], "label, text")
        branch.only(("label", "text"))
        branch.require("label")
        branches[name] = Band(branch.text("label"), branch.text("text", default=""))
    return Decision((str(compare[0]), str(compare[1])), **branches)
