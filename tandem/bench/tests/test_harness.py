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
        ScaleRun(scale="state", description="s", seed_seconds=5.0, rows=[row]),
        ScaleRun(scale="state10", description="s10", seed_seconds=None, rows=[row]),
    ]

    text = render(runs=runs, repeat=3, command="manage.py bench", today=date(2026, 1, 15))

    table = [line for line in text.splitlines() if line.startswith("| Baseline")]
    assert table == [
        "| Baseline | state | 3.0 | 4.5 | 7 | 200 | learner | `/baseline/` |",
        "| Baseline | state10 | 3.0 | 4.5 | 7 | 200 | learner | `/baseline/` |",
    ]
