"""Request ids and the request log, as an operator reads them."""

from __future__ import annotations

import io
import json
import logging
import logging.config

import pytest
from django.conf import settings

from tandem.ops.logs import logging_config


@pytest.fixture
def log_lines():
    """The suite's logging swapped for production's JSON console, written to a buffer."""
    buffer = io.StringIO()
    config = logging_config(level="INFO", json=True, admins=False, requests=True)
    config["handlers"]["console"]["stream"] = buffer
    logging.config.dictConfig(config)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    logging.config.dictConfig(settings.LOGGING)


def test_each_request_gets_an_id_that_the_response_and_the_log_carry(client, db, log_lines):
    response = client.get("/accounts/login/", {"next": "/goals/?q=Jordan"})
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    [line] = [line for line in log_lines() if line["logger"] == "tandem.request"]
    assert line["request_id"] == request_id
    assert (line["method"], line["path"], line["status"]) == ("GET", "/accounts/login/", 200)
    assert line["level"] == "INFO" and line["user_id"] is None
    assert "Jordan" not in json.dumps(line)  # query strings may hold names: never logged


def test_the_proxys_request_id_is_kept_when_plausible(client, db, log_lines):
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="edge-7f3a9c01")
    assert kept["X-Request-ID"] == "edge-7f3a9c01"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="x\nFAKE LOG LINE")
    assert forged["X-Request-ID"] != "x\nFAKE LOG LINE"
    assert len(forged["X-Request-ID"]) == 32
    assert "FAKE LOG LINE" not in json.dumps(log_lines())


def test_a_log_record_written_while_serving_carries_the_request_id(client, db, log_lines):
    response = client.post("/accounts/login/", {"username": "nobody@example.org", "password": "x"})
    lines = [line for line in log_lines() if line["request_id"] == response["X-Request-ID"]]
    assert lines, "the request's own lines carry its id"
    outside = logging.getLogger("tandem.test")
    outside.warning("after the request")
    assert log_lines()[-1]["request_id"] == "-"


def test_text_logs_are_the_default_and_server_errors_go_to_the_administrators_when_set():
    text = logging_config(level="WARNING", json=False, admins=True, requests=False)
    assert text["handlers"]["console"]["formatter"] == "text"
    assert "mail_admins" in text["loggers"]["django.request"]["handlers"]
    assert text["loggers"]["tandem.request"]["level"] == "WARNING"
    quiet = logging_config(level="WARNING", json=False, admins=False, requests=False)
    assert quiet["loggers"]["django.request"]["handlers"] == ["console"]


def test_secrets_and_record_numbers_in_paths_are_not_logged(client, db, log_lines):
    client.get("/coaching/calendar/s3cr3t-feed-token-abcdef.ics")
    client.get("/nowhere/line%0AINFO forged/")
    paths = [line["path"] for line in log_lines() if line["logger"] == "tandem.request"]
    assert "s3cr3t-feed-token-abcdef" not in json.dumps(log_lines())
    assert paths[0].startswith("/coaching/calendar/<")  # the URL pattern, not the token
    assert paths[1] == "/nowhere/line\\nINFO forged/"  # escaped: it cannot start a log line


def test_error_reports_carry_the_request_id_and_the_stack_but_nothing_typed(
    db, mailoutbox, settings
):
    settings.ADMINS = [("Operations", "ops@agency.example.gov")]
    from django.test import RequestFactory

    from tandem.ops.logs import ErrorReportHandler, request_id

    request = RequestFactory().post(
        "/coaching/5/notes/new/?q=Jane+Doe", {"body": "The learner said her child was removed"}
    )

    def save(note: str) -> None:
        raise ValueError(f"could not save {note}")

    try:
        save(request.POST["body"])
    except ValueError:
        import sys

        exc_info = sys.exc_info()
    token = request_id.set("edge-7f3a9c01")
    try:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "x", (), exc_info)
        record.request = request
        record.status_code = 500
        record.request_id = request_id.get()
        ErrorReportHandler().emit(record)
    finally:
        request_id.reset(token)
    [mail] = mailoutbox
    assert "edge-7f3a9c01" in mail.body
    assert "builtins.ValueError" in mail.body
    assert "in save" in mail.body  # the stack's function names
    for typed in ("child was removed", "Jane", "could not save"):
        assert typed not in mail.body + mail.subject
