"""Accessibility, checked in a real browser: axe-core (WCAG 2.1 A and AA) on every page each
role reaches, and what axe cannot see (focus after a failed submit, announcements after an
htmx swap).

Which pages a role reaches comes from the authorization matrix
(tandem/privacy/tests/test_matrix.py), which already fails when a URL has no rule: every URL
one of the actors below may open with GET is audited, on the matrix's own small world (one
object per URL pattern). A URL that is neither audited nor listed in EXCLUDED with a reason
fails `test_every_url_is_audited_or_excluded`. axe-core comes from npm (`make assets`) and is
injected by the test; the application never serves it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tandem.people.models import Role
from tandem.people.tests.factories import person_with_account
from tandem.privacy.tests.authz import OK
from tandem.privacy.tests.test_matrix import RULES, _build_matrix_world

pytestmark = pytest.mark.a11y

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# One actor per role, and the observer, whom the matrix does not know: the pages the
# observer reaches are found by asking for each. The matrix's "other_*" actors hold the same
# roles as their twins; they open only the pages their twin cannot (an engagement with no
# agreement yet, say).
ROLES = (
    "anonymous",
    "learner",
    "coach",
    "supervisor",
    "leadership",
    "program_lead",
    "coach_supervisor",
    "evaluator",
    "administrator",
)
PROBED_ROLES = ("observer",)
TWINS = {"other_learner": "learner", "other_coach": "coach", "other_supervisor": "supervisor"}
VISITORS = ROLES + PROBED_ROLES + tuple(TWINS)

DOWNLOAD = "a download, not a page"
FRAGMENT = "an htmx fragment, audited inside the page that shows it"
EXCLUDED: dict[str, str] = {
    "accounts:logout": "signing out is a POST from the header's button",
    "web:home": "redirects to the role's own home, which is audited",
    "staff_import:example_csv": DOWNLOAD,
    "staff_import:problems_csv": DOWNLOAD,
    "staff_import:uploaded_file": DOWNLOAD,
    "staff_import:status": FRAGMENT,
    "coaching:calendar_feed": "a calendar feed (iCalendar) for calendar programs",
    "coaching:session_ics": DOWNLOAD,
    "agreements:version_pdf": "a PDF (its layout is tested in tandem/agreements)",
    "evaluation:export_download": DOWNLOAD,
    "evaluation:table_csv": DOWNLOAD,
    "instruments:builder_export": DOWNLOAD,
    "questionbank:suggest": FRAGMENT,
    "development:growth_mine": "redirects to the coach's own development page, which is audited",
    "development:supervision_ics": DOWNLOAD,
    "development:roundtable_meeting_ics": DOWNLOAD,
    "development:roundtable_resource_file": DOWNLOAD,
    "healthz": "a health check for a load balancer (JSON)",
    "readyz": "a readiness check for a load balancer (JSON)",
}
# Pages a person is shown with another status than 200 (to anyone: opened as anonymous).
STATUS = {"accounts:sso_not_recognized": 403}
# axe-core's WCAG 2.1 A and AA rules, and headings in order (axe files it as best practice).
AXE_RUN = """async tags => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    rules: {"heading-order": {enabled: true}},
    resultTypes: ["violations"],
  });
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" "))
  }));
}"""
# WCAG 1.4.10 (reflow): at 320 px the page itself does not scroll sideways; a wide table
# scrolls inside its own container. Returns the widest elements when it does.
NARROW = 320
OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const wide = [...document.body.querySelectorAll("*")]
    .filter(el => el.getBoundingClientRect().right > root.clientWidth + 1)
    .filter(el => ![...el.children].some(c => c.getBoundingClientRect().right > root.clientWidth + 1));
  return wide.slice(0, 3).map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : ""));
}"""


def _post_only(name: str) -> bool:
    """The matrix declares only POST requests for it: a form's target, not a page."""
    return all(rule.method == "post" for rule in RULES[name])


