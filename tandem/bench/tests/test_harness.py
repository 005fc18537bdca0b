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


def _evaluation_row(p50: float, p95: float, label: str = "Evaluation: dose (evaluator)") -> dict:
    return {
        "label": label,
        "url": "/evaluation/dose/",
        "account": "evaluator",
        "status": 200,
        "queries": 14,
        "p50_ms": p50,
        "p95_ms": p95,
    }


@pytest.mark.parametrize(
    ("state", "state10", "verdict"),
    [
        ((40.0, 50.0), (44.0, 70.0), "yes"),  # p95 moved a lot, the median little
        ((40.0, 50.0), (60.0, 62.0), "NO"),  # 1.5 times slower
        ((290.0, 310.0), (295.0, 315.0), "NO"),  # over 300 ms at state scale
    ],
)
def test_the_evaluation_budget_is_p95_at_state_and_median_growth_at_ten_times(
    state, state10, verdict
):
    live = "Evaluation: dose (evaluator, computed live)"
    runs = [
        ScaleRun(
            "state", "s", "postgres", rows=[_evaluation_row(*state), _evaluation_row(5, 9, live)]
        ),
        ScaleRun("state10", "s10", "postgres", rows=[_evaluation_row(*state10)]),
        ScaleRun("state", "s", "sqlite", rows=[_evaluation_row(900.0, 990.0)]),  # not the budget's
    ]

    text = render(runs=runs, repeat=3, command="manage.py bench", today=date(2026, 1, 15))

    budget = [line for line in text.splitlines() if line.startswith("| Evaluation: dose")]
    assert budget[0] == (
        f"| Evaluation: dose (evaluator) | {state[0]:.1f} / {state[1]:.1f} "
        f"| {state10[0]:.1f} / {state10[1]:.1f} | {state10[0] / state[0]:.2f}× "
        f"| {state10[1] / state[1]:.2f}× | {verdict} |"
    )
    # Computed on every visit: listed apart, with no verdict.
    assert budget[1] == f"| {live} | 5.0 / 9.0 | – |"


def test_a_run_not_measured_again_comes_back_as_it_was_with_its_date(tmp_path, settings):
    from tandem.bench.management.commands.bench import _save, _saved

    settings.DATA_DIR = tmp_path
    (tmp_path / "bench").mkdir()
    run = ScaleRun("state", "s", "sqlite", seed_seconds=5.0, rows=[_evaluation_row(3.0, 4.0)])
    _save(run)

    again = _saved("sqlite", "state")

    assert again is not None and again.rows == run.rows and again.seed_seconds == 5.0
    assert again.note.startswith(f"measured on {date.today().isoformat()} by an earlier run")
    assert _saved("postgres", "state") is None
