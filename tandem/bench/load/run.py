"""One load run, start to finish: `scripts/load-test.sh ENGINE USERS MINUTES` calls
`python -m tandem.bench.load.run`.

1. The seeded database of the scale (county by default) from the benchmark cache
   (`manage.py bench --url-of`, tandem/bench/cache.py), copied, so the run's writes never reach
   the cached database the page benchmarks measure: a file copy on SQLite, a database made from
   it as a template on PostgreSQL (dropped afterwards).
2. Sign-in accounts for many people of each role on the copy (`tandem.bench.load.accounts`).
3. The production stack on the copy, as an operator starts it (`scripts/tandem-server all`:
   migrations, static files, the worker, the scheduler and gunicorn), bound to 127.0.0.1 only.
4. locust, headless, for the given minutes (tandem/bench/load/locustfile.py), stopped by a
   timeout if it does not stop by itself.
5. The stack stopped; the table of request kinds, with what the server log says ("database
   is locked" lines, errors, 5xx answers). Exit status 1 on any failure.

No Django here: Django runs in the subprocesses, each against the database of the run.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tandem.bench.load import report

ROOT = Path(__file__).resolve().parents[3]
SERVER = ROOT / "scripts" / "tandem-server"
LOCUSTFILE = ROOT / "tandem" / "bench" / "load" / "locustfile.py"
LOOPBACK = "127.0.0.1"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"  # as tandem/bench/cache.py
# What the subprocesses keep of this process's environment: no test settings, no moved clock.
KEPT = ("PATH", "HOME", "LANG", "TMPDIR", "TZ", "BENCH_POSTGRES_URL", "PGPASSWORD")


def python() -> str:
    return os.environ.get("TANDEM_PYTHON", str(ROOT / ".venv" / "bin" / "python"))


def base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in KEPT or k.startswith("LC_")}
    return {**env, "TANDEM_PYTHON": python(), **extra}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
        return port


def say(text: str) -> None:
    print(f"[load] {text}", flush=True)


# --- The database ---------------------------------------------------------------------------


@dataclass
class Database:
    url: str
    pg_name: str | None = None  # a PostgreSQL database of the run's own, dropped at the end

    def drop(self) -> None:
        if self.pg_name:
            _pg_admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


def _pg_server() -> str:
    return os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL).rsplit("/", 1)[0]


def _pg_admin(statement: str) -> None:
    import psycopg  # only the PostgreSQL runs need it

    with psycopg.connect(f"{_pg_server()}/postgres", autocommit=True) as admin:
        admin.execute(statement)  # names below are made here, never taken from input


def database_copy(*, engine: str, scale: str, into: Path) -> Database:
    """A copy of the cached seeded database of `scale` for this run."""
    built = subprocess.run(  # noqa: S603
        [python(), "manage.py", "bench", "--url-of", scale, "--engines", engine],
        cwd=ROOT,
        env=base_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if built.returncode:
        raise SystemExit(f"Building the {scale} database failed:\n{built.stderr[-3000:]}")
    cached = built.stdout.strip().splitlines()[-1]
    if engine == "sqlite":
        target = into / "load.sqlite3"
        source = sqlite3.connect(cached.removeprefix("sqlite:///"))
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return Database(url=f"sqlite:///{target}")
    template = cached.rsplit("/", 1)[1]
    name = f"tandem_load_{secrets.token_hex(4)}"
    _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return Database(url=f"{_pg_server()}/{name}", pg_name=name)


def accounts_make(*, database_url: str, path: Path) -> dict[str, Any]:
    """Accounts for many people of each role (tandem/bench/load/accounts.py), into `path`."""
    code = (
        f"from tandem.bench.load.accounts import accounts_write; accounts_write(path={str(path)!r})"
    )
    subprocess.run(  # noqa: S603
        [python(), "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=base_env(DATABASE_URL=database_url, TANDEM_DATA_DIR=str(path.parent / "data")),
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, Any] = json.loads(path.read_text())
    return data


# --- The stack ------------------------------------------------------------------------------


@dataclass
class Stack:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def wait_healthy(self, seconds: float = 300) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self.log.read_text(errors="replace")[-3000:]
                raise SystemExit(f"The stack stopped while starting:\n{tail}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=5) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        self.stop()
        raise SystemExit(f"The stack did not answer /healthz within {seconds:.0f} s.")

    def stop(self) -> int:
        """SIGTERM to the stack's process group (tandem-server stops its three processes, each
        finishing what it has in hand); SIGKILL after 60 s."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            return self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            return self.process.wait()


