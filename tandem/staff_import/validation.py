"""Checks across rows and against what Tandem already holds: duplicates, supervisors, loops.

Pure: the database is read once by `selectors.existing_staff` and passed in.
"""

from __future__ import annotations

from dataclasses import dataclass

from tandem.staff_import.parsing import ParsedFile, RowProblem, StaffRow

# A loop longer than this is shown shortened in its message.
LOOP_SHOWN = 6


@dataclass(frozen=True)
class ExistingStaff:
    """The part of the staff directory validation needs, keyed by lower-case work email."""

    supervisor_of: dict[str, str | None]
    root_names: tuple[str, ...]


def _root_problems(existing: ExistingStaff, state_name: str) -> list[RowProblem]:
    if len(existing.root_names) > 1:
        names = ", ".join(existing.root_names)
        message = (
            f"Tandem's organization has more than one top level ({names}). The import needs "
            "exactly one state at the top; ask your technical team to merge them."
        )
        return [RowProblem(0, "", message)]
    if not existing.root_names and not state_name.strip():
        message = (
            "Tandem has no organization yet, so the import needs the name of the state to put "
            'at the top of it: run import_staff again with --state "Name of the state".'
        )
        return [RowProblem(0, "", message)]
    return []


def _duplicate_problems(parsed: ParsedFile) -> list[RowProblem]:
    first_row: dict[str, int] = {}
    problems = []
    for number, email in parsed.row_emails:
        key = email.lower()
        if key in first_row:
            message = (
                f"{email} also appears on row {first_row[key]}. Each person may appear only "
                "once; remove or merge one of the rows."
            )
            problems.append(RowProblem(number, "work_email", message))
        else:
            first_row[key] = number
    return problems


def _unknown_supervisor_problems(parsed: ParsedFile, existing: ExistingStaff) -> list[RowProblem]:
    in_file = {email.lower() for _, email in parsed.row_emails}
    problems = []
    for row in parsed.rows:
        key = row.supervisor_key
        if key is not None and key not in in_file and key not in existing.supervisor_of:
            message = (
                f"The supervisor {row.supervisor_email} is not in this file or in Tandem. "
                "Add a row for them, or correct the email address."
            )
            problems.append(RowProblem(row.row, "supervisor_email", message))
    return problems


def _describe_loop(loop: list[str]) -> str:
    shown = loop if len(loop) <= LOOP_SHOWN else [*loop[: LOOP_SHOWN - 1], "…"]
    steps = " → ".join([*shown, loop[0]])
    return f"Supervisor loop: {steps} (→ means “reports to”)."


def _loop_problems(rows: list[StaffRow], existing: ExistingStaff) -> list[RowProblem]:
    """Loops in the supervisor chain once the file is applied, including loops through people
    already in Tandem. Each loop is reported on every row of the file that is part of it."""
    graph: dict[str, str | None] = dict(existing.supervisor_of)
    by_email: dict[str, StaffRow] = {}
    for row in rows:
        graph[row.email_key] = row.supervisor_key
        by_email.setdefault(row.email_key, row)
    on_path, done = 1, 2
    state: dict[str, int] = {}
    problems: list[RowProblem] = []
    for start in by_email:
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = on_path
            path.append(node)
            node = graph.get(node)
        if node is not None and state[node] == on_path:
            loop = path[path.index(node) :]
            in_file = [by_email[email] for email in loop if email in by_email]
            if in_file:
                problems.extend(
                    RowProblem(row.row, "supervisor_email", _describe_loop(loop)) for row in in_file
                )
            else:
                message = (
                    "This person's chain of supervisors runs into a loop already in Tandem. "
                    + _describe_loop(loop)
                )
                problems.append(RowProblem(by_email[start].row, "supervisor_email", message))
        for email in path:
            state[email] = done
    return problems


def validate_staff_file(
    *, parsed: ParsedFile, existing: ExistingStaff, state_name: str = ""
) -> list[RowProblem]:
    """Every problem in the file, row-level ones included, in row order."""
    problems = list(parsed.problems)
    if parsed.rows or parsed.row_emails:
        problems += _duplicate_problems(parsed)
        problems += _unknown_supervisor_problems(parsed, existing)
        problems += _loop_problems(parsed.rows, existing)
    problems += _root_problems(existing, state_name)
    return sorted(problems, key=lambda p: p.row)
