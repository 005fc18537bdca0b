"""The evaluator's day: narrow the figures to one county and one cohort, read goal attainment as
a chart and as a table, download the table, and find no one's name in anything."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tandem.enrollment.models import Campaign
from tandem.people.models import OrgUnit, Person
from tandem.web.tests.browser.conftest import demo_sign_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_evaluator_filters_to_a_county_and_a_cohort_and_reads_goal_attainment(
    page, demo_agency_for_module, settings
):
    # The demo agency has 40 staff: with the default threshold of 11 every band of its cohort
    # is hidden. An agency may choose a lower one (PRIVACY_MIN_COUNT); with 5 the bands show.
    settings.PRIVACY_MIN_COUNT = 5
    county = OrgUnit.objects.get(kind=OrgUnit.Kind.AGENCY)
    cohort = Campaign.objects.get(kind=Campaign.Kind.COHORT)
    names = list(Person.objects.values_list("last_name", flat=True))

    demo_sign_in(page, "evaluator")
    page.get_by_role("link", name="Evaluation").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reach and flow")
    page.get_by_label("Organization").select_option(str(county.pk))
    page.get_by_label("Cohort or campaign").select_option(str(cohort.pk))
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_label("Cohort or campaign")).to_have_value(str(cohort.pk))
    page.get_by_role("link", name="Goal attainment").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goal attainment")
    # The filters travel with the section link.
    expect(page.get_by_label("Organization")).to_have_value(str(county.pk))
    expect(page.get_by_label("Cohort or campaign")).to_have_value(str(cohort.pk))

    section = page.locator("section", has=page.locator("#t-attainment-summary"))
    expect(section).to_contain_text(f"{county.name}")
    mean = section.get_by_role("row", name="Mean T-score per engagement")
    expect(mean).to_be_visible()
    # The cohort is big enough for its mean to be shown: a number between 20 and 80.
    value = mean.locator("td").first.inner_text()
    assert 20 <= float(value) <= 80, value
    bands = page.locator("section", has=page.locator("#t-t-scores"))
    expect(bands.get_by_role("table")).to_be_visible()
    # The chart is drawn from the table's own cells: each shown count is a bar's label.
    chart = bands.get_by_role("img")
    expect(chart).to_be_visible()
    for row in bands.get_by_role("row").all()[1:]:
        count = row.locator("td").inner_text()
        expect(chart).to_contain_text(count)
    screenshot(page, "evaluation-goal-attainment")

    with page.expect_download() as download:
        section.get_by_role("link", name="Download this table (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Mean T-score per engagement" in text and value in text
    assert not [name for name in names if name in text]
    assert not [name for name in names if name in page.locator("main").inner_text()]