def stack_start(
    *,
    database_url: str,
    data_dir: Path,
    log: Path,
    port: int,
    production: bool = True,
    command: str = "all",
    web_concurrency: int | None = None,
    web_threads: int | None = None,
    conn_max_age: int | None = None,
) -> Stack:
    """`scripts/tandem-server <command>` on `database_url`, bound to 127.0.0.1:`port`.
    `production=False` (the quick test) runs the development settings: no static files to
    collect, so only `web` can start that way."""
    env = base_env(
        DATABASE_URL=database_url,
        TANDEM_DATA_DIR=str(data_dir),
        BIND=f"{LOOPBACK}:{port}",
        ALLOWED_HOSTS=LOOPBACK,
        SITE_URL=f"http://{LOOPBACK}:{port}",
        LOG_FORMAT="json",
        LOG_LEVEL="INFO",
        REQUEST_LOG="true",
        WORKER_INTERVAL="1",
    )
    if production:
        env |= {
            "TANDEM_PRODUCTION": "true",
            "TANDEM_ALLOW_SQLITE": "true",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "SECURE_HSTS_SECONDS": "0",
            # Collected once and kept: collecting (and compressing) takes half a minute.
            "STATIC_ROOT": str(ROOT / "data" / "load" / "static"),
        }
    if web_concurrency:
        env["WEB_CONCURRENCY"] = str(web_concurrency)
    if web_threads:
        env["WEB_THREADS"] = str(web_threads)
    if conn_max_age is not None:
        env["DATABASE_CONN_MAX_AGE"] = str(conn_max_age)
    with log.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603
            [str(SERVER), command],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Stack(process=process, port=port, log=log)


# --- locust ---------------------------------------------------------------------------------


@dataclass
class LocustRun:
    returncode: int
    stats: Path
    failures: Path
    summary: dict[str, Any]
    log: Path
    exceptions: int = 0  # errors raised in the users' code (locust_exceptions.csv)


def locust_run(
    *,
    host: str,
    users: int,
    rate: float,
    seconds: int,
    out: Path,
    accounts: Path,
    mix: str = "roles",
    pace: float = 1.0,
) -> LocustRun:
    """locust, headless, for `seconds` (plus up to 20 s for users to finish their task);
    killed if it is still running two minutes after that."""
    if not host.startswith(f"http://{LOOPBACK}:"):
        raise SystemExit(f"Refusing to load {host}: the load test runs against {LOOPBACK} only.")
    prefix = out / "locust"
    summary = out / "summary.json"
    log = out / "locust.log"
    command = [
        python(),
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        host,
        "-u",
        str(users),
        "-r",
        str(rate),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "20",
        "--csv",
        str(prefix),
        "--only-summary",
    ]
    env = base_env(
        TANDEM_LOAD_ACCOUNTS=str(accounts),
        TANDEM_LOAD_SUMMARY=str(summary),
        TANDEM_LOAD_MIX=mix,
        TANDEM_LOAD_PACE=str(pace),
    )
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            code = process.wait(timeout=seconds + 140)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            code = -9
    found = json.loads(summary.read_text()) if summary.exists() else {}
    return LocustRun(
        exceptions=report.exceptions_read(prefix.with_name("locust_exceptions.csv")),
        returncode=code,
        stats=prefix.with_name("locust_stats.csv"),
        failures=prefix.with_name("locust_failures.csv"),
        summary=found,
        log=log,
    )


def problems_of(
    run: LocustRun, rows: list[report.Row], server: report.ServerLog, *, stack_code: int
) -> list[str]:
    """Why the run failed, if it did."""
    problems = []
    total = next((r for r in rows if r.is_total), None)
    if total is None or total.count == 0:
        problems.append("no requests were made")
    elif total.failures:
        problems.append(f"{total.failures} failed requests")
    if run.exceptions:
        problems.append(f"{run.exceptions} exceptions in locust users (see locust.log)")
    if run.returncode not in (0, 1):  # 1: locust saw failures, counted above
        problems.append(f"locust exited with {run.returncode}")
    for role, n in run.summary.get("users", {}).items():
        if not run.summary.get("requests", {}).get(role):
            problems.append(f"the {n} {role} users made no request")
    if sum(run.summary.get("unverified", {}).values()):
        problems.append("saved text missing after a save")
    if server.locked:
        problems.append(f'{server.locked} "{report.LOCKED}" lines in the server log')
    if server.server_errors:
        problems.append(f"{server.server_errors} requests answered 5xx")
    if server.errors:
        problems.append(f"{server.errors} error lines in the server log")
    if stack_code not in (0, -signal.SIGTERM):
        problems.append(f"the stack stopped with status {stack_code}")
    return problems


def _env_int(name: str) -> int | None:
    value = os.environ.get(name, "")
    return int(value) if value else None


