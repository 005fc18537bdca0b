"""Reading instruments and their versions."""

from __future__ import annotations

from tandem.instruments.definition import Definition
from tandem.instruments.models import InstrumentVersion, Response
from tandem.instruments.schema import definition_from_data


def version_is_locked(version: InstrumentVersion) -> bool:
    """A version is locked once anyone has started answering it: its wording can no longer change.

    Later steps that store other answers against a version (e.g. scheduled administrations)
    extend this check.
    """
    return Response.objects.filter(version=version).exists()


def version_definition(version: InstrumentVersion) -> Definition:
    """The parsed definition of `version`, from the JSON cache (no YAML parsing)."""
    origin = f"{version.instrument.slug} version {version.version}"
    return definition_from_data(version.definition, origin=origin)


def instrument_version_find(*, slug: str, version: int | None = None) -> InstrumentVersion:
    """Version `version` of the instrument `slug`, or its highest version.

    Raises InstrumentVersion.DoesNotExist when there is none.
    """
    versions = InstrumentVersion.objects.select_related("instrument").filter(instrument__slug=slug)
    if version is not None:
        return versions.get(version=version)
    found = versions.order_by("-version").first()
    if found is None:
        raise InstrumentVersion.DoesNotExist(f'No instrument "{slug}".')
    return found
