"""Helpers for tests that give and answer instruments: load a shipped definition, build a
complete set of answers, and submit through the services."""

from __future__ import annotations

from pathlib import Path

from tandem.instruments.administration_services import (
    response_save_draft,
    response_share_with_coach,
    response_submit,
)
from tandem.instruments.definition import Definition
from tandem.instruments.models import Administration, InstrumentVersion
from tandem.instruments.selectors import version_definition
from tandem.instruments.services import instrument_version_load
from tandem.privacy.responses import response_get

DEFINITIONS = Path(__file__).resolve().parents[1] / "definitions"


def load(slug: str) -> InstrumentVersion:
    path = DEFINITIONS / slug / "v1.yaml"
    return instrument_version_load(text=path.read_text(), origin=str(path), is_builtin=True)


def complete_answers(definition: Definition, *, text: str = "Fine", value: int = 0) -> dict:
    """A valid answer to every item: the `value`-th point of each scale (from the lowest),
    "no" for yes/no, the first option, `text` for text items and every note."""
    answers: dict[str, object] = {}
    for item in definition.items:
        if item.type in ("likert", "paired") and item.scale is not None:
            point = sorted(item.scale.values)[value]
            answers[item.key] = point if item.type == "likert" else {"pro": point, "anti": point}
        elif item.type == "yes_no":
            answers[item.key] = False
        elif item.type == "choice":
            answers[item.key] = item.options[0].value
        elif item.type == "number":
            answers[item.key] = int(item.min or 0)
        elif item.type == "date":
            answers[item.key] = "2026-10-01"
        else:
            answers[item.key] = text
        for note in item.notes:
            answers[f"{item.key}.{note.key}"] = text
    return answers


def answer_and_submit(
    administration: Administration, *, text: str = "Fine", value: int = 0, share: bool = False
) -> None:
    """The respondent fills everything in and submits (and shares, when asked)."""
    access = response_get(viewer=administration.respondent, administration_id=administration.pk)
    definition = version_definition(administration.version)
    answers = complete_answers(definition, text=text, value=value)
    saved = response_save_draft(access=access, answers=answers, revision=0)
    assert saved.problems == {} and saved.saved
    access = response_get(viewer=administration.respondent, administration_id=administration.pk)
    result = response_submit(access=access, revision=saved.response.revision, via="test")
    assert result.problems == {} and result.saved
    if share:
        access = response_get(viewer=administration.respondent, administration_id=administration.pk)
        response_share_with_coach(access=access, via="test")