@dataclass
class Audit:
    violations: dict[str, list[str]] = field(default_factory=dict)  # role -> lines
    audited: dict[str, set[str]] = field(default_factory=dict)  # url name -> roles
    problems: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # page content already audited
    axe_runs: int = 0
    seconds: float = 0.0

    def audited_by(self, role: str) -> set[str]:
        return {name for name, roles in self.audited.items() if role in roles}


@pytest.fixture(scope="module")
def a11y_world(django_db_setup: None, django_db_blocker) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """The authorization matrix's world plus an observer, committed for the live server and
    flushed when the module ends (the browser conftest then skips its per-test flush)."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        world = _build_matrix_world()
        world.people["observer"] = person_with_account(
            roles=(Role.OBSERVER,), org_unit=world.tree["north_office"], last_name="Observer"
        )
    yield world
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def _url(world, name: str, rule) -> str:  # type: ignore[no-untyped-def]
    url = reverse(name, args=[world.objects[arg] for arg in rule.args])
    return f"{url}?{urlencode(rule.data)}" if rule.data else url


def _opens(role: str, name: str, rule) -> bool:  # type: ignore[no-untyped-def]
    if rule.method != "get":
        return False
    if role in PROBED_ROLES:
        return True
    if name in STATUS:
        return role == "anonymous"
    return rule.expect.get(role) == OK


def pages_for(world, role: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(url name, url) of every page the matrix lets `role` open, one object per pattern."""
    found = []
    for name, rules in RULES.items():
        if name in EXCLUDED or _post_only(name):
            continue
        if role in TWINS and any(_opens(TWINS[role], name, rule) for rule in rules):
            continue
        rule = next((rule for rule in rules if _opens(role, name, rule)), None)
        if rule is not None:
            found.append((name, _url(world, name, rule)))
    return found


