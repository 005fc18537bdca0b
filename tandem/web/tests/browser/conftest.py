"""Real-browser fixtures: Debian's Chromium driven by Playwright (it cannot download its own)."""

from __future__ import annotations

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


# Module-scoped fixtures that commit one world for a whole module and flush it at its end.
MODULE_WORLDS = ("demo_agency_for_module", "a11y_world")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest, django_db_setup: None) -> Iterator[object]:
    """pytest-django's live server, but on SQLite's in-memory test database the application
    runs one request at a time.

    There every request thread shares the test's single database connection (an in-memory
    database exists only inside it), so two requests at once (an htmx check and a form post)
    would interleave their savepoints ("no such savepoint", a 500). Connections are still
    accepted by many threads, so a socket Chromium opens ahead of time never blocks the rest.
    On PostgreSQL each request thread has its own connection and nothing is serialized. The
    server starts after the test database exists, so it always knows which case it is in."""
    import threading
    from unittest import mock

    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.db import connection
    from django.test.testcases import LiveServerThread
    from pytest_django.live_server_helper import LiveServer

    class OneAppCallAtATime(ThreadedWSGIServer):
        lock = threading.Lock()

        def set_app(self, application):  # type: ignore[no-untyped-def]
            def serialized(environ, start_response):  # type: ignore[no-untyped-def]
                with self.lock:
                    result = application(environ, start_response)
                    try:
                        return list(result)
                    finally:
                        if hasattr(result, "close"):
                            result.close()

            super().set_app(serialized)

    class SerializedLiveServerThread(LiveServerThread):
        server_class = OneAppCallAtATime

    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    thread_class = LiveServerThread
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        thread_class = SerializedLiveServerThread
    with mock.patch("django.test.testcases.LiveServerThread", thread_class):
        server = LiveServer(addr)
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _live_server_helper(request: pytest.FixtureRequest) -> Iterator[None]:
    """pytest-django's helper of the same name, but a module that shares one committed database
    (a fixture in MODULE_WORLDS) gets plain database access instead of a flush after each test."""
    if "live_server" not in request.fixturenames:
        yield
        return
    if any(name in request.fixturenames for name in MODULE_WORLDS):
        blocker = request.getfixturevalue("django_db_blocker")
        blocker.unblock()
        request.addfinalizer(blocker.restore)
    else:
        request.getfixturevalue("transactional_db")
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()


@pytest.fixture(scope="module")
def demo_agency_for_module(django_db_setup: None, django_db_blocker: object) -> Iterator[None]:
    """The demo agency seeded once for a module whose tests only read it (signing in is all
    they write), committed so the live server sees it, and flushed when the module ends."""
    from django.core.management import call_command

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("seed", "--scale", "demo", verbosity=0)
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-chromium.sh (make test does).")
    from playwright.sync_api import expect, sync_playwright

    # Generous: CI runs on 2 cores, sometimes beside another test run.
    expect.set_options(timeout=30_000)
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


def sign_in(page, email: str, password: str) -> None:  # type: ignore[no-untyped-def]
    """Sign in through the form, as a person does."""
    page.goto("/accounts/login/")
    page.get_by_label("Work email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def demo_sign_in(page, local: str) -> None:  # type: ignore[no-untyped-def]
    """Sign in through the form as the demo account `<local>@demo.tandem.test`."""
    from tandem.demo.generator import DEMO_DOMAIN, DEMO_PASSWORD

    sign_in(page, f"{local}@{DEMO_DOMAIN}", DEMO_PASSWORD)


def sign_out(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_load_state()  # a click just before may still be loading its answer
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")
    page.wait_for_load_state()
