"""Evaluation URLs in the authorization matrix: program-level roles only, figures only.

The matrix checks every response for the world's confidential markers, so a figure page that
showed a note, a goal or a session record would fail here as well as in test_pages.py."""

from __future__ import annotations

from tandem.privacy.tests.authz import OK, Rule, only

EVALUATORS = only({"leadership": OK, "program_lead": OK, "coach_supervisor": OK, "evaluator": OK})

RULES = {
    "evaluation:overview": [Rule(EVALUATORS)],
    "evaluation:section": [
        Rule(EVALUATORS, args=("section_reach",)),
        Rule(EVALUATORS, args=("section_dose",)),
        Rule(EVALUATORS, args=("section_goals",)),
    ],
    "evaluation:table_csv": [
        Rule(EVALUATORS, args=("section_reach", "table_flow")),
        Rule(EVALUATORS, args=("section_dose", "table_sessions")),
        Rule(EVALUATORS, args=("section_goals", "table_t_scores")),
    ],
}


def objects(world) -> dict[str, object]:
    return {
        "section_reach": "reach",
        "section_dose": "dose",
        "section_goals": "goals",
        "table_flow": "flow",
        "table_sessions": "sessions",
        "table_t_scores": "t-scores",
    }
