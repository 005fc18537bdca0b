"""Evaluation URLs in the authorization matrix: program-level roles only, figures only.

The matrix checks every response for the world's confidential markers, so a figure page that
showed a note, a goal or a session record would fail here as well as in test_pages.py."""

from __future__ import annotations

from tandem.privacy.tests.authz import OK, Rule, only

EVALUATORS = only({"leadership": OK, "program_lead": OK, "coach_supervisor": OK, "evaluator": OK})
# The de-identified research export: evaluators only (docs/EVALUATION.md, "Research export").
RESEARCH = only({"evaluator": OK})

RULES = {
    "evaluation:overview": [Rule(EVALUATORS)],
    "evaluation:section": [
        Rule(EVALUATORS, args=("section_reach",)),
        Rule(EVALUATORS, args=("section_dose",)),
        Rule(EVALUATORS, args=("section_goals",)),
        Rule(EVALUATORS, args=("section_retention",)),
        Rule(EVALUATORS, args=("section_before_after",)),
        Rule(EVALUATORS, args=("section_fidelity",)),
        Rule(EVALUATORS, args=("section_reaction",)),
        Rule(EVALUATORS, args=("section_coach_development",)),
    ],
    "evaluation:roi": [
        Rule(EVALUATORS),
        Rule(EVALUATORS, data={"rate": "90", "replacement_cost": "40000", "coached_staff": "20"}),
    ],
    "evaluation:table_csv": [
        Rule(EVALUATORS, args=("section_reach", "table_flow")),
        Rule(EVALUATORS, args=("section_dose", "table_sessions")),
        Rule(EVALUATORS, args=("section_goals", "table_t_scores")),
        Rule(EVALUATORS, args=("section_retention", "table_retention")),
        Rule(EVALUATORS, args=("section_roi", "table_roi_inputs")),
        Rule(EVALUATORS, args=("section_before_after", "table_before_after")),
        Rule(EVALUATORS, args=("section_fidelity", "table_fidelity_coaches")),
        Rule(EVALUATORS, args=("section_reaction", "table_satisfaction_by_age")),
        Rule(EVALUATORS, args=("section_coach_development", "table_coach_development_dose")),
    ],
    "evaluation:export": [Rule(RESEARCH)],
    "evaluation:export_download": [
        Rule(RESEARCH, args=("format_csv",)),
        Rule(RESEARCH, args=("format_xlsx",)),
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
        "section_retention": "retention",
        "section_roi": "roi",
        "table_retention": "retention",
        "table_roi_inputs": "roi-inputs",
        "section_before_after": "before-after",
        "section_fidelity": "fidelity",
        "section_reaction": "reaction",
        "table_before_after": "before-after",
        "table_fidelity_coaches": "fidelity-coaches",
        "table_satisfaction_by_age": "satisfaction-by-program-age",
        "section_coach_development": "coach-development",
        "table_coach_development_dose": "coach-development-dose",
        "format_csv": "csv",
        "format_xlsx": "xlsx",
    }