def signed_in_context(chromium, live_server, world, role: str, **options):  # type: ignore[no-untyped-def]
    """A browser context signed in as `role` (a session made on the server, no form)."""
    context = chromium.new_context(base_url=live_server.url, **options)
    if role != "anonymous":
        client = Client()
        client.force_login(world.people[role].user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context


MAIN = re.compile(r"<main\b.*</main>", re.S)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _main_of(html: str) -> str:
    """The page's own content: what differs between two pages beyond the shared header."""
    found = MAIN.search(html)
    return CSRF.sub("", found.group(0)) if found else html


def _audit_role(chromium, live_server, world, role: str, audit: Audit, axe: str) -> None:  # type: ignore[no-untyped-def]
    """Run axe on each page the role reaches, and look at it 320 px wide.

    Each page is fetched first without rendering. Content another role's audit already
    covered (a people list shown alike to everyone) is not audited again, except on the
    role's first page (its header and navigation). A page is audited in one document per
    role: the first is navigated to (axe is evaluated into it once), the next are written
    into it as served, which is what keeps the audit of every role's pages within a minute."""
    context = signed_in_context(
        chromium, live_server, world, role, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    lines = audit.violations.setdefault(role, [])
    for name, url in pages_for(world, role):
        response = context.request.get(url, max_redirects=0)
        if response.status != STATUS.get(name, 200):
            if role not in PROBED_ROLES:
                audit.problems.append(f"{role} {url}: {response.status}, the matrix says 200")
            continue
        if not response.headers.get("content-type", "").startswith("text/html"):
            audit.problems.append(f"{name} is not a page: list it in EXCLUDED with a reason")
            continue
        first = not audit.audited_by(role)
        audit.audited.setdefault(name, set()).add(role)
        html = response.text()
        main = _main_of(html)
        if main in audit.seen and not first:
            continue
        audit.seen.add(main)
        if page.url == "about:blank":
            page.goto(url)
            page.evaluate(axe)
        else:
            page.set_content(html)
        for v in page.evaluate(AXE_RUN, WCAG_TAGS):
            lines.append(f"{v['rule']} ({v['impact']}) on {name} {url}: {v['help']}")
            lines.extend(f"    {target}" for target in v["nodes"])
        audit.axe_runs += 1
        if "<table" in main:
            page.set_viewport_size({"width": NARROW, "height": 900})
            wide = page.evaluate(OVERFLOW)
            if wide:
                lines.append(f"reflow: {name} {url} scrolls sideways at {NARROW} px: {wide}")
            page.set_viewport_size({"width": 1280, "height": 900})
    context.close()


@pytest.fixture(scope="module")
def audit_once() -> Audit:
    return Audit()


@pytest.fixture
def audit(audit_once, chromium, live_server, a11y_world) -> Audit:  # type: ignore[no-untyped-def]
    """Every role's pages audited once for the module (the first test to ask pays)."""
    if not audit_once.audited:
        if not AXE.exists():
            pytest.fail(f"{AXE} is missing: run `make assets` (npm installs axe-core).")
        axe = AXE.read_text() + ";0"  # evaluated by the test; the application never serves it
        started = time.monotonic()
        for role in VISITORS:
            _audit_role(chromium, live_server, a11y_world, role, audit_once, axe)
        audit_once.seconds = time.monotonic() - started
    return audit_once


@pytest.mark.parametrize("role", VISITORS)
def test_every_page_a_role_reaches_has_no_axe_violation(audit, role):
    assert audit.problems == [], "\n".join(audit.problems)
    violations = audit.violations[role]
    assert violations == [], (
        "axe-core (WCAG 2.1 A/AA, heading order) and reflow at 320 px found:\n"
        + "\n".join(violations)
    )


def test_every_url_is_audited_or_excluded(audit):
    unaudited = {name for name in RULES if not _post_only(name) and name not in EXCLUDED} - set(
        audit.audited
    )
    assert unaudited == set(), "no role could open these pages; audit them or list in EXCLUDED"
    audited = sum(len(roles) for roles in audit.audited.values())
    print(
        f"axe-core: {audited} pages ({len(audit.audited)} URL patterns, "
        f"{len(ROLES + PROBED_ROLES) - 1} roles and anonymous), {audit.axe_runs} audited, {audit.seconds:.1f} s"
    )


@pytest.fixture
def coach_page(chromium, live_server, a11y_world) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = signed_in_context(
        chromium, live_server, a11y_world, "coach", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def test_wide_tables_scroll_in_their_own_box_at_320px(coach_page, a11y_world):
    """The session page's action steps and the goal's scale are wider than a 320 px screen:
    they scroll inside a focusable region named by their caption; the page does not."""
    page = coach_page
    page.set_viewport_size({"width": NARROW, "height": 800})
    objects = a11y_world.objects
    for url in (
        reverse("conversation:session_detail", args=[objects["s1"]]),
        reverse("goals:progress", args=[objects["e1"]]),
    ):
        page.goto(url)
        assert page.evaluate(OVERFLOW) is None, url
        assert (
            page.locator("table.usa-table").count()
            == page.locator(".usa-table-container--scrollable > table.usa-table").count()
        )
    page.goto(reverse("conversation:session_detail", args=[objects["s1"]]))
    steps = page.get_by_role("region", name="Action steps agreed in this session")
    assert steps.get_attribute("tabindex") == "0"
    steps.focus()
    page.keyboard.press("ArrowRight")
    assert steps.evaluate("box => box.scrollLeft") > 0


def test_failed_submit_moves_focus_to_the_error_summary(coach_page, a11y_world):
    page = coach_page
    page.goto(reverse("goals:goal_new", args=[a11y_world.objects["e1"]]))
    page.get_by_role("button", name="Save goal").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    assert summary.get_by_role("heading").inner_text().startswith("Please fix")


def test_a_row_added_by_htmx_is_announced(coach_page, a11y_world):
    page = coach_page
    page.goto(reverse("conversation:session_detail", args=[a11y_world.objects["s1"]]))
    live = page.locator("#tandem-announcements")
    assert live.get_attribute("aria-live") == "polite"
    expect(live).to_have_text("")
    page.locator("#actions").get_by_label("Action step").fill("Call the school before Friday")
    page.get_by_role("button", name="Add action step").click()
    expect(page.get_by_role("cell", name="Call the school before Friday")).to_be_visible()
    expect(live).to_have_text("Action step added.")
