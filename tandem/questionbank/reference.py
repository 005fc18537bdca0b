"""One entry point that (re)loads all built-in question-bank reference data.

Migrations 0002 and 0004 load the same data; tests whose tables were flushed (browser tests)
load it again when the flush sends post_migrate (tandem/conftest.py).
"""

from __future__ import annotations

from tandem.questionbank.builtin_models import load_models
from tandem.questionbank.builtin_questions import load_questions


def load_reference_data(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    load_models(apps, schema_editor)
    load_questions(apps, schema_editor)
