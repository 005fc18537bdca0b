"""State scale: the import's query count must not grow with the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.people.models import Person, RoleAssignment
from tandem.staff_import.services import ImportSummary, staff_import_file
from tandem.staff_import.tests.conftest import generated_rows, staff_csv

pytestmark = pytest.mark.django_db


def _import_counting_queries(rows: int) -> tuple[int, ImportSummary]:
    """Import `rows` new people into the same units, counting queries."""
    Person.objects.all().delete()
    RoleAssignment.objects.all().delete()
    content = staff_csv(generated_rows(rows))
    with CaptureQueriesContext(connection) as ctx:
        summary = staff_import_file(data=content)
    return len(ctx.captured_queries), summary


def test_import_query_count_grows_with_batches_not_rows(tree):
    _import_counting_queries(30)  # creates the units, so both runs below find them
    small, _ = _import_counting_queries(100)
    large, summary = _import_counting_queries(2000)
    assert summary == ImportSummary(
        people_created=2000, supervisor_links_changed=1997, roles_added=2003
    )
    # Bulk writes go in batches (on SQLite a batch is capped by its 999 query parameters),
    # so 1,900 more rows may cost a few dozen more queries, never one or more per row.
    assert small <= large < small + 1900 // 40


def test_import_of_2000_rows_twice_is_unchanged_the_second_time(tree):
    content = staff_csv(generated_rows(2000))
    staff_import_file(data=content)
    assert staff_import_file(data=content) == ImportSummary(people_unchanged=2000)
