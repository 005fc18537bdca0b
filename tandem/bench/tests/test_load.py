"""The load test's own parts, quickly: the locustfile played for a few seconds by one person
of each role against gunicorn on a demo-scale world, and the pieces `scripts/load-test.sh`
reads its results with. locust runs in a subprocess (it monkey-patches the standard library
with gevent as it is imported, which this process must not have).

The full run (the production stack on a county-scale copy, minutes long) is not a test:
docs/BENCHMARKS.md, "Load test", records it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from tandem.bench.load import report, run
from tandem.bench.load.accounts import accounts_write
from tandem.bench.load.pages import form_posting_to, hidden_value, ids_linked

REAL_HASHERS = [
    "tandem.accounts.hashers.TandemArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def _database_url() -> str:
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    credentials = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    return f"postgres://{credentials}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{config['NAME']}"


def test_each_role_plays_through_the_app_server_without_a_failure(threads_db, settings, tmp_path):
    # The app server checks passwords with the real hashers, not the suite's fast one.
    settings.PASSWORD_HASHERS = REAL_HASHERS
    call_command("seed", "--scale", "demo", verbosity=0)
    accounts = accounts_write(path=str(tmp_path / "accounts.json"))
    assert all(accounts["roles"][role] for role in ("learner", "coach", "supervisor"))
    stack = run.stack_start(
        database_url=_database_url(),
        data_dir=tmp_path / "data",
        log=tmp_path / "server.log",
        port=run.free_port(),
        production=False,  # no static files to collect: that takes half a minute
        command="web",
        web_concurrency=1,
        web_threads=4,
    )
    try:
        stack.wait_healthy(seconds=60)
        played = run.locust_run(
            host=stack.url,
            users=4,
            rate=4,
            seconds=8,
            out=tmp_path,
            accounts=tmp_path / "accounts.json",
            pace=0.05,
        )
    finally:
        stopped = stack.stop()

    rows = report.stats_read(played.stats)
    server = report.server_log_read(tmp_path / "server.log")
    problems = run.problems_of(played, rows, server, stack_code=stopped)
    assert problems == [], (played.log.read_text()[-3000:], server.samples)
    roles = {"learner", "coach", "supervisor", "program_lead"}
    assert set(played.summary["users"]) == roles
    assert all(played.summary["requests"][role] > 2 for role in roles)
    # Saves were made and found on the page opened after them.
    assert sum(played.summary["verified"].values()) > 0
    assert played.summary["unverified"] == {}
    # Every request locust counted reached the app server and was logged there.
    assert server.requests >= next(r.count for r in rows if r.is_total)


def test_only_loopback_is_loaded(tmp_path):
    with pytest.raises(SystemExit, match="127.0.0.1 only"):
        run.locust_run(
            host="http://10.0.0.8:8000",
            users=1,
            rate=1,
            seconds=1,
            out=tmp_path,
            accounts=tmp_path / "accounts.json",
        )
    with pytest.raises(SystemExit):
        run.main(["sqlite", "1", "1", "--host", "192.168.1.10"])


def test_forms_are_read_as_a_browser_submits_them():
    page = """
    <form method="post" action="/conversation/sessions/7/record/">
      <input type="hidden" name="csrfmiddlewaretoken" value="tok">
      <input type="hidden" name="base_version" value="3">
      <input name="focus" value="Old focus">
      <input type="checkbox" name="techniques" value="open" checked>
      <input type="checkbox" name="techniques" value="scaling">
      <textarea name="stage_note_g">
Kept note</textarea>
      <select name="observation"><option value="">None</option><option value="4" selected>Obs</option></select>
      <button type="submit">Save</button>
    </form>
    <a href="/coaching/12/">one</a> <a href="/coaching/12/">again</a> <a href="/coaching/12/sessions/">no</a>
    """
    form = form_posting_to(page, r"/record/$")

    assert form is not None
    assert form.data(focus="New focus") == [
        ("csrfmiddlewaretoken", "tok"),
        ("base_version", "3"),
        ("focus", "New focus"),
        ("techniques", "open"),
        ("stage_note_g", "Kept note"),
        ("observation", "4"),
    ]
    assert form.textareas == ["stage_note_g"]
    assert ids_linked(page, r"/coaching/(\d+)/") == [12]
    fragment = '<input type="hidden" name="draft_sequence" id="x" value="5" hx-swap-oob="true">'
    assert hidden_value(fragment, "draft_sequence") == "5"


def test_the_report_has_a_row_per_request_kind_and_names_each_problem(tmp_path: Path):
    (tmp_path / "locust_stats.csv").write_text(
        "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
        "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
        "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n"
        "GET,my team,10,0,40,45,20,90,5000,0.5,0,40,41,42,43,60,80,90,90,90,90,90\n"
        "POST,journal save (learner),4,1,30,30,20,40,0,0.2,0.05,30,30,30,40,40,40,40,40,40,40,40\n"
        ",Aggregated,14,1,35,40,20,90,3000,0.7,0.05,35,40,40,40,60,80,90,90,90,90,90\n"
    )
    (tmp_path / "server.log").write_text(
        '{"level": "INFO", "logger": "tandem.request", "status": 200}\n'
        '{"level": "ERROR", "logger": "django.request", "message": "database is locked"}\n'
    )
    rows = report.stats_read(tmp_path / "locust_stats.csv")
    server = report.server_log_read(tmp_path / "server.log")
    played = run.LocustRun(
        returncode=1,
        stats=tmp_path / "locust_stats.csv",
        failures=tmp_path / "none.csv",
        summary={"users": {"learner": 1}, "requests": {"learner": 14}},
        log=tmp_path / "locust.log",
    )

    problems = run.problems_of(played, rows, server, stack_code=0)
    text = report.render(
        title="t", setup=[], rows=rows, failures=[], summary={}, server=server, problems=problems
    )

    assert "| journal save (learner) | 4 | 1 | 30 | 40 | 40 | 0.20 |" in text
    assert "| **All** | 14 | 1 | 35 | 80 | 90 | 0.70 |" in text
    assert problems == [
        "1 failed requests",
        '1 "database is locked" lines in the server log',
        "1 error lines in the server log",
    ]
    assert text.rstrip().endswith("1 error lines in the server log")
