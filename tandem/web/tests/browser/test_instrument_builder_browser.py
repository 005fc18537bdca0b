"""A program lead builds an instrument in the browser: one section, two rating questions,
then previews and exports it."""

import pytest
from playwright.sync_api import expect

from tandem.instruments.schema import definition_parse
from tandem.people.models import Role
from tandem.people.tests.factories import TEST_PASSWORD, make_tree, person_with_account
from tandem.web.tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_program_lead_builds_previews_and_exports_an_instrument(page, tmp_path):
    tree = make_tree()
    lead = person_with_account(roles=(Role.PROGRAM_LEAD,), org_unit=tree["north_office"])
    page.goto("/accounts/login/")
    page.get_by_label("Work email").fill(lead.work_email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/program/")

    page.goto("/instruments/builder/")
    page.get_by_role("link", name="Create an instrument").click()
    page.get_by_label("Title").fill("Family meeting check")
    page.get_by_label("Short name").fill("family-meeting-check")
    page.get_by_label("Purpose").fill("Caseworkers look back on a family meeting.")
    page.get_by_label("Source").fill("Our training team.")
    page.get_by_role("button", name="Create and write questions").click()
    page.wait_for_url("**/builder/family-meeting-check/v1/edit/")

    page.get_by_label("Section title").fill("The meeting")
    page.locator("#section-0-item-0-text").fill("I explained why we were meeting.")
    page.get_by_role("button", name="Add a question to section 1").click()
    second = page.locator("#section-0-item-1-text")
    second.wait_for()  # htmx replaced the editor with one more question
    second.fill("The family said what they wanted from the meeting.")
    kind = page.locator("#section-0-item-1-type")
    kind.select_option("yes_no")  # htmx shows that kind's fields, keeping what was typed
    page.locator("#section-0-item-1-red_flag").wait_for(state="attached")
    assert page.locator("#section-0-item-1-scale").count() == 0
    page.locator("#section-0-item-1-type").select_option("likert")
    page.locator("#section-0-item-1-scale").select_option("agree4")
    assert second.input_value() == "The family said what they wanted from the meeting."
    assert page.locator("#section-0-title").input_value() == "The meeting"
    screenshot(page, "instrument-builder")
    page.get_by_role("button", name="Save").first.click()
    page.wait_for_url("**/builder/family-meeting-check/v1/")
    assert "Version 1 is saved." in page.locator("main").inner_text()

    page.get_by_role("link", name="Preview").click()
    main = page.locator("main")
    expect(main.get_by_role("heading", name="The meeting")).to_be_visible()
    first = main.get_by_role("group", name="I explained why we were meeting.")
    first.locator("label", has_text="4 – Strongly agree").click()  # USWDS hides the input
    assert first.get_by_label("4 – Strongly agree").is_checked()
    expect(main.get_by_role("group", name="The family said what they wanted")).to_be_visible()
    screenshot(page, "instrument-builder-preview")

    page.get_by_role("link", name="Back to the instrument").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export YAML").click()
    download = download_info.value
    assert download.suggested_filename == "family-meeting-check-v1.yaml"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    definition = definition_parse(path.read_text(), origin=path.name)
    assert [item.text for item in definition.items] == [
        "I explained why we were meeting.",
        "The family said what they wanted from the meeting.",
    ]
    assert page.console_errors == []
