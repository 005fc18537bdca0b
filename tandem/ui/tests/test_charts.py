"""Charts: what a reader sees in the SVG and in the table beside it, and that nothing from data
can inject markup, scripts or styles."""

import re
from datetime import date

import pytest
from django.template.loader import render_to_string

from tandem.people.tests.html import parse
from tandem.ui.charts import (
    Bar,
    Point,
    Series,
    Step,
    bar_chart,
    line_chart,
    step_chart,
)

EVIL = '<script>alert("x")</script>'

BARS = [Bar("Requested", 14), Bar("Readiness", None, "fewer than 11"), Bar("Active", 40)]
SERIES = [
    Series(
        "Level",
        (
            Point(date(2026, 3, 2), -1.5, text="-1.5 Between", note="baseline", hollow=True),
            Point(date(2026, 4, 6), 0, text="0 Expected outcome"),
            Point(date(2026, 5, 4), 1, text="+1 Somewhat more"),
        ),
    )
]
STEPS = [Step(0, 1.0, 1.0, 1.0), Step(3, 0.8, 0.6, 0.9), Step(6, 0.5, 0.3, 0.7)]


def bars(data=BARS, **options):
    return bar_chart(
        title="People by stage",
        description="How many people are at each stage.",
        bars=data,
        category_label="Stage",
        value_label="People",
        **options,
    )


def lines(data=SERIES, **options):
    return line_chart(
        title="Ratings over time",
        description="Levels from -2 to +2.",
        series=data,
        x_label="Date",
        **options,
    )


def steps(data=STEPS, **options):
    return step_chart(
        title="Still in coaching",
        description="Share of engagements still open, by month.",
        steps=data,
        x_label="Months",
        y_label="Still in coaching",
        band_label="95% confidence interval",
        **options,
    )


EVERY_KIND = {"bar": bars, "horizontal bar": lambda **o: bars(horizontal=True, **o)}
EVERY_KIND |= {"line": lines, "step": steps}


def rows(chart):
    return [[cell.text for cell in row] for row in chart.table.rows]


@pytest.mark.parametrize("kind", EVERY_KIND)
def test_chart_is_an_image_named_by_its_title_and_described(kind):
    chart = EVERY_KIND[kind]()
    svg = parse(chart.svg).find("svg")
    title, desc = svg.find("title", id=f"{svg.attrs['id']}-title"), svg.find("desc")
    assert (svg.attrs["role"], svg.attrs["aria-labelledby"]) == (
        "img",
        f"{title.attrs['id']} {desc.attrs['id']}",
    )
    assert title.text == chart.title
    assert desc.text == f"{chart.description} The table beside the chart has the same figures."


@pytest.mark.parametrize("kind", EVERY_KIND)
def test_chart_has_no_script_and_no_style(kind):
    markup = str(EVERY_KIND[kind]().svg)
    inline_style = re.search(r"\sstyle=", markup)
    assert ("<script" in markup, "<style" in markup, inline_style) == (False, False, None)


def test_text_from_data_is_escaped_everywhere():
    chart = bar_chart(
        title=f"Title {EVIL}",
        description=f"Description {EVIL}",
        bars=[Bar(f"Label {EVIL}", 3), Bar("Hidden", None, f"Text {EVIL}")],
        category_label="Stage",
        value_label="People",
        chart_id=f'id" onload="{EVIL}',
    )
    line = lines([Series(f"Series {EVIL}", (Point(date(2026, 1, 1), 1, note=EVIL),))])
    for markup in (str(chart.svg), str(line.svg)):
        assert ("<script" in markup, "&lt;script&gt;" in markup) == (False, True)
    svg = parse(chart.svg).find("svg")
    # A reader sees the text exactly as it was written, not as markup.
    assert svg.find("title", id=f"{svg.attrs['id']}-title").text == f"Title {EVIL}"
    assert (svg.attrs["id"], "onload" in svg.attrs) == (
        "id--onload---script-alert--x----script-",
        False,
    )
    assert svg.find("rect", class_="chart-bar").find("title").text == f"Label {EVIL}: 3"
    assert svg.find("rect", class_="chart-suppressed").find("title").text == f"Hidden: Text {EVIL}"
    assert parse(line.svg).find("circle").find("title").text == f"Jan 1, 2026 ({EVIL}): 1"


def test_suppressed_bar_is_hatched_and_says_why():
    svg = parse(bars().svg)
    hidden = svg.find("rect", class_="chart-suppressed")
    pattern = svg.find("pattern")
    assert hidden.attrs["fill"] == f"url(#{pattern.attrs['id']})"
    assert hidden.find("title").text == "Readiness: fewer than 11"
    assert [r.find("title").text for r in svg.find_all("rect", class_="chart-bar")] == [
        "Requested: 14",
        "Active: 40",
    ]
    assert "fewer than 11" in [t.text for t in svg.find_all("text")]
    assert rows(bars()) == [["Requested", "14"], ["Readiness", "fewer than 11"], ["Active", "40"]]


def test_horizontal_bars_show_the_same_figures_as_vertical_ones():
    vertical, horizontal = bars(), bars(horizontal=True)
    assert rows(vertical) == rows(horizontal)
    titles = [r.find("title").text for r in parse(horizontal.svg).find_all("rect")]
    assert titles == ["Requested: 14", "Readiness: fewer than 11", "Active: 40"]


