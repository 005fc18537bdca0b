"""Real-browser fixtures: Debian's Chromium driven by Playwright (it cannot download its own)."""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("TANDEM_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[4] / "data" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the test's own database calls are
# still synchronous, so Django's guard against async-unsafe calls must be told so.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: None) -> None:
    """Browser tests run in real transactions, and the table flush between them also removes
    the reference rows that migrations load (modalities, competencies): load them again."""
    from django.apps import apps

    importlib.import_module("tandem.people.migrations.0002_competencies_and_modalities").load(
        apps, None
    )
    importlib.import_module("tandem.questionbank.reference").load_reference_data(apps, None)


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-chromium.sh (make test does).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    # Generous: CI runs on 2 cores, sometimes beside another test run.
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


def screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def demo_sign_in(page, local: str) -> None:  # type: ignore[no-untyped-def]
    """Sign in through the form as the demo account `<local>@demo.tandem.test`."""
    from tandem.demo.generator import DEMO_DOMAIN, DEMO_PASSWORD

    page.goto("/accounts/login/")
    page.get_by_label("Work email").fill(f"{local}@{DEMO_DOMAIN}")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def sign_out(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")
