"""Change from before to after, per instrument and score (docs/EVALUATION.md, "Before and after").

Scores only (`Response.scores`, computed when a response is submitted), never answers or free
text; every figure about people goes through the same suppression as every table."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import Q
from django.db.models.functions import Coalesce

from tandem.evaluation.filters import Filters
from tandem.evaluation.stats import (
    EFFECT_SIZE_NAME,
    T_TEST,
    WILCOXON,
    paired_change,
)
from tandem.evaluation.tables import (
    Cell,
    Table,
    count_cell,
    instrument_definitions,
    label,
    matching_engagements,
    narrowed,
    number,
    p_value_cell,
    period_bounds,
    withheld,
)
from tandem.instruments.definition import Definition, ScoreRule
from tandem.instruments.models import Administration, Response
from tandem.privacy.suppression import figure_shown, min_count

Kind = Administration.Kind
SUBMITTED = Response.Status.SUBMITTED
# Item types answered on a labelled rating scale: their scores are ordinal (Wilcoxon).
RATING_TYPES = ("likert", "paired")


# --- 1. Before and after -------------------------------------------------------------------


def instrument_is_ordinal(definition: Definition) -> bool:
    """Wilcoxon or t: an instrument is ordinal when every item its scores read is answered on
    a labelled rating scale (likert or paired items, e.g. "strongly disagree" to "strongly
    agree"); scores that read numbers or count yes/no answers are treated as interval data."""
    items = [item for rule in definition.scoring for item in definition.selected_items(rule)]
    return bool(items) and all(item.type in RATING_TYPES for item in items)


def before_after(filters: Filters) -> list[Table]:
    start, end = period_bounds(filters)
    # The person measured: the respondent of a self-assessment, the person an observer rates.
    about = (Q(subject__isnull=True) & filters.scope.people_q("respondent__org_unit__path")) | (
        Q(subject__isnull=False) & filters.scope.people_q("subject__org_unit__path")
    )
    posts = Administration.objects.filter(
        about,
        phase=Administration.Phase.POST,
        pre__response__status=SUBMITTED,
        response__status=SUBMITTED,
        response__submitted_at__range=(start, end),
    )
    if narrowed(filters):
        learners = matching_engagements(filters).values("learner_id")
        posts = posts.filter(
            Q(subject__isnull=True, respondent__in=learners) | Q(subject__in=learners)
        )
    # One pair per person and instrument: their latest, so nobody counts twice.
    pairs: dict[tuple[int, int], tuple[int, dict[str, Any], dict[str, Any]]] = {}
    rows_read = (
        posts.annotate(person=Coalesce("subject_id", "respondent_id"))
        .order_by("response__submitted_at", "pk")
        .values_list(
            "version_id",
            "version__instrument_id",
            "person",
            "pre__response__scores",
            "response__scores",
        )
    )
    for version_id, instrument_id, person_id, before, after in rows_read:
        pairs[(instrument_id, person_id)] = (version_id, before or {}, after or {})
    definitions = instrument_definitions({version_id for version_id, _, _ in pairs.values()})
    by_instrument: dict[int, list[tuple[int, dict[str, Any], dict[str, Any]]]] = defaultdict(list)
    for (instrument_id, _), pair in pairs.items():
        by_instrument[instrument_id].append(pair)
    rows = []
    for pairs_of in sorted(
        by_instrument.values(), key=lambda p: _latest(definitions, p).title.lower()
    ):
        definition = _latest(definitions, pairs_of)
        ordinal = instrument_is_ordinal(definition)
        for rule in definition.scoring:
            rows.append(_change_row(definition, rule, pairs_of, ordinal=ordinal))
    # "Built from" counts the instruments with enough pairs only: the total less the rows
    # shown would tell how many pairs a hidden instrument had.
    counted = sum(len(p) for p in by_instrument.values() if figure_shown(len(p)))
    notes: tuple[str, ...] = ()
    if not rows:
        notes = ("No instrument was given before and after in the period.",)
    elif counted < len(pairs):
        notes = (
            f"Instruments with fewer than {min_count()} pairs show no figure and are not counted "
            "in the pairs this table is built from.",
        )
    return [
        Table(
            slug="before-after",
            title="Change from before to after",
            counts="People who filled in an instrument before and after (or were rated before "
            "and after), whose 'after' was submitted in the period, one pair per person: the "
            "mean score before and after, the mean change with its 95% confidence interval, "
            "and the effect size (the mean change divided by how much the changes vary: about "
            "0.2 is small, 0.5 medium, 0.8 large). The test says how likely a change this size "
            "would be by chance (p-value).",
            columns=(
                "Instrument: score",
                "Pairs",
                "Mean before",
                "Mean after",
                "Mean change",
                "95% confidence interval of the change",
                f"Effect size: {EFFECT_SIZE_NAME}",
                "Test",
                "p-value",
            ),
            rows=tuple(rows),
            behind=counted,
            behind_label="before-and-after pairs",
            people=len({person for _, person in pairs}),
            notes=(
                *notes,
                f"The {WILCOXON} is used for instruments answered on rating scales, the "
                "paired t-test for the others. Pairs with no score before or after are left "
                "out.",
            ),
            chart_column=6,
        )
    ]


def _latest(
    definitions: dict[int, Definition], pairs: Sequence[tuple[int, Any, Any]]
) -> Definition:
    """The newest version's definition among these pairs: its score labels name the rows."""
    return max((definitions[version_id] for version_id, _, _ in pairs), key=lambda d: d.version)


def _change_row(
    definition: Definition,
    rule: ScoreRule,
    pairs: Sequence[tuple[int, dict[str, Any], dict[str, Any]]],
    *,
    ordinal: bool,
) -> tuple[Cell, ...]:
    before = [scores.get(rule.key) for _, scores, _ in pairs]
    after = [scores.get(rule.key) for _, _, scores in pairs]
    name = label(f"{definition.title}: {rule.label}")
    n = sum(1 for b, a in zip(before, after, strict=True) if b is not None and a is not None)
    if not figure_shown(n):  # not even computed: nothing of it is shown
        hidden = withheld(n)
        return (name, count_cell(n), *(hidden,) * 5, Cell(WILCOXON if ordinal else T_TEST), hidden)
    change = paired_change(before, after, ordinal=ordinal)
    interval = (
        Cell(f"{change.ci[0]:.2f} to {change.ci[1]:.2f}") if change.ci is not None else Cell("–")
    )
    return (
        name,
        number(change.n),
        number(change.mean_before, places=2),
        number(change.mean_after, places=2),
        number(change.mean_difference, places=2),
        interval,
        number(change.effect_size, places=2),
        Cell(change.test),
        p_value_cell(change.p_value),
    )
