"""`manage.py import_staff`: summary on stdout, progress and problems on stderr."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tandem.people.models import OrgUnit, Person
from tandem.staff_import.tests.conftest import generated_rows, person_row, staff_csv

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_staff", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_imports_into_empty_tree_with_state_and_reports_summary(write_csv):
    path = write_csv(staff_csv(generated_rows(1200)))
    out, err = _run(str(path), "--state", "State of Example")
    assert out.splitlines()[:6] == [
        "     22 org units created",
        "  1,200 people created",
        "      0 people updated",
        "      0 people unchanged",
        "  1,197 supervisor links changed",
        "  1,203 learner/supervisor roles added",
    ]
    assert err.splitlines() == [
        "checked 1,000 / 1,200 rows",
        "checked 1,200 / 1,200 rows",
        "saving org units…",
        "saving people and supervisor links…",
        "saving learner and supervisor roles…",
    ]
    assert OrgUnit.objects.get_root_nodes().get().name == "State of Example"
    second, _ = _run(str(path))
    assert second.splitlines()[:4] == [
        "      0 org units created",
        "      0 people created",
        "      0 people updated",
        "  1,200 people unchanged",
    ]


def test_command_lists_problems_and_imports_nothing(tree, write_csv):
    rows = [
        person_row("a@example.gov", supervisor_email="ghost@example.gov"),
        person_row("b@example.gov", separation_date="13/01/2024"),
    ]
    path = write_csv(staff_csv(rows))
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_staff", str(path), stdout=StringIO(), stderr=err)
    assert str(raised.value) == "Nothing was imported: 2 problems to fix in the file."
    assert err.getvalue().splitlines()[1:] == [
        "Row 2, column supervisor_email: The supervisor ghost@example.gov is not in this file "
        "or in Tandem. Add a row for them, or correct the email address.",
        "Row 3, column separation_date: “13/01/2024” is not a date. Use YYYY-MM-DD "
        "(2024-03-31) or MM/DD/YYYY (03/31/2024).",
    ]
    assert Person.objects.count() == 0


def test_command_needs_state_for_an_empty_tree(write_csv):
    path = write_csv(staff_csv([person_row("a@example.gov")]))
    with pytest.raises(CommandError):
        _run(str(path))
    assert OrgUnit.objects.count() == 0


def test_command_reports_a_missing_file(tmp_path, db):
    with pytest.raises(CommandError) as raised:
        _run(str(tmp_path / "nope.csv"))
    assert str(raised.value) == f"Cannot read {tmp_path / 'nope.csv'}: No such file or directory"
