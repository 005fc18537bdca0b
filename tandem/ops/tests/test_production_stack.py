"""The production stack, started as an operator starts it: `scripts/tandem-server` (the entry
point of the systemd units and `make serve`) with production settings, two app servers behind
deploy/nginx/tandem.conf (TLS ending at the proxy), the worker and the scheduler.

On SQLite (the `make test` pass) it runs as a declared pilot; on PostgreSQL (the CI pass with
DATABASE_URL) against a database of its own, which shows two app servers serving the same
signed-in people from one database.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
SERVER = ROOT / "scripts" / "tandem-server"
NGINX = Path("/usr/sbin/nginx")
PASSWORD = "a long pass phrase for the stack"  # noqa: S105
ACCOUNT = "stack.admin@agency.example.gov"

pytestmark = pytest.mark.skipif(
    not NGINX.exists(), reason="nginx missing: `make test` installs it (scripts/ensure-nginx.sh)"
)


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, *, status: int = 200, seconds: float = 120) -> dict:
    deadline = time.monotonic() + seconds
    last: object = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                if response.status == status:
                    return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            last = error.read()
        except OSError as error:
            last = error
        time.sleep(0.5)
    raise AssertionError(f"{url} did not answer {status} in {seconds} s: {last!r}")


@dataclass
class Stack:
    tmp: Path
    env: dict[str, str]
    web: list[int]
    https: int
    http: int
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def log(self) -> str:
        return (self.tmp / "stack.log").read_text(errors="replace")

    def start(self, *args: str, **extra_env: str) -> None:
        with (self.tmp / "stack.log").open("a") as log:
            self.processes.append(
                subprocess.Popen(  # noqa: S603
                    [str(SERVER), *args],
                    env={**self.env, **extra_env},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )

    def run(self, *args: str) -> str:
        result = subprocess.run(  # noqa: S603
            [*args], env=self.env, cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def stop(self) -> list[int]:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        codes = []
        for process in self.processes:
            try:
                codes.append(process.wait(timeout=30))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                codes.append(process.wait())
        return codes


def _on_server(statement: str) -> None:
    """Run one statement on the suite's PostgreSQL server, outside any database's transaction."""
    config = settings.DATABASES["default"]
    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"],
        user=config["USER"],
        dbname="postgres",
        password=config["PASSWORD"] or None,
        autocommit=True,
    ) as admin:
        admin.execute(statement)


def _database(tmp: Path) -> tuple[str, str | None]:
    """A database of the stack's own on the engine the suite runs on: (url, PostgreSQL name)."""
    config = settings.DATABASES["default"]
    if config["ENGINE"] != "django.db.backends.postgresql":
        return f"sqlite:///{tmp / 'pilot.sqlite3'}", None
    name = f"tandem_stack_{uuid.uuid4().hex[:8]}"
    _on_server(f'CREATE DATABASE "{name}"')
    credentials = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    return f"postgres://{credentials}@{config['HOST']}:{config['PORT']}/{name}", name


