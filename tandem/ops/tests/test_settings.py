"""What production mode refuses or leaves out, checked in a fresh process as an operator would
start it."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

PRODUCTION = {
    "TANDEM_PRODUCTION": "true",
    "SECRET_KEY": "k" * 50,
    "ALLOWED_HOSTS": "tandem.example.gov",
    "DATABASE_URL": "postgres://tandem@127.0.0.1:5432/tandem",
}


def _run(code: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={
            "DJANGO_SETTINGS_MODULE": "tandem.settings",
            "PATH": "/usr/bin:/bin",
            "TANDEM_DATA_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_sqlite_unless_a_pilot_is_declared(tmp_path):
    on_sqlite = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'pilot.sqlite3'}"}
    refused = _run("print('started')", on_sqlite, tmp_path)
    assert refused.returncode != 0
    assert "does not point to PostgreSQL" in refused.stderr
    assert "TANDEM_ALLOW_SQLITE=true" in refused.stderr
    pilot = _run("print('started')", {**on_sqlite, "TANDEM_ALLOW_SQLITE": "true"}, tmp_path)
    assert pilot.stdout.strip() == "started", pilot.stderr


def test_production_leaves_out_the_demo_the_benchmarks_and_faker(tmp_path):
    code = (
        "import sys; from django.conf import settings; import tandem.urls; "
        "from django.urls import get_resolver; get_resolver().url_patterns; "
        "from django.core.management import get_commands; "
        "print(sorted(a for a in settings.INSTALLED_APPS if a in ('tandem.demo','tandem.bench'))); "
        "print('seed' in get_commands(), 'bench' in get_commands()); "
        "print('faker' in sys.modules)"
    )
    production = _run(code, PRODUCTION, tmp_path)
    assert production.stdout.split("\n")[:3] == ["[]", "False False", "False"], production.stderr
    development = _run(code, {}, tmp_path)
    assert development.stdout.split("\n")[:2] == [
        "['tandem.bench', 'tandem.demo']",
        "True True",
    ], development.stderr


def test_runtime_dependencies_hold_no_development_package():
    project = tomllib.loads((Path(__file__).parents[3] / "pyproject.toml").read_text())
    runtime = " ".join(project["project"]["dependencies"])
    for package in ("faker", "locust", "pytest", "playwright", "factory-boy", "pip-tools"):
        assert package not in runtime
    assert "gunicorn" in runtime
