"""Reads for the staff import. Keyword-only and typed."""

from __future__ import annotations

from django.db.models import QuerySet

from tandem.people.models import OrgUnit, Person
from tandem.staff_import.models import StaffImport
from tandem.staff_import.validation import ExistingStaff

RECENT_IMPORTS = 10


def existing_staff() -> ExistingStaff:
    """Everyone's work email and supervisor's email, and the tree's top level. Two queries."""
    rows = Person.objects.values_list("work_email", "supervisor__work_email")
    supervisor_of = {email.lower(): (sup.lower() if sup else None) for email, sup in rows}
    roots = tuple(OrgUnit.objects.get_root_nodes().values_list("name", flat=True))
    return ExistingStaff(supervisor_of=supervisor_of, root_names=roots)


def recent_staff_imports(*, limit: int = RECENT_IMPORTS) -> QuerySet[StaffImport]:
    """The latest imports for the upload page, without their file contents."""
    return (
        StaffImport.objects.select_related("uploaded_by")
        .defer("content", "problems")
        .order_by("-created_at", "-pk")[:limit]
    )
