"""People and instruments for the builder tests: a program lead in each agency, a built-in
instrument, and one instrument owned by each lead's agency."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tandem.instruments.builder.dump import definition_dump
from tandem.instruments.builder.editor import Draft
from tandem.instruments.models import InstrumentVersion, Response
from tandem.instruments.services import instrument_version_load
from tandem.instruments.tests.builders import data
from tandem.people.models import Person, Role
from tandem.people.tests.factories import PersonFactory, make_tree, person_with_account

OWN_TEXT = "We plan family meetings together."
# The fields the editor shows only for items of one kind.
TYPE_FIELDS = {
    "likert": ("scale",),
    "paired": ("scale", "pro", "anti"),
    "choice": ("options",),
    "number": ("min", "max"),
}


@dataclass
class BuilderWorld:
    lead: Person
    other_lead: Person
    builtin: InstrumentVersion
    own: InstrumentVersion
    others: InstrumentVersion


def own_data(slug: str = "our-check", **changes: Any) -> dict[str, Any]:
    result = data(slug=slug, title="Our check", **changes)
    result["sections"][0]["items"][2]["text"] = OWN_TEXT
    return result


def builder_world() -> BuilderWorld:
    tree = make_tree()
    lead = person_with_account(
        roles=(Role.PROGRAM_LEAD,), org_unit=tree["north_office"], last_name="Lead"
    )
    other_lead = person_with_account(
        roles=(Role.PROGRAM_LEAD,), org_unit=tree["south_office"], last_name="Southlead"
    )
    builtin = instrument_version_load(
        text=definition_dump(data(slug="shipped-check", title="Shipped check")),
        origin="tandem/instruments/definitions/shipped-check/v1.yaml",
        is_builtin=True,
    )
    own = instrument_version_load(
        text=definition_dump(own_data()),
        origin="builder",
        owner=tree["north"],
        created_by=lead,
        published=False,
    )
    others = instrument_version_load(
        text=definition_dump(own_data("south-check")),
        origin="builder",
        owner=tree["south"],
        created_by=other_lead,
    )
    return BuilderWorld(lead, other_lead, builtin, own, others)


def respond(version: InstrumentVersion) -> Response:
    return Response.objects.create(version=version, respondent=PersonFactory(), answers={})


def editor_post(
    draft: Draft, action: str = "save", published: bool = False, base_version: int = 1
) -> dict[str, str]:
    """The fields the guided editor posts for `draft` (what builder_edit*.html render), opened
    at edit `base_version` of the version."""
    post: dict[str, str] = {"action": action, "base_version": str(base_version)}
    if published:
        post["published"] = "on"
    for name in ("title", "purpose", "source", "respondent", "subject", "instructions"):
        post[name] = getattr(draft, name)
    post["scoring"] = draft.scoring
    post["scale-count"] = str(len(draft.scales))
    for index, scale in enumerate(draft.scales):
        for name in ("name", "points", "na_label", "na_value"):
            post[f"scale-{index}-{name}"] = getattr(scale, name)
    post["section-count"] = str(len(draft.sections))
    for s_index, section in enumerate(draft.sections):
        p = f"section-{s_index}-"
        post |= {p + "key": section.key, p + "title": section.title, p + "intro": section.intro}
        post[p + "item-count"] = str(len(section.items))
        for i_index, item in enumerate(section.items):
            q = f"{p}item-{i_index}-"
            names = ["key", "type", "subscale", "notes", *TYPE_FIELDS.get(item.type, ())]
            if item.type != "paired" or item.text:
                names.append("text")
            post |= {q + name: getattr(item, name) for name in names}
            for name in ("required", "red_flag", "long"):
                if getattr(item, name):
                    post[q + name] = "on"
    return post
