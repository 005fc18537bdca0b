"""The privacy contract, checked in the code itself: every audit row and every reading of the
disclosure map happens in tandem/privacy/, and views do not query confidential records.

A new feature that writes `AccessEvent` rows itself, reads the map, or queries a confidential
model in a view makes these tests fail: ask the policy instead (docs/PRIVACY.md).
"""

from __future__ import annotations

import ast
from pathlib import Path

TANDEM = Path(__file__).resolve().parents[2]
PRIVACY = TANDEM / "privacy"

# Models whose rows are coaching content (or decide who reads it).
CONFIDENTIAL = {
    "Note",
    "NoteDraft",
    "NoteRevision",
    "SessionRecord",
    "ScalingAnswer",
    "ActionStep",
    "FeedbackLadderNote",
    "LearnerSessionFeedback",
    "WellbeingReferral",
    "Goal",
    "GoalRating",
    "Response",
    "Observation",
    "ExceptionDisclosure",
    "DevelopmentPlan",
    "DevelopmentPlanVersion",
    "ClosingRecord",
    "AgreementDisclosure",
}

# Views that query confidential models after asking the policy for access. Empty since #13
# moved the last three into selectors; keep it so: read through a selector and the policy.
KNOWN_VIEW_QUERIES: set[tuple[str, str]] = set()


def _app_modules():
    for path in sorted(TANDEM.rglob("*.py")):
        parts = path.relative_to(TANDEM).parts
        if parts[0] == "privacy" or "tests" in parts or "migrations" in parts:
            continue
        yield path, ast.parse(path.read_text(), filename=str(path))


def _is_name(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _audit_writes(tree: ast.AST) -> list[int]:
    """Lines that build AccessEvent rows: AccessEvent(...) or AccessEvent.objects.<write>()."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if _is_name(func, "AccessEvent") or (
            isinstance(func, ast.Attribute)
            and func.attr in {"create", "bulk_create", "get_or_create", "update_or_create"}
            and isinstance(func.value, ast.Attribute)
            and func.value.attr == "objects"
            and _is_name(func.value.value, "AccessEvent")
        ):
            lines.append(node.lineno)
    return lines


def _imports_of(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def _queried_models(tree: ast.AST) -> set[str]:
    """Confidential models used as `Model.objects` anywhere in a module."""
    return {
        node.value.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr == "objects"
        and isinstance(node.value, ast.Name)
        and node.value.id in CONFIDENTIAL
    }


def test_only_the_privacy_app_writes_audit_rows():
    found = {
        f"{path.relative_to(TANDEM)}:{line}"
        for path, tree in _app_modules()
        for line in _audit_writes(tree)
    }
    assert found == set()


def test_only_the_privacy_app_reads_the_disclosure_map():
    found = {
        str(path.relative_to(TANDEM))
        for path, tree in _app_modules()
        if "tandem.privacy.disclosure" in _imports_of(tree)
        or ("AgreementDisclosure" in _queried_models(tree) and path.parts[-2] != "agreements")
    }
    assert found == set()


def test_views_do_not_query_confidential_records_beyond_the_known_list():
    found = {
        (str(path.relative_to(TANDEM)), model)
        for path, tree in _app_modules()
        if path.name.startswith("views") or path.name.endswith("_views.py")
        for model in _queried_models(tree)
    }
    assert found - KNOWN_VIEW_QUERIES == set(), "read these through a selector and the policy"
    assert KNOWN_VIEW_QUERIES - found == set(), "fixed: remove them from KNOWN_VIEW_QUERIES"


def test_the_checks_find_what_they_look_for():
    """The checks above can fail: they see a write, an import and a query planted here."""
    planted = ast.parse(
        "from tandem.privacy.disclosure import sharing_of\n"
        "AccessEvent.objects.create(viewer=None)\n"
        "AccessEvent(viewer=None)\n"
        "Note.objects.filter(pk=1)\n"
    )
    assert _audit_writes(planted) == [2, 3]
    assert "tandem.privacy.disclosure" in _imports_of(planted)
    assert _queried_models(planted) == {"Note"}
