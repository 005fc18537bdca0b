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
