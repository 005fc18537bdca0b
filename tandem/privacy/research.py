"""Research use of coaching records: the learner's consent, who may export, what an export
leaves out, and the audit of every export (docs/EVALUATION.md, "Research export").

Consent (NASW Code of Ethics 5.02: participants may decline or withdraw from research at any
time without penalty). Any person may decline research use of their records and change their
mind, on their own page "Who has viewed my coaching record" (`privacy:my_record`). Each change
is an append-only row, shown to them; the latest is the choice in force. Nobody else can make
or change the choice, and it has no effect on their coaching. Until someone declines, their
records may appear in de-identified exports (the program decides, with its research review,
whether that default fits the studies it supports).

The export itself is built by tandem/evaluation/export.py; the rules it must follow live here:

- only evaluators export, over the org units of their evaluator roles (`research_export_scope`);
- a learner who declined is left out entirely (`declined_learner_ids`), and the export says how
  many were left out for that reason, a count of 1 to threshold − 1 reading "fewer than 11"
  (`left_out_label`);
- an agency with fewer than PRIVACY_MIN_COUNT learners in the export is left out entirely
  (`agencies_kept`): its rows would describe a handful of people;
- every export writes a `ResearchExport` row (`research_export_audit`), which program leads
  whose scope it covered see on "Access to coaching records" (`research_exports_for`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, QuerySet

from tandem.people.models import Person, Role
from tandem.people.selectors import role_grants
from tandem.privacy.aggregates import EvaluationScope, scope_of_grants
from tandem.privacy.models import ResearchConsentChange, ResearchExport
from tandem.privacy.suppression import min_count, small_label

K = TypeVar("K")


# --- Consent ---------------------------------------------------------------------------------


def research_declined(*, person: Person) -> bool:
    """Whether the person's choice in force is to leave their records out of research."""
    latest = ResearchConsentChange.objects.filter(person=person).order_by("-pk").first()
    return latest is not None and latest.declined


def research_consent_history(*, person: Person) -> QuerySet[ResearchConsentChange]:
    """The person's own choices, newest first (shown to them only)."""
    return ResearchConsentChange.objects.filter(person=person).order_by("-pk")


@transaction.atomic
def research_consent_set(
    *, person: Person, declined: bool, via: str
) -> ResearchConsentChange | None:
    """Record the person's own choice. Returns the new row, or None when the choice in force
    is already this one (nothing changes, nothing is written).

    The caller passes the signed-in person: there is no way to set someone else's choice."""
    # Lock the person's row so two submissions at once cannot both see the old choice.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    if research_declined(person=person) == declined:
        return None
    return ResearchConsentChange.objects.create(person=person, declined=declined, via=via)


def declined_learner_ids() -> QuerySet[Any]:
    """Ids of the people whose choice in force is "declined", as a subquery (use it with
    `__in`; it stays one query whatever the number of people).

    Rows are append-only, so a person's highest id is their latest choice."""
    latest = ResearchConsentChange.objects.values("person").annotate(last=Max("pk"))
    return ResearchConsentChange.objects.filter(
        pk__in=latest.values("last"), declined=True
    ).values_list("person_id", flat=True)


# --- Who exports, and what is left out -------------------------------------------------------


def can_export_research(*, viewer: Person) -> bool:
    return any(g.role == Role.EVALUATOR for g in role_grants(person=viewer))


def research_export_scope(*, viewer: Person) -> EvaluationScope:
    """The org units the viewer may export: those of their evaluator roles only (another
    program-level role of theirs does not widen it); 403 for anyone who is not an evaluator."""
    grants = [g for g in role_grants(person=viewer) if g.role == Role.EVALUATOR]
    if not grants:
        raise PermissionDenied("The research export is for evaluators.")
    return scope_of_grants(viewer=viewer, grants=grants)


def agencies_kept(learners: Mapping[K, int], threshold: int | None = None) -> set[K]:
    """The agency groups an export may include: those with at least the threshold of learners.
    A group of 1 to threshold − 1 learners is left out with everything about it."""
    limit = min_count(threshold)
    return {group for group, n in learners.items() if n >= limit}


def left_out_label(count: int, threshold: int | None = None) -> str:
    """How an export states a number of people left out: exact from the threshold up, and 0;
    "fewer than 11" for 1 to 10 (a small number could point at the people who declined)."""
    limit = min_count(threshold)
    return small_label(limit) if 0 < count < limit else str(count)


# --- Audit -----------------------------------------------------------------------------------


def research_export_audit(
    *,
    viewer: Person,
    scope: EvaluationScope,
    filters: Mapping[str, str],
    file_format: str,
    rows: Mapping[str, int],
    declined_left_out: int,
    small_groups_left_out: int,
    via: str,
) -> ResearchExport:
    """Record one export: who, when, which filters, how many rows, how many left out."""
    if not can_export_research(viewer=viewer):
        raise PermissionDenied("The research export is for evaluators.")
    return ResearchExport.objects.create(
        exported_by=viewer,
        scope_paths=list(scope.effective_paths),
        scope_label=scope.label[:300],
        filters=dict(filters),
        file_format=ResearchExport.Format(file_format).value,
        rows=dict(rows),
        declined_left_out=declined_left_out,
        small_groups_left_out=small_groups_left_out,
        via=via[:200],
    )


def research_exports_for(*, viewer: Person, limit: int = 50) -> list[ResearchExport]:
    """The latest exports that covered learners in the viewer's program-lead scope (an export
    of the whole state covers every county's program lead), newest first.

    Exports are rare (a few a year per evaluator), so they are matched in Python."""
    paths = [g.scope_path for g in role_grants(person=viewer) if g.role == Role.PROGRAM_LEAD]
    if not paths:
        return []
    found = []
    for export in ResearchExport.objects.select_related("exported_by").iterator(chunk_size=200):
        covered = export.scope_paths or []
        if any(p.startswith(q) or q.startswith(p) for p in covered for q in paths):
            found.append(export)
            if len(found) == limit:
                break
    return found
