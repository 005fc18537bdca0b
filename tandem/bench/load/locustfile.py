"""What each role does in Tandem on an ordinary working day, for locust (issue 18, item 6).

Four kinds of people, each simulated user a different seeded person of its role (the accounts
`tandem.bench.load.accounts` made, listed in the JSON file named by TANDEM_LOAD_ACCOUNTS):

- Learner: opens their coaching, writes in their reflective journal (drafts saved as they type,
  then the entry saved), reads a session.
- Coach: opens their learners and an engagement, saves a session record (with the version the
  form was opened at), writes their journal and now and then a progress summary.
- Supervisor: opens their team and the coaching their team shares with them (progress
  summaries), the goals shared with them, a report's page.
- Program lead: the enrollment board, a request's coach matching, the program page, people.

TANDEM_LOAD_MIX=writers plays only learners and coaches who write all the time, with short
pauses: the SQLite check of issue 18 ("20 concurrent writers, no 'database is locked'").

Each person signs in once, when they start (a sign-in costs an Argon2 hash), then works with
think time between tasks. Requests are named by kind ("journal save (learner)"), so locust
gives a p95 per kind. A request fails on any status of 400 and above, on landing on the sign-in
page, and when a saved text is not on the page opened after the save; a 409 (saved by someone
else since the form was opened) is counted apart as a conflict, and fails too. Loopback only:
locust refuses any host but 127.0.0.1.

Without TANDEM_LOAD_ACCOUNTS it plays the seed's own accounts (one per role) at
TANDEM_LOAD_DOMAIN (demo.tandem.test by default): enough to try it against `make serve`.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import random
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from locust import HttpUser, TaskSet, between, events, task
from locust.env import Environment
from locust.exception import StopUser

from tandem.bench.load.pages import form_posting_to, hidden_value, ids_linked

LOOPBACK = "127.0.0.1"
MIX = os.environ.get("TANDEM_LOAD_MIX", "roles")
WRITERS = MIX == "writers"
# Every pause times this: 1 is a person's pace; the quick test runs at a twentieth of it.
PACE = float(os.environ.get("TANDEM_LOAD_PACE", "1"))
# Seconds between two automatic saves of a draft (the page saves 0.8 s after typing stops);
# writers type with short pauses.
TYPING = (0.3 * PACE, 1.0 * PACE) if WRITERS else (2.0 * PACE, 6.0 * PACE)
# The seed's password (tandem/demo/generator.py), published on purpose.
PASSWORD_FALLBACK = "tandem-demo-2026"  # noqa: S105
# Shorter than gunicorn's keepalive (5 s): see Person._fresh_connection_after_idle.
IDLE_CONNECTION_SECONDS = 3.0
log = logging.getLogger("tandem.load")


def _accounts() -> dict[str, Any]:
    path = os.environ.get("TANDEM_LOAD_ACCOUNTS", "")
    if path:
        data: dict[str, Any] = json.loads(Path(path).read_text())
        return data
    domain = os.environ.get("TANDEM_LOAD_DOMAIN", "demo.tandem.test")
    roles = {"learner": "learner", "coach": "coach", "supervisor": "supervisor"}
    accounts = {role: [f"{local}@{domain}"] for role, local in roles.items()}
    accounts["program_lead"] = [f"program-lead@{domain}"]
    return {"password": PASSWORD_FALLBACK, "roles": accounts}


ACCOUNTS = _accounts()


class Tally:
    """What the run did beyond locust's own statistics, written at the end to the JSON file
    named by TANDEM_LOAD_SUMMARY (scripts/load-test.sh and the test read it)."""

    users: Counter[str] = Counter()
    people: dict[str, set[str]] = {}
    requests: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    conflicts: Counter[str] = Counter()
    verified: Counter[str] = Counter()
    unverified: Counter[str] = Counter()

    @classmethod
    def as_dict(cls) -> dict[str, Any]:
        return {
            "mix": MIX,
            "users": dict(cls.users),
            "people": {role: len(emails) for role, emails in cls.people.items()},
            "requests": dict(cls.requests),
            "failures": dict(cls.failures),
            "conflicts": dict(cls.conflicts),
            "verified": dict(cls.verified),
            "unverified": dict(cls.unverified),
        }


@events.init.add_listener
def _loopback_only(environment: Environment, **_: Any) -> None:
    host = urlparse(environment.host or "").hostname
    if host != LOOPBACK:
        log.error("The load test runs against %s only, not %r.", LOOPBACK, environment.host)
        sys.exit(2)


@events.request.add_listener
def _count(name: str, exception: Any, context: dict[str, Any], **_: Any) -> None:
    role = context.get("role", "")
    Tally.requests[role] += 1
    if exception is not None:
        Tally.failures[role] += 1


@events.quitting.add_listener
def _write_summary(environment: Environment, **_: Any) -> None:
    path = os.environ.get("TANDEM_LOAD_SUMMARY", "")
    if path:
        Path(path).write_text(json.dumps(Tally.as_dict(), indent=1))


# A few sentences of the kind people write, without names (DOMAIN.md: no names or case
# numbers of children or families), to fill journal boxes with a realistic length of text.
SENTENCES = (
    "I tried asking an open question before giving advice, and the worker found her own plan.",
    "The visit schedule still feels heavy; we looked at what can move to next week.",
    "I noticed I rushed the safety conversation when the phone kept ringing.",
    "Next time I want to name what went well before we talk about what to change.",
    "We practised the scaling question and the answer moved from four to six.",
    "Writing the court report took longer than planned because two notes were missing.",
    "I felt more confident in the team meeting after rehearsing what I would say.",
    "The supervisor check-in helped me sort which cases need attention first.",
)


def _text(token: str, sentences: int) -> str:
    chosen = random.sample(SENTENCES, k=min(sentences, len(SENTENCES)))
    return " ".join(chosen) + f" (load {token})"


def _token() -> str:
    return uuid.uuid4().hex[:12]


class Person(HttpUser):
    """A signed-in person of `role`. Subclasses give the role's tasks and weights."""

    abstract = True
    role = ""
    wait_time = between(2 * PACE, 8 * PACE)
    _next: dict[str, itertools.count[int]] = {}
    _last_request = 0.0

    def context(self) -> dict[str, Any]:
        return {"role": self.role}

    def on_start(self) -> None:
        emails: list[str] = ACCOUNTS["roles"].get(self.role, [])
        if not emails:
            self.fail("sign in", f"no account for the role {self.role}")
            raise StopUser()
        index = next(Person._next.setdefault(self.role, itertools.count()))
        self.email = emails[index % len(emails)]
        if index == len(emails):
            log.warning("More %s users than accounts: some share a person.", self.role)
        Tally.users[self.role] += 1
        Tally.people.setdefault(self.role, set()).add(self.email)
        self.sign_in()

    # --- Requests ---------------------------------------------------------------------------

    def sign_in(self) -> None:
        self.get("/accounts/login/", "sign-in page", signed_in=False)
        token = self.client.cookies.get("csrftoken", "")
        data = {
            "username": self.email,
            "password": ACCOUNTS["password"],
            "csrfmiddlewaretoken": token,
        }
        with self.client.post(
            "/accounts/login/",
            data=data,
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in of {self.email} answered {response.status_code}")
            else:
                response.success()

    def _fresh_connection_after_idle(self) -> None:
        """Open a new connection after a pause longer than the app server keeps an idle one.

        In production the browser talks to nginx, which keeps its own connections to gunicorn
        and retries one that gunicorn closed (deploy/nginx/tandem.conf). Here locust talks to
        gunicorn directly, and a connection reused just as gunicorn closes it after its idle
        `keepalive` (5 s, tandem/ops/gunicorn_conf.py) fails with no answer: a failure of the
        test's shortcut, not of Tandem. So, like the proxy, do not reuse a connection that has
        been idle that long."""
        now = time.monotonic()
        if now - self._last_request > IDLE_CONNECTION_SECONDS:
            self.client.close()
        self._last_request = now

    def get(self, path: str, name: str, *, expect: str = "", signed_in: bool = True) -> str:
        """Open a page; "" when it failed (the failure is recorded)."""
        self._fresh_connection_after_idle()
        with self.client.get(path, name=name, catch_response=True) as response:
            return self._checked(response, expect=expect, signed_in=signed_in)

    def post(
        self,
        path: str,
        name: str,
        data: list[tuple[str, str]],
        *,
        htmx: bool = False,
        expect: str = "",
    ) -> tuple[int, str, str]:
        """Submit a form: (status, Location of a redirect, body); status 0 when it failed."""
        self._fresh_connection_after_idle()
        headers = {"Referer": f"{self.host}{path}"}
        if htmx:
            headers |= {"HX-Request": "true", "X-CSRFToken": self.client.cookies.get("csrftoken")}
        with self.client.post(
            path, data=data, name=name, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            text = self._checked(response, expect=expect, signed_in=True)
            if not text and response.status_code not in {301, 302, 303}:
                return 0, "", ""
            return response.status_code, response.headers.get("Location", ""), text

    def _checked(self, response: Any, *, expect: str, signed_in: bool) -> str:
        status = response.status_code
        if status == 409:
            Tally.conflicts[self.role] += 1
            response.failure("409 conflict: saved by someone else since the form was opened")
            return ""
        if status == 0:
            response.failure(f"no answer: {response.error!r}")
            return ""
        if status >= 400:
            response.failure(f"{status} {response.reason or ''}".strip())
            return ""
        if signed_in and "/accounts/login/" in (response.url or ""):
            response.failure(f"{self.email} found the sign-in page: signed out")
            return ""
        if signed_in and "/accounts/login/" in response.headers.get("Location", ""):
            response.failure(f"{self.email} was sent to the sign-in page: signed out")
            return ""
        if expect and expect not in response.text:
            response.failure(f"{expect!r} is not on the page")
            return ""
        response.success()
        return response.text or " "

    def saved_then_shown(self, location: str, name: str, token: str, what: str) -> None:
        """Open the page a save redirected to and check the saved text is on it."""
        page = self.get(location, name)
        if page:
            self.check(token in page, what, f"{what} {token} is not on {location}")

    def check(self, ok: bool, what: str, detail: str) -> None:
        """Count a check of stored data; a failed one is a failed request of its own kind
        ("<what>: stored"), so the table shows it."""
        if ok:
            Tally.verified[what] += 1
            return
        Tally.unverified[what] += 1
        self.fail(f"{what}: stored", detail)

    def fail(self, name: str, detail: str) -> None:
        """A failure that is not one request's status: a check of what the pages show."""
        self.environment.events.request.fire(
            request_type="CHECK",
            name=name,
            response_time=0,
            response_length=0,
            exception=AssertionError(detail),
            context=self.context(),
        )

    def pause(self) -> None:
        """A person typing: the page saves a draft after each pause."""
        time.sleep(random.uniform(*TYPING))

    # --- Shared flows ------------------------------------------------------------------------

    def write_journal(self, engagement: int, kind: str, who: str) -> None:
        """Open the journal, type (a draft saved after each pause), then mostly save the entry;
        sometimes leave the draft and come back to it (it must still be there)."""
        path = f"/conversation/engagements/{engagement}/notes/{kind}/"
        page = self.get(path, f"journal page ({who})")
        form = form_posting_to(page, rf"/notes/{kind}/$") if page else None
        if form is None:
            return
        boxes = [n for n in form.textareas if n not in {"body"}] or ["body"]
        box = random.choice(boxes[:3])
        token = _token()
        sequence = form.value("draft_sequence", "0")
        for typed in range(1, random.randint(2, 4)):
            text = _text(token, typed)
            data = form.data(**{box: text, "draft_sequence": sequence})
            status, _, answer = self.post(
                form.attrs["hx-post"], f"journal autosave ({who})", data, htmx=True
            )
            if not status:
                return
            if "Not saved as a draft" in answer:
                Tally.conflicts[self.role] += 1
                self.fail(f"journal autosave ({who}): draft kept", "draft changed in another tab")
                return
            sequence = hidden_value(answer, "draft_sequence") or sequence
            self.pause()
        if random.random() < 0.2 and not WRITERS:
            # Left for now: the draft is there when the page is opened again.
            again = self.get(path, f"journal page ({who})")
            if again:
                self.check(token in again, f"journal draft ({who})", f"draft {token} not shown")
            return
        final = form.data(**{box: _text(token, 3), "draft_sequence": sequence})
        status, location, _ = self.post(form.action, f"journal save ({who})", final)
        if status == 302:
            self.saved_then_shown(location, f"journal page ({who})", token, f"journal ({who})")
        elif status:
            self.check(False, f"journal ({who})", f"answered {status}, not a redirect")


class LearnerWork(Person):
    """What a caseworker being coached does: their coaching, their reflective journal, a
    session. `Learner` and `LearnerWriter` weigh it."""

    abstract = True
    role = "learner"

    def on_start(self) -> None:
        super().on_start()
        home = self.get("/my-coaching/", "my coaching")
        self.engagements = ids_linked(home, r"/coaching/(\d+)/")
        self.sessions: list[int] = []
        if not self.engagements:
            self.fail("my coaching: an engagement", f"{self.email} has no engagement")

    @property
    def engagement(self) -> int | None:
        return self.engagements[0] if self.engagements else None

    def my_coaching(self) -> None:
        self.get("/my-coaching/", "my coaching")

    def engagement_page(self) -> None:
        if self.engagement:
            self.get(f"/coaching/{self.engagement}/", "engagement page (learner)")

    def sessions_and_journals(self) -> None:
        if self.engagement:
            page = self.get(
                f"/conversation/engagements/{self.engagement}/", "sessions and journals (learner)"
            )
            self.sessions = ids_linked(page, r"/conversation/sessions/(\d+)/") or self.sessions

    def session_page(self) -> None:
        if self.sessions:
            session = random.choice(self.sessions[-5:])
            self.get(f"/conversation/sessions/{session}/", "session page (learner)")

    def my_sessions(self) -> None:
        self.get("/coaching/schedule/", "my sessions (learner)")

    def journal(self) -> None:
        if self.engagement:
            self.write_journal(self.engagement, "learner_journal", "learner")


class CoachWork(Person):
    """What a coach does: their learners, an engagement, a session record, their journal, a
    progress summary. `Coach` and `CoachWriter` weigh it."""

    abstract = True
    role = "coach"

    def on_start(self) -> None:
        super().on_start()
        self.engagements: list[int] = []
        self.sessions: dict[int, list[int]] = {}
        self.my_learners()

    def my_learners(self) -> None:
        page = self.get("/my-learners/", "my learners")
        self.engagements = ids_linked(page, r"/coaching/(\d+)/") or self.engagements

    def _engagement(self) -> int | None:
        return random.choice(self.engagements[:12]) if self.engagements else None

    def engagement_page(self) -> None:
        engagement = self._engagement()
        if engagement:
            page = self.get(f"/coaching/{engagement}/", "engagement page (coach)")
            found = ids_linked(page, r"/conversation/sessions/(\d+)/")
            if found:
                self.sessions[engagement] = found

    def session_record(self) -> None:
        """Open a session and save its record: the focus and a stage note changed, the rest
        as the form shows it, with the version it was opened at."""
        engagement = self._engagement()
        if engagement is None:
            return
        if engagement not in self.sessions:
            page = self.get(f"/coaching/{engagement}/", "engagement page (coach)")
            self.sessions[engagement] = ids_linked(page, r"/conversation/sessions/(\d+)/")
        if not self.sessions[engagement]:
            return
        session = random.choice(self.sessions[engagement][:6])
        path = f"/conversation/sessions/{session}/"
        page = self.get(path, "session page (coach)")
        form = form_posting_to(page, r"/record/$") if page else None
        if form is None:
            return  # a supervision meeting, say: nothing to record
        self.pause()
        token = _token()
        changes = {"focus": f"Next steps on the visit plan ({token})"}
        notes = [n for n in form.textareas if n.startswith("stage_note_")]
        if notes:
            changes[random.choice(notes)] = _text(token, 2)
        status, location, _ = self.post(form.action, "session record save", form.data(**changes))
        if status == 302:
            self.saved_then_shown(location, "session page (coach)", token, "session record")
        elif status:
            self.check(False, "session record", f"answered {status}, not a redirect")

    def journal(self) -> None:
        engagement = self._engagement()
        if engagement:
            self.write_journal(engagement, "coach_journal", "coach")

    def progress_summary(self) -> None:
        """A progress summary, which the agreement may share with the learner's supervisor."""
        engagement = self._engagement()
        if engagement is None:
            return
        path = f"/conversation/engagements/{engagement}/notes/progress_summary/"
        page = self.get(path, "progress summaries (coach)")
        form = form_posting_to(page, r"/notes/progress_summary/$") if page else None
        if form is None:
            return
        self.pause()
        token = _token()
        status, location, _ = self.post(
            form.action, "progress summary save", form.data(body=_text(token, 4))
        )
        if status == 302:
            self.saved_then_shown(location, "progress summaries (coach)", token, "progress summary")
        elif status:
            self.check(False, "progress summary", f"answered {status}, not a redirect")

    def my_sessions(self) -> None:
        self.get("/coaching/schedule/", "my sessions (coach)")


class Supervisor(Person):
    """A line supervisor: the team, and what the team's coaching shares with them."""

    abstract = WRITERS
    role = "supervisor"
    weight = 19

    def on_start(self) -> None:
        super().on_start()
        self.shared: list[int] = []
        self.reports: list[int] = []
        self.goals = False
        self.my_team()

    @task(4)
    def my_team(self) -> None:
        page = self.get("/my-team/", "my team")
        if page:
            before, _, shared = page.partition("Coaching your team shares with you")
            self.reports = ids_linked(before, r"/people/(\d+)/")
            self.shared = ids_linked(shared, r"/coaching/(\d+)/")
            self.goals = 'href="/goals/team/"' in page

    @task(4)
    def shared_coaching(self) -> None:
        """A learner's engagement as the supervisor sees it: the progress summaries their
        agreement shares, and the summaries' own page."""
        if not self.shared:
            return
        engagement = random.choice(self.shared)
        page = self.get(f"/coaching/{engagement}/", "engagement page (supervisor)")
        if 'id="section-progress_summary"' in page and random.random() < 0.5:
            self.get(
                f"/conversation/engagements/{engagement}/notes/progress_summary/",
                "progress summaries (supervisor)",
            )

    @task(2)
    def team_goals(self) -> None:
        if self.goals:
            self.get("/goals/team/", "team goals")

    @task(1)
    def report_page(self) -> None:
        if self.reports:
            self.get(f"/people/{random.choice(self.reports)}/", "person page (supervisor)")


class ProgramLead(Person):
    """The county's program lead: the enrollment board and matching coaches to requests."""

    abstract = WRITERS
    role = "program_lead"
    fixed_count = 1  # a county has one

    def on_start(self) -> None:
        super().on_start()
        self.requests: list[int] = []
        self.board()

    @task(4)
    def board(self) -> None:
        page = self.get("/enrollment/board/", "enrollment board")
        self.requests = ids_linked(page, r"/matching/requests/(\d+)/") or self.requests

    @task(2)
    def board_filtered(self) -> None:
        self.get("/enrollment/board/?status=matching", "enrollment board (filtered)")

    @task(3)
    def matching(self) -> None:
        if self.requests:
            request = random.choice(self.requests[:20])
            self.get(f"/matching/requests/{request}/", "matching request")

    @task(2)
    def program(self) -> None:
        self.get("/program/", "program")

    @task(1)
    def coaches(self) -> None:
        self.get("/people/coaches/", "coaches")

    @task(1)
    def people_search(self) -> None:
        query = random.choice(["mar", "jo", "an", "li", "sa", "ch", "da", "ro", "el", "ke"])
        self.get(f"/people/?q={query}", "people search")


def weighted(tasks: dict[Callable[..., None], int]) -> list[TaskSet | Callable[..., Any]]:
    """Each task as many times as its weight (locust picks one of the list at random). Locust
    also takes the dict itself, but types `tasks` as a list, so the list keeps mypy honest."""
    return [work for work, weight in tasks.items() for _ in range(weight)]


class Learner(LearnerWork):
    abstract = WRITERS
    weight = 50
    tasks = weighted(
        {
            LearnerWork.my_coaching: 3,
            LearnerWork.engagement_page: 2,
            LearnerWork.sessions_and_journals: 2,
            LearnerWork.session_page: 1,
            LearnerWork.my_sessions: 1,
            LearnerWork.journal: 4,
        }
    )


class Coach(CoachWork):
    abstract = WRITERS
    weight = 30
    tasks = weighted(
        {
            CoachWork.my_learners: 3,
            CoachWork.engagement_page: 3,
            CoachWork.session_record: 4,
            CoachWork.journal: 3,
            CoachWork.progress_summary: 1,
            CoachWork.my_sessions: 1,
        }
    )


class LearnerWriter(LearnerWork):
    """TANDEM_LOAD_MIX=writers: a learner who only writes in their journal, with short pauses."""

    abstract = not WRITERS
    weight = 1
    wait_time = between(0.5 * PACE, 2 * PACE)
    tasks = weighted({LearnerWork.journal: 1})


class CoachWriter(CoachWork):
    """TANDEM_LOAD_MIX=writers: a coach who only saves session records, journal entries and
    progress summaries, with short pauses."""

    abstract = not WRITERS
    weight = 1
    wait_time = between(0.5 * PACE, 2 * PACE)
    tasks = weighted(
        {CoachWork.session_record: 2, CoachWork.journal: 1, CoachWork.progress_summary: 1}
    )