@pytest.mark.parametrize("kind", EVERY_KIND)
def test_no_data_gives_no_data_yet(kind):
    chart = EVERY_KIND[kind](data=[])
    assert (chart.empty, parse(chart.svg).find("text").text) == (True, "No data yet.")
    page = parse(render_to_string("ui/_chart.html", {"chart": chart}))
    assert (page.texts("p"), page.find_all("table"), page.find_all("svg")) == (
        ["No data yet."],
        [],
        [],
    )


def test_line_chart_points_and_table_show_the_same_figures():
    chart = lines(y_range=(-2, 2), y_ticks=(2, 1, 0, -1, -2), reference=0)
    svg = parse(chart.svg)
    circles = svg.find_all("circle")
    assert [c.find("title").text for c in circles] == [
        "Mar 2, 2026 (baseline): -1.5 Between",
        "Apr 6, 2026: 0 Expected outcome",
        "May 4, 2026: +1 Somewhat more",
    ]
    assert rows(chart) == [
        ["Mar 2, 2026 (baseline)", "-1.5 Between"],
        ["Apr 6, 2026", "0 Expected outcome"],
        ["May 4, 2026", "+1 Somewhat more"],
    ]
    assert [c.attrs["fill"] for c in circles] == ["#ffffff", "#005ea2", "#005ea2"]
    dashed = [line for line in svg.find_all("line") if line.attrs.get("stroke-dasharray")]
    assert [line.attrs["y1"] for line in dashed] == [circles[1].attrs["cy"]]  # 0 is dashed


def test_line_chart_keeps_the_range_it_is_given():
    chart = lines([Series("T-score", (Point(1, 55), Point(2, 61)))], y_range=(20, 80))
    labels = [t.text for t in parse(chart.svg).find_all("text")]
    assert labels[:4] == ["80", "60", "40", "20"]


def test_two_series_have_a_legend_and_a_column_each():
    a = Series("Team A", (Point(date(2026, 1, 5), 40), Point(date(2026, 3, 1), 55)))
    b = Series("Team B", (Point(date(2026, 1, 5), 45),))
    chart = lines([a, b], extra_columns=())
    assert chart.table.columns == ("Date", "Team A", "Team B")
    assert rows(chart) == [["Jan 5, 2026", "40", "45"], ["Mar 1, 2026", "55", "—"]]
    texts = [t.text for t in parse(chart.svg).find_all("text")]
    assert ("Team A" in texts, "Team B" in texts) == (True, True)


def test_step_chart_draws_the_curve_and_its_band():
    chart = steps(x_end=8)
    svg = parse(chart.svg)
    band = svg.find("path", class_="chart-band").attrs["d"]
    curve = svg.find("path", class_="chart-line").attrs["d"]
    # The band goes along the highs and back along the lows: 2 corners a step each way.
    assert len(band.removeprefix("M").removesuffix(" Z").split()) == 4 * len(STEPS)
    assert curve.count("V") == len(STEPS) and curve.count("H") == len(STEPS)
    assert rows(chart) == [
        ["0", "100%", "100% to 100%"],
        ["3", "80%", "60% to 90%"],
        ["6", "50%", "30% to 70%"],
    ]
    assert chart.table.columns == ("Months", "Still in coaching", "95% confidence interval")


def test_band_is_as_wide_as_the_range_it_shows():
    narrow = steps([Step(0, 0.5, 0.45, 0.55)], x_end=2)
    wide = steps([Step(0, 0.5, 0.1, 0.9)], x_end=2)

    def height(chart):
        d = parse(chart.svg).find("path", class_="chart-band").attrs["d"]
        ys = [float(pair.split(",")[1]) for pair in d.removeprefix("M").removesuffix(" Z").split()]
        return max(ys) - min(ys)

    assert height(wide) == pytest.approx(8 * height(narrow), rel=0.05)


def test_template_puts_the_table_of_the_same_figures_beside_the_chart():
    point = Point(date(2026, 9, 6), 5, text="5 of 0–10", href="/sessions/1/?a=1&b=2", extra=(EVIL,))
    chart = lines([Series("Answer", (point,))], extra_columns=("Follow-up",), caption="Answers")
    html = render_to_string("ui/_chart.html", {"chart": chart})
    page = parse(html)
    table = page.find("table")
    assert (len(page.find_all("svg")), table.find("caption").text) == (1, "Answers")
    assert table.texts("th", scope="col") == ["Date", "Answer", "Follow-up"]
    assert [table.find("th", scope="row").text, *table.texts("td")] == [
        "Sep 6, 2026",
        "5 of 0–10",
        EVIL,
    ]
    assert table.find("a").attrs["href"] == "/sessions/1/?a=1&b=2"
    assert "<script" not in html


def test_same_chart_gets_the_same_id_and_others_another():
    assert bars().svg == bars().svg
    assert parse(bars().svg).find("svg").attrs["id"] != parse(lines().svg).find("svg").attrs["id"]
    assert parse(bars(chart_id="goal-7-chart").svg).find("svg").attrs["id"] == "goal-7-chart"
