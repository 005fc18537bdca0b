"""What a program lead sees and may change in the builder.

A lead sees Tandem's built-in instruments, shared ones (no owner) and those owned by a unit
inside their program-lead scope; they may change only the last kind. Lookups raise instead of
returning nothing, so a view cannot forget the check.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from tandem.instruments.models import Instrument, InstrumentVersion, Response
from tandem.people.models import OrgUnit, Person, Role
from tandem.people.selectors import role_grants


def lead_scope_paths(*, viewer: Person) -> list[str]:
    """The paths of the units the viewer leads programs for, broadest first."""
    grants = [g for g in role_grants(person=viewer) if g.role == Role.PROGRAM_LEAD]
    return sorted({g.scope_path for g in grants}, key=lambda path: (len(path), path))


def lead_owner_unit(*, viewer: Person) -> OrgUnit:
    """The unit that owns what the viewer builds: their broadest program-lead scope."""
    paths = lead_scope_paths(viewer=viewer)
    if not paths:
        raise PermissionDenied("Only program leads build instruments.")
    return OrgUnit.objects.get(path=paths[0])


def _owned_by_scope(paths: list[str]) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(owner__path__startswith=path)
    return condition & Q(is_builtin=False)


def instruments_for_builder(*, viewer: Person) -> QuerySet[Instrument]:
    """Built-in, shared and own instruments, with their newest version's facts. Two queries
    at most whatever the number of instruments (one for the viewer's roles, one for the list)."""
    paths = lead_scope_paths(viewer=viewer)
    newest = InstrumentVersion.objects.filter(instrument=OuterRef("pk")).order_by("-version")
    return (
        Instrument.objects.filter(
            Q(is_builtin=True) | Q(owner__isnull=True) | _owned_by_scope(paths)
        )
        .select_related("owner")
        .annotate(
            newest_version=Subquery(newest.values("version")[:1]),
            newest_published=Subquery(newest.values("published")[:1]),
            has_responses=Exists(Response.objects.filter(version__instrument=OuterRef("pk"))),
            editable=Exists(Instrument.objects.filter(_owned_by_scope(paths), pk=OuterRef("pk"))),
        )
        .order_by("-editable", "title")
    )


def builder_can_edit(*, viewer: Person, instrument: Instrument) -> bool:
    if instrument.is_builtin or instrument.owner_id is None:
        return False
    owner_path = instrument.owner.path  # type: ignore[union-attr]
    return any(owner_path.startswith(path) for path in lead_scope_paths(viewer=viewer))


def builder_instrument_get(*, viewer: Person, slug: str) -> Instrument:
    """The instrument if the viewer may see it in the builder; 404 otherwise (its existence is
    not confirmed to people from other units)."""
    found = (
        Instrument.objects.select_related("owner")
        .filter(slug=slug)
        .filter(
            Q(is_builtin=True)
            | Q(owner__isnull=True)
            | _owned_by_scope(lead_scope_paths(viewer=viewer))
        )
        .first()
    )
    if found is None:
        raise Http404("No such instrument.")
    return found


def builder_version_get(*, viewer: Person, slug: str, version: int) -> InstrumentVersion:
    instrument = builder_instrument_get(viewer=viewer, slug=slug)
    found = instrument.versions.filter(version=version).first()
    if found is None:
        raise Http404("No such version.")
    found.instrument = instrument
    return found


def builder_versions(*, instrument: Instrument) -> QuerySet[InstrumentVersion]:
    """Every version of the instrument, newest first, saying which have responses."""
    return instrument.versions.annotate(
        has_responses=Exists(Response.objects.filter(version=OuterRef("pk")))
    ).order_by("-version")
