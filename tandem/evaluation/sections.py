"""The parts of the evaluation, in the order the pages list them."""

from __future__ import annotations

from collections.abc import Callable

from tandem.evaluation import (
    before_after,
    coach_development,
    fidelity,
    figures,
    goal_figures,
    reaction,
    retention,
    roi,
)
from tandem.evaluation.filters import Filters
from tandem.evaluation.tables import Table

SECTIONS: dict[str, tuple[str, Callable[[Filters], list[Table]]]] = {
    "reach": ("Reach and flow", figures.reach_and_flow),
    "dose": ("Dose and adherence", figures.dose),
    "goals": ("Goal attainment", goal_figures.goal_attainment),
    "before-after": ("Before and after", before_after.before_after),
    "fidelity": ("Fidelity", fidelity.fidelity),
    "coach-development": ("Coach development", coach_development.coach_development),
    "reaction": ("Reaction and satisfaction", reaction.reaction),
    "retention": ("Retention", retention.retention),
    "roi": ("Return on investment", roi.roi),
}


def section_tables(section: str, filters: Filters) -> list[Table]:
    """The tables of one part of the evaluation, each as it may be shown."""
    return [table.shown() for table in SECTIONS[section][1](filters)]
