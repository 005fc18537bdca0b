"""Authorization matrix rules for the instrument builder (merged in authz_rules.py).

The world gets a built-in instrument and one owned by the program lead's agency, whose item
text is a needle: only the program lead may see it.
"""

from __future__ import annotations

from tandem.instruments.builder.dump import definition_dump
from tandem.instruments.services import instrument_version_load
from tandem.instruments.tests.builders import data
from tandem.privacy.tests.authz import DENY, OK, REDIRECT, Rule, only

OWN_ITEM = "NEEDLE-builder-own-item"
LEAD = only({"program_lead": OK})

RULES: dict[str, list[Rule]] = {
    "instruments:builder_list": [Rule(LEAD)],
    "instruments:builder_new": [Rule(LEAD)],
    "instruments:builder_import": [Rule(LEAD)],
    "instruments:builder_version": [
        Rule(LEAD, args=("builder_own", "one")),
        Rule(LEAD, args=("builder_builtin", "one")),
    ],
    "instruments:builder_edit": [
        Rule(LEAD, args=("builder_own", "one")),
        Rule(only({"program_lead": DENY}), args=("builder_builtin", "one")),
    ],
    "instruments:builder_yaml": [
        Rule(LEAD, args=("builder_own", "one")),
        Rule(only({"program_lead": DENY}), args=("builder_builtin", "one")),
    ],
    "instruments:builder_preview": [Rule(LEAD, args=("builder_own", "one"))],
    "instruments:builder_export": [
        Rule(LEAD, args=("builder_own", "one")),
        Rule(LEAD, args=("builder_builtin", "one")),
    ],
    "instruments:builder_next": [
        Rule(only({"program_lead": REDIRECT}), args=("builder_own", "one"), method="post"),
        Rule(only({"program_lead": DENY}), args=("builder_builtin", "one"), method="post"),
    ],
    "instruments:builder_copy": [Rule(LEAD, args=("builder_builtin", "one"))],
}


def objects(world) -> dict[str, object]:  # type: ignore[no-untyped-def]
    builtin = data(slug="builder-builtin", title="Built-in check")
    instrument_version_load(text=definition_dump(builtin), origin="builtin.yaml", is_builtin=True)
    own = data(slug="builder-own", title="Our own check")
    own["sections"][0]["items"][0]["text"] = OWN_ITEM
    instrument_version_load(
        text=definition_dump(own),
        origin="builder",
        owner=world.tree["north"],
        created_by=world.people["program_lead"],
    )
    return {"builder_own": "builder-own", "builder_builtin": "builder-builtin", "one": 1}


def needles(world) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    return {OWN_ITEM: {"program_lead"}}
