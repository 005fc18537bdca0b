"""Writes made from the builder. Each one checks ownership and locking before it stores anything,
and every definition goes through the same schema and loader as the shipped files. An edit is
saved only from the version's `edit_version` its page opened (tandem/ui/locking.py)."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.db.models import Max

from tandem.instruments.builder.dump import definition_dump, top_field_set
from tandem.instruments.builder.selectors import builder_can_edit, lead_owner_unit
from tandem.instruments.definition import DefinitionError
from tandem.instruments.models import Instrument, InstrumentVersion
from tandem.instruments.schema import SLUG, definition_from_data, definition_parse
from tandem.instruments.selectors import version_is_locked
from tandem.instruments.services import LoadOutcome, LoadResult, instrument_load
from tandem.people.models import Person
from tandem.ui.locking import version_bump, version_claim

EDIT_VERSION = "edit_version"

BUILDER_SOURCE = "builder"


class BuilderRefusal(Exception):
    """A change the builder will not make (someone else's instrument, a locked version...)."""


def starter_definition(
    *, slug: str, title: str, purpose: str, source: str, respondent: str, subject: str
) -> dict[str, Any]:
    """A new instrument's first version: one agreement scale and one section with one item,
    ready to be rewritten in the editor (the schema needs at least one item)."""
    return {
        "slug": slug,
        "title": title,
        "version": 1,
        "purpose": purpose,
        "source": source,
        "respondent": respondent,
        "subject": subject,
        "scales": {
            "agree4": {
                "points": [
                    {"value": 1, "label": "Strongly disagree"},
                    {"value": 2, "label": "Disagree"},
                    {"value": 3, "label": "Agree"},
                    {"value": 4, "label": "Strongly agree"},
                ]
            }
        },
        "sections": [
            {
                "key": "section-1",
                "title": "Section 1",
                "items": [
                    {
                        "key": "item-1",
                        "type": "likert",
                        "text": "Write your first statement here.",
                        "scale": "agree4",
                    }
                ],
            }
        ],
    }


def _refuse_unless_editable(*, viewer: Person, instrument: Instrument) -> None:
    if instrument.is_builtin:
        raise BuilderRefusal(
            f"{instrument.slug} is one of Tandem's built-in instruments and cannot be changed. "
            "Make a copy to edit it, or give your file a different slug."
        )
    if not builder_can_edit(viewer=viewer, instrument=instrument):
        raise BuilderRefusal(
            f"{instrument.slug} belongs to another unit, so you cannot change it. "
            "Give your file a different slug to make your own instrument."
        )


def _next_number(instrument: Instrument) -> int:
    return int(instrument.versions.aggregate(latest=Max("version"))["latest"] or 0) + 1


def _refuse_if_locked(version: InstrumentVersion) -> None:
    if version_is_locked(version):
        raise BuilderRefusal(
            f"Version {version.version} of {version.instrument.slug} already has responses, so "
            f"its wording cannot change. Save your changes as version "
            f"{_next_number(version.instrument)} instead."
        )


@transaction.atomic
def builder_instrument_create(*, viewer: Person, data: dict[str, Any]) -> InstrumentVersion:
    """A new instrument owned by the viewer's program-lead unit, from checked definition data."""
    if Instrument.objects.filter(slug=data["slug"]).exists():
        raise BuilderRefusal(
            f'There is already an instrument with the short name "{data["slug"]}".'
        )
    text = definition_dump(data)
    definition_parse(text, origin="the new instrument")
    return instrument_load(
        text=text,
        origin=BUILDER_SOURCE,
        created_by=viewer,
        owner=lead_owner_unit(viewer=viewer),
        published=False,
    ).version


@transaction.atomic
def builder_version_save(
    *,
    viewer: Person,
    version: InstrumentVersion,
    base_version: int,
    text: str,
    published: bool,
) -> InstrumentVersion:
    """Store new YAML text for an unlocked version of the viewer's own instrument.

    The text must keep the version's slug and number (a new instrument or version is made by
    its own button, never by renaming); the schema checks the rest. Only from the edit the page
    opened (`base_version`, the version's `edit_version`): if another lead saved since, raise
    Conflict and store nothing.
    """
    instrument = version.instrument
    _refuse_unless_editable(viewer=viewer, instrument=instrument)
    version.edit_version = version_claim(
        InstrumentVersion.objects.all(), pk=version.pk, seen=base_version, column=EDIT_VERSION
    )
    _refuse_if_locked(version)
    origin = f"{instrument.slug} version {version.version}"
    definition = definition_parse(text, origin=origin)
    if definition.slug != instrument.slug:
        raise DefinitionError(
            f'the slug must stay "{instrument.slug}"; to make another instrument, use '
            '"Make a copy"',
            origin=origin,
        )
    if definition.version != version.version:
        raise DefinitionError(
            f"the version must stay {version.version}; to start another version, use "
            '"Start a new version"',
            origin=origin,
        )
    saved = instrument_load(text=text, origin=BUILDER_SOURCE, published=published).version
    if saved.published != published:
        saved.published = published
        saved.save(update_fields=["published", "updated_at"])
    return saved


def builder_data_save(
    *,
    viewer: Person,
    version: InstrumentVersion,
    base_version: int,
    data: dict[str, Any],
    published: bool,
) -> InstrumentVersion:
    """Check definition data from the guided editor (messages without YAML line numbers, which
    would point into text the person never saw) and store it as YAML."""
    definition_from_data(data, origin=f"{version.instrument.slug} version {version.version}")
    return builder_version_save(
        viewer=viewer,
        version=version,
        base_version=base_version,
        text=definition_dump(data),
        published=published,
    )


@transaction.atomic
def builder_version_next(*, viewer: Person, version: InstrumentVersion) -> InstrumentVersion:
    """A new, unpublished version numbered after the newest, with `version`'s text."""
    instrument = Instrument.objects.select_for_update().get(pk=version.instrument_id)
    _refuse_unless_editable(viewer=viewer, instrument=instrument)
    number = _next_number(instrument)
    text = top_field_set(version.definition_yaml, {"version": number})
    return instrument_load(text=text, origin=BUILDER_SOURCE, published=False).version


@transaction.atomic
def builder_instrument_copy(
    *, viewer: Person, version: InstrumentVersion, slug: str, title: str
) -> InstrumentVersion:
    """A new instrument of the viewer's unit, version 1, with the text of `version`."""
    if not SLUG.match(slug):
        raise BuilderRefusal("Use lowercase letters, digits and hyphens for the short name.")
    if Instrument.objects.filter(slug=slug).exists():
        raise BuilderRefusal(f'There is already an instrument with the short name "{slug}".')
    text = top_field_set(version.definition_yaml, {"slug": slug, "title": title, "version": 1})
    return instrument_load(
        text=text,
        origin=BUILDER_SOURCE,
        created_by=viewer,
        owner=lead_owner_unit(viewer=viewer),
        published=False,
    ).version


@transaction.atomic
def builder_import(*, viewer: Person, text: str, file_name: str) -> LoadResult:
    """Load an uploaded definition as a new instrument, or as a version of the viewer's own.

    Refuses built-in instruments, other units' instruments and locked versions, with a message
    saying what to do instead. The same text as stored changes nothing.
    """
    definition = definition_parse(text, origin=file_name)
    existing = Instrument.objects.select_related("owner").filter(slug=definition.slug).first()
    if existing is not None:
        _refuse_unless_editable(viewer=viewer, instrument=existing)
        version = existing.versions.filter(version=definition.version).first()
        if version is not None and version.definition_yaml != text:
            _refuse_if_locked(version)
    result = instrument_load(
        text=text,
        origin=f"{BUILDER_SOURCE} import: {file_name}"[:300],
        created_by=viewer,
        owner=lead_owner_unit(viewer=viewer),
        published=False if existing is None else _published(existing, definition.version),
    )
    if result.outcome == LoadOutcome.UPDATED:
        # An edit page opened before the import must not save over the imported text.
        version_bump(InstrumentVersion.objects.all(), pk=result.version.pk, column=EDIT_VERSION)
    return result


def _published(instrument: Instrument, number: int) -> bool:
    version = instrument.versions.filter(version=number).first()
    return version.published if version is not None else False


def definition_data(version: InstrumentVersion) -> dict[str, Any]:
    """A version's definition data as plain JSON data (a copy the editor may change)."""
    return dict(json.loads(json.dumps(version.definition)))