def _nginx_conf(stack: Stack) -> Path:
    """deploy/nginx/tandem.conf with this run's ports, certificate and upstreams, inside the
    few lines an nginx run by an ordinary user needs."""
    site = (ROOT / "deploy" / "nginx" / "tandem.conf").read_text()
    upstreams = "".join(f"    server 127.0.0.1:{port};\n" for port in stack.web)
    site = re.sub(r"    server 127\.0\.0\.1:8000;\n", upstreams, site)
    site = site.replace("listen 80", f"listen 127.0.0.1:{stack.http}")
    site = site.replace("listen 443", f"listen 127.0.0.1:{stack.https}")
    site = site.replace("tandem.example.gov", "localhost")
    site = site.replace("/var/log/nginx/", f"{stack.tmp}/nginx-")
    site = site.replace("/etc/ssl/tandem/fullchain.pem", str(stack.tmp / "cert.pem"))
    site = site.replace("/etc/ssl/tandem/privkey.pem", str(stack.tmp / "key.pem"))
    site = site.replace(
        "return 301 https://$host$request_uri;",
        f"return 301 https://$host:{stack.https}$request_uri;",
    )
    conf = stack.tmp / "nginx.conf"
    conf.write_text(
        f"worker_processes 1;\nerror_log {stack.tmp}/nginx-error.log;\npid {stack.tmp}/nginx.pid;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        f"  access_log {stack.tmp}/nginx-access.log;\n"
        f"  client_body_temp_path {stack.tmp}/body; proxy_temp_path {stack.tmp}/proxy;\n"
        f"  fastcgi_temp_path {stack.tmp}/f; uwsgi_temp_path {stack.tmp}/u; "
        f"scgi_temp_path {stack.tmp}/s;\n"
        f"{site}\n}}\n"
    )
    return conf


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("stack")
    url, pg_name = _database(tmp)
    https, http, *web = (_port() for _ in range(4))
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp),
        "TANDEM_PYTHON": str(ROOT / ".venv" / "bin" / "python"),
        "TANDEM_PRODUCTION": "true",
        "TANDEM_ALLOW_SQLITE": "true",
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "DATABASE_URL": url,
        "DATABASE_CONN_MAX_AGE": "60",
        "TANDEM_DATA_DIR": str(tmp / "data"),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"https://localhost:{https}",
        "BEHIND_TLS_PROXY": "true",
        "SITE_URL": f"https://localhost:{https}",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        "WEB_CONCURRENCY": "1",
        "WEB_THREADS": "4",
        # The stack must not pick up the suite's moved clock or test settings.
        "TIME_ZONE": settings.TIME_ZONE,
    }
    stack = Stack(tmp=tmp, env=env, web=web, https=https, http=http)
    stack.run(
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        str(tmp / "key.pem"),
        "-out",
        str(tmp / "cert.pem"),
    )
    stack.run(env["TANDEM_PYTHON"], "manage.py", "migrate", "--noinput", "-v", "0")
    stack.run(
        env["TANDEM_PYTHON"],
        "manage.py",
        "shell",
        "-c",
        "from tandem.accounts.models import User; from tandem.people.models import *; "
        "unit = OrgUnit.add_root(name='Stack County', kind='agency'); "
        f"user = User.objects.create_user('{ACCOUNT}', '{PASSWORD}'); "
        "person = Person.objects.create(user=user, first_name='Rowan', last_name='Stackwell', "
        f"work_email='{ACCOUNT}', org_unit=unit); "
        "RoleAssignment.objects.create(person=person, role=Role.ADMINISTRATOR, scope=unit)",
    )
    # The first app server with the worker and the scheduler, as `make serve` starts them
    # (`all` prepares: migrating again must be harmless, and it collects the static files);
    # a second app server beside it once the first has prepared, as a second machine starts
    # after the first in an upgrade.
    stack.start("all", BIND=f"127.0.0.1:{web[0]}")
    try:
        _wait_for(f"http://127.0.0.1:{web[0]}/healthz")
        stack.start("web", BIND=f"127.0.0.1:{web[1]}")
        nginx = subprocess.Popen(  # noqa: S603
            [str(NGINX), "-c", str(_nginx_conf(stack)), "-g", "daemon off;"],
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        stack.processes.append(nginx)
        _wait_for(f"http://127.0.0.1:{web[1]}/healthz")
        yield stack
    finally:
        codes = stack.stop()
        if pg_name:
            _on_server(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
    assert codes[:2] == [0, 0], stack.log[-4000:]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Just enough of a browser: cookies, CSRF token, no certificate check (self-signed)."""

    def __init__(self) -> None:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies),
            urllib.request.HTTPSHandler(context=context),
        )

    def get(self, url: str, headers: dict[str, str] | None = None):
        return self.opener.open(urllib.request.Request(url, headers=headers or {}), timeout=30)

    def post(self, url: str, data: dict[str, str]):
        token = next(c.value for c in self.cookies if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        return self.opener.open(request, timeout=30)

    def cookie(self, name: str) -> str:
        return next(c.value for c in self.cookies if c.name == name)


def _sign_in(stack: Stack) -> tuple[Browser, str]:
    browser = Browser()
    login = f"https://localhost:{stack.https}/accounts/login/"
    browser.get(login).read()
    landed = browser.post(login, {"username": ACCOUNT, "password": PASSWORD})
    return browser, landed.read().decode()


def test_an_administrator_signs_in_through_the_tls_proxy(stack):
    browser, page = _sign_in(stack)
    assert "<h1>Administration</h1>" in page
    session = next(c for c in browser.cookies if c.name == "sessionid")
    assert session.secure  # production cookies travel over HTTPS only
    # Plain HTTP is moved to HTTPS by the proxy; health checks stay on plain HTTP.
    moved = _status(urllib.request.Request(f"http://localhost:{stack.http}/accounts/login/"))
    assert moved == (301, f"https://localhost:{stack.https}/accounts/login/")
    assert _wait_for(f"http://localhost:{stack.http}/healthz") == {"status": "ok"}
    ready = _wait_for(f"http://localhost:{stack.http}/readyz?scope=app", seconds=10)
    assert ready["checks"] == {"database": "ok", "migrations": "ok"}
    # Another host name (a scanner, a probe by address) is dropped by the proxy.
    with pytest.raises((urllib.error.URLError, ConnectionError)):
        urllib.request.urlopen(  # noqa: S310
            urllib.request.Request(
                f"http://localhost:{stack.http}/healthz", headers={"Host": "10.0.0.5"}
            ),
            timeout=10,
        )
    # The proxy's access log has no paths: a calendar feed's token would be in them.
    Browser().get(f"http://localhost:{stack.http}/healthz").read()
    assert "/healthz" not in (stack.tmp / "nginx-tandem.access.log").read_text()


def test_ready_once_the_worker_runs_the_schedulers_heartbeat(stack):
    body = _wait_for(f"http://127.0.0.1:{stack.web[0]}/readyz", seconds=60)
    assert body["checks"] == {"database": "ok", "migrations": "ok", "worker": "ok"}
    browser, _ = _sign_in(stack)
    jobs = browser.get(f"https://localhost:{stack.https}/administration/jobs/").read().decode()
    assert jobs.count(">running</span>") == 2  # scheduler and worker both seen lately
    assert "Successful" in jobs  # the heartbeat job's last run


def test_two_app_servers_serve_the_same_signed_in_person(stack):
    browser, _ = _sign_in(stack)
    cookie = f"sessionid={browser.cookie('sessionid')}"
    for port in stack.web:  # straight to each app server, as the proxy would send it
        page = (
            browser.get(
                f"http://127.0.0.1:{port}/administration/",
                headers={"Cookie": cookie, "X-Forwarded-Proto": "https"},
            )
            .read()
            .decode()
        )
        assert "<h1>Administration</h1>" in page
    # Signing out on one ends the session on the other.
    out = urllib.request.Request(
        f"http://127.0.0.1:{stack.web[1]}/accounts/logout/",
        data=urllib.parse.urlencode({"csrfmiddlewaretoken": browser.cookie("csrftoken")}).encode(),
        headers={
            "Cookie": f"{cookie}; csrftoken={browser.cookie('csrftoken')}",
            "X-Forwarded-Proto": "https",
            "Referer": f"https://localhost:{stack.https}/",
            "Host": "127.0.0.1",
        },
    )
    signed_out = _status(out)
    assert signed_out[0] == 302
    assert _status(
        urllib.request.Request(
            f"http://127.0.0.1:{stack.web[0]}/administration/",
            headers={"Cookie": cookie, "X-Forwarded-Proto": "https"},
        )
    ) == (302, "/accounts/login/?next=/administration/")


def _status(request: urllib.request.Request) -> tuple[int, str]:
    """Status and Location of a request, redirects not followed."""
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=30) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")


def test_static_files_have_hashed_names_and_a_long_cache(stack):
    browser = Browser()
    page = browser.get(f"https://localhost:{stack.https}/accounts/login/").read().decode()
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "stylesheets are linked by hashed name"
    response = browser.get(f"https://localhost:{stack.https}{stylesheet.group(1)}")
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=315360000" in response.headers["Cache-Control"]


def test_each_request_is_logged_as_json_with_the_id_the_response_carries(stack):
    response = Browser().get(f"https://localhost:{stack.https}/accounts/login/")
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)  # nginx's $request_id, passed through
    deadline = time.monotonic() + 10
    while request_id not in stack.log and time.monotonic() < deadline:
        time.sleep(0.2)
    line = next(line for line in stack.log.splitlines() if request_id in line)
    record = json.loads(line)
    assert record["logger"] == "tandem.request"
    assert (record["method"], record["path"], record["status"]) == ("GET", "/accounts/login/", 200)