# --- The whole run --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/load-test.sh", description=__doc__.split("\n\n")[0] if __doc__ else ""
    )
    parser.add_argument("engine", choices=["sqlite", "postgres"])
    parser.add_argument("users", type=int)
    parser.add_argument("minutes", type=float)
    parser.add_argument(
        "--mix",
        choices=["roles", "writers"],
        default=os.environ.get("LOAD_MIX", "roles"),
        help="roles: learners, coaches, supervisors and the program lead, with think time; "
        "writers: learners and coaches who only write, with short pauses.",
    )
    parser.add_argument("--scale", default=os.environ.get("LOAD_SCALE", "county"))
    parser.add_argument(
        "--rate", type=float, default=None, help="Users started per second (users/10, 1 to 2)."
    )
    parser.add_argument("--host", default=os.environ.get("LOAD_HOST", LOOPBACK))
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", "0")))
    parser.add_argument("--out", default=os.environ.get("LOAD_OUT", ""))
    args = parser.parse_args(argv)
    if args.host != LOOPBACK:
        parser.error(f"--host {args.host}: the load test runs against {LOOPBACK} only.")
    if args.users < 1 or args.minutes <= 0:
        parser.error("USERS must be at least 1 and MINUTES more than 0.")
    web_concurrency = (
        int(os.environ["WEB_CONCURRENCY"]) if "WEB_CONCURRENCY" in os.environ else None
    )
    web_threads = int(os.environ["WEB_THREADS"]) if "WEB_THREADS" in os.environ else None
    conn_max_age = os.environ.get("DATABASE_CONN_MAX_AGE")
    max_age = int(conn_max_age) if conn_max_age else (60 if args.engine == "postgres" else None)
    # A tenth of the users a second, at most two: a hundred people signing in within ten
    # seconds (an Argon2 hash each) would measure the sign-in storm more than the working day.
    rate = args.rate or min(2.0, max(1.0, args.users / 10))
    seconds = max(1, round(args.minutes * 60))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out = Path(
        args.out or ROOT / "data" / "load" / f"{stamp}-{args.engine}-{args.mix}-{args.users}u"
    )
    out.mkdir(parents=True, exist_ok=True)
    (ROOT / "data" / "load" / "static").mkdir(parents=True, exist_ok=True)
    work = out / "work"
    work.mkdir(exist_ok=True)

    say(f"{args.scale} database on {args.engine} (from the benchmark cache; built if need be)…")
    database = database_copy(engine=args.engine, scale=args.scale, into=work)
    stack: Stack | None = None
    stack_code = 0
    try:
        accounts = accounts_make(database_url=database.url, path=work / "accounts.json")
        counts = ", ".join(f"{r} {len(e)}" for r, e in accounts["roles"].items())
        say(f"accounts: {counts}")
        port = args.port or free_port()
        say(f"starting the production stack at http://{LOOPBACK}:{port} …")
        stack = stack_start(
            database_url=database.url,
            data_dir=work / "data",
            log=out / "server.log",
            port=port,
            web_concurrency=web_concurrency,
            web_threads=web_threads,
            conn_max_age=max_age,
        )
        stack.wait_healthy()
        say(f"locust: {args.users} users ({args.mix}), {rate:g}/s, {seconds} s…")
        run = locust_run(
            host=stack.url,
            users=args.users,
            rate=rate,
            seconds=seconds,
            out=out,
            accounts=work / "accounts.json",
            mix=args.mix,
        )
    finally:
        if stack is not None:
            say("stopping the stack…")
            stack_code = stack.stop()
        database.drop()
        if args.engine == "sqlite":
            for stale in work.glob("load.sqlite3*"):
                stale.unlink()
        shutil.rmtree(work / "data", ignore_errors=True)
    rows = report.stats_read(run.stats) if run.stats.exists() else []
    server = report.server_log_read(out / "server.log")
    problems = problems_of(run, rows, server, stack_code=stack_code)
    setup = [
        f"{args.scale} scale on {args.engine}, {args.users} users ({args.mix} mix) started at "
        f"{rate:g}/s, {seconds} s (`scripts/load-test.sh {args.engine} {args.users} "
        f"{args.minutes:g}{' --mix writers' if args.mix == 'writers' else ''}`)",
        f"gunicorn: WEB_CONCURRENCY={web_concurrency or 'default (2 per core)'}, "
        f"WEB_THREADS={web_threads or 'default (4)'}; DATABASE_CONN_MAX_AGE={max_age or 0}; "
        f"{os.cpu_count()} cores; {datetime.now():%Y-%m-%d}",
    ]
    text = report.render(
        title=f"Load test: {args.engine}, {args.users} users, {args.mix}",
        setup=setup,
        rows=rows,
        failures=report.failures_read(run.failures),
        summary=run.summary,
        server=server,
        problems=problems,
    )
    (out / "report.md").write_text(text)
    print(text)
    say(f"results in {out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
