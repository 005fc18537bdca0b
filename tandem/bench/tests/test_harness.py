from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from tandem.bench.harness import PAGES, pages_measure, percentile
from tandem.bench.report import ScaleRun, render
from tandem.demo.generator import DEMO_DOMAIN


@pytest.mark.django_db
def test_pages_measure_gives_a_row_per_page_on_the_demo_seed() -> None:
    call_command("seed", "--scale", "demo", verbosity=0)

    rows = pages_measure(domain=DEMO_DOMAIN, repeat=2)

    assert [row.label for row in rows] == [page.label for page in PAGES]
    assert all(row.queries > 0 for row in rows)
    assert rows[0].url == "/baseline/"
    assert rows[0].status == 200


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 21)]

    assert percentile(values, 0.5) == 10.0
    assert percentile(values, 0.95) == 19.0
    assert percentile([3.0], 0.95) == 3.0


def test_render_writes_a_table_row_per_page_and_scale() -> None:
    row = {
        "label": "Baseline",
        "url": "/baseline/",
        "account": "learner",
        "status": 200,
        "queries": 7,
        "p50_ms": 3.04,
        "p95_ms": 4.5,
    }
    runs = [
        ScaleRun(scale="state", description="s", engine="postgres", seed_seconds=5.0, rows=[row]),
        ScaleRun(scale="state10", description="s10", seed_seconds=None, rows=[row]),
    ]

    text = render(runs=runs, repeat=3, command="manage.py bench", today=date(2026, 1, 15))

    table = [line for line in text.splitlines() if line.startswith("| Baseline")]
    assert table == [
        "| Baseline | state | postgres | 3.0 | 4.5 | 7 | 200 | learner | `/baseline/` |",
        "| Baseline | state10 | sqlite | 3.0 | 4.5 | 7 | 200 | learner | `/baseline/` |",
    ]


def _evaluation_row(p95: float, status: int = 200) -> dict:
    return {
        "label": "Evaluation: dose (evaluator)",
        "url": "/evaluation/dose/",
        "account": "evaluator",
        "status": status,
        "queries": 14,
        "p50_ms": p95 - 1,
        "p95_ms": p95,
    }


@pytest.mark.parametrize(
    ("state_p95", "state10_p95", "verdict"),
    [(40.0, 44.0, "yes"), (40.0, 60.0, "NO"), (310.0, 320.0, "NO")],
)
def test_the_evaluation_budget_is_p95_at_state_and_growth_at_ten_times(
    state_p95, state10_p95, verdict
):
    runs = [
        ScaleRun("state", "s", "postgres", rows=[_evaluation_row(state_p95)]),
        ScaleRun("state10", "s10", "postgres", rows=[_evaluation_row(state10_p95)]),
        ScaleRun("state", "s", "sqlite", rows=[_evaluation_row(900.0)]),  # not the budget's
    ]

    text = render(runs=runs, repeat=3, command="manage.py bench", today=date(2026, 1, 15))

    budget = [line for line in text.splitlines() if line.startswith("| Evaluation: dose")]
    growth = f"{state10_p95 / state_p95:.2f}×"
    assert budget[0] == (
        f"| Evaluation: dose (evaluator) | {state_p95:.1f} | {state10_p95:.1f} | {growth} "
        f"| {verdict} |"
    )
