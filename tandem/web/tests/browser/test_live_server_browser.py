"""The live server the browser tests use (see `live_server` in conftest.py)."""

from django.db import connection


def test_on_in_memory_sqlite_the_live_server_runs_one_request_at_a_time(live_server):
    shared_connection = connection.vendor == "sqlite" and connection.is_in_memory_db()
    serialized = hasattr(live_server.thread.httpd, "lock")
    assert serialized is shared_connection
