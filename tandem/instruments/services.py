"""Loading instrument definitions into the database."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction
from django.db.models import Max

from tandem.instruments.definition import DefinitionError
from tandem.instruments.models import Instrument, InstrumentVersion
from tandem.instruments.schema import definition_from_data
from tandem.instruments.selectors import version_is_locked
from tandem.instruments.yaml_text import yaml_load
from tandem.people.models import OrgUnit, Person


class LoadOutcome(StrEnum):
    CREATED = "created"
    UNCHANGED = "unchanged"
    UPDATED = "updated"


@dataclass(frozen=True)
class LoadResult:
    version: InstrumentVersion
    outcome: LoadOutcome


def instrument_version_load(
    *,
    text: str,
    origin: str,
    created_by: Person | None = None,
    owner: OrgUnit | None = None,
    is_builtin: bool = False,
    published: bool = True,
) -> InstrumentVersion:
    """Create or update the instrument version defined by YAML `text` (see instrument_load)."""
    return instrument_load(
        text=text,
        origin=origin,
        created_by=created_by,
        owner=owner,
        is_builtin=is_builtin,
        published=published,
    ).version


@transaction.atomic
def instrument_load(
    *,
    text: str,
    origin: str,
    created_by: Person | None = None,
    owner: OrgUnit | None = None,
    is_builtin: bool = False,
    published: bool = True,
) -> LoadResult:
    """Check YAML `text` and store it as (slug, version), saying whether anything changed.

    The same text again changes nothing. Changed text replaces an unlocked version; a locked
    version (one with responses) cannot change, so that raises DefinitionError naming the next
    free version number. `origin` names the text in error messages and is kept as its source.
    """
    data = json.loads(json.dumps(yaml_load(text, origin=origin)))
    definition = definition_from_data(data, origin=origin)
    instrument, _ = Instrument.objects.select_for_update().get_or_create(
        slug=definition.slug,
        defaults={
            "title": definition.title,
            "owner": owner,
            "created_by": created_by,
            "is_builtin": is_builtin,
        },
    )
    existing = (
        InstrumentVersion.objects.select_for_update()
        .filter(instrument=instrument, version=definition.version)
        .first()
    )
    if existing is not None and existing.definition_yaml == text:
        return LoadResult(existing, LoadOutcome.UNCHANGED)
    if existing is not None and version_is_locked(existing):
        latest = instrument.versions.aggregate(latest=Max("version"))["latest"]
        raise DefinitionError(
            f"{definition.slug} version {definition.version} already has responses; "
            f"publish the change as version {latest + 1}",
            origin=origin,
        )
    if existing is None:
        version = InstrumentVersion.objects.create(
            instrument=instrument,
            version=definition.version,
            definition_yaml=text,
            definition=data,
            source=origin,
            published=published,
        )
        outcome = LoadOutcome.CREATED
    else:
        version = existing
        version.definition_yaml, version.definition, version.source = text, data, origin
        version.published = published
        version.save()
        outcome = LoadOutcome.UPDATED
    _title_from_latest(instrument, is_builtin=is_builtin)
    return LoadResult(version, outcome)


def _title_from_latest(instrument: Instrument, *, is_builtin: bool) -> None:
    """The instrument is listed under the title of its highest version."""
    latest = instrument.versions.order_by("-version").first()
    title = str(latest.definition["title"]).strip() if latest is not None else instrument.title
    if title != instrument.title or (is_builtin and not instrument.is_builtin):
        instrument.title = title
        instrument.is_builtin = instrument.is_builtin or is_builtin
        instrument.save(update_fields=["title", "is_builtin"])
