"""deploy/: every systemd unit starts Tandem through the entry script the production-stack test
runs, and the example configuration names only settings Tandem reads."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))
ENTRY = (ROOT / "scripts" / "tandem-server").read_text()


def _unit(path: Path) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read_string(path.read_text())
    return unit


def test_every_unit_runs_a_subcommand_of_the_entry_script_with_the_environment_file():
    subcommands = set(re.findall(r"^  ([a-z]+)\)$", ENTRY, flags=re.MULTILINE))
    assert subcommands == {"prepare", "web", "worker", "scheduler", "all", "manage"}
    started = set()
    for path in UNITS:
        service = _unit(path)["Service"]
        assert service["EnvironmentFile"] == "/etc/tandem/tandem.env", path.name
        assert service["User"] == "tandem", path.name
        command = service["ExecStart"].split()
        assert command[0] == "/opt/tandem/scripts/tandem-server", path.name
        assert command[1] in subcommands, path.name
        started.add(command[1])
    assert {"web", "worker", "scheduler", "manage"} <= started
    timer = _unit(ROOT / "deploy" / "systemd" / "tandem-backup.timer")
    assert timer["Timer"]["OnCalendar"]


def test_the_example_configuration_names_only_settings_tandem_reads():
    read = "".join(
        (ROOT / path).read_text()
        for path in ("tandem/settings.py", "tandem/ops/gunicorn_conf.py", "scripts/tandem-server")
    )
    example = (ROOT / "deploy" / "tandem.env.example").read_text()
    names = re.findall(r"^([A-Z_]+)=", example, flags=re.MULTILINE)
    assert "SECRET_KEY" in names and "DATABASE_URL" in names
    for name in names:
        assert f'"{name}"' in read or f"${{{name}" in read, f"{name} is not read by Tandem"


def test_systemd_accepts_the_units(tmp_path):
    """`systemd-analyze verify`, with the paths and the user this machine lacks swapped in."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    for path in [*UNITS, ROOT / "deploy" / "systemd" / "tandem-backup.timer"]:
        text = path.read_text()
        for real, here in (
            ("/opt/tandem/scripts/tandem-server", "/bin/true"),
            ("EnvironmentFile=/etc/tandem/tandem.env", "EnvironmentFile=-/dev/null"),
            ("=tandem\n", "=root\n"),
            ("WorkingDirectory=/opt/tandem", f"WorkingDirectory={tmp_path}"),
        ):
            text = text.replace(real, here)
        (tmp_path / path.name).write_text(text)
    result = subprocess.run(  # noqa: S603
        [analyze, "verify", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
