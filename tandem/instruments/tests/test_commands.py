"""`load_instruments` and `export_instrument`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tandem.instruments.management.commands.load_instruments import DEFINITIONS_DIR
from tandem.instruments.models import Instrument, InstrumentVersion
from tandem.instruments.tests.builders import as_yaml, data

pytestmark = pytest.mark.django_db


def _run(command: str, *args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "practice-check").mkdir()
    path = tmp_path / "practice-check" / "v1.yaml"
    path.write_text(as_yaml(data()), encoding="utf-8")
    return tmp_path


def test_load_instruments_default_loads_every_builtin_file():
    out, err = _run("load_instruments")
    files = sorted(DEFINITIONS_DIR.glob("**/*.yaml"))
    lines = out.splitlines()
    assert (len(lines), err) == (len(files), "")
    assert lines[files.index(DEFINITIONS_DIR / "coaching-readiness" / "v1.yaml")] == (
        "tandem/instruments/definitions/coaching-readiness/v1.yaml: "
        "created coaching-readiness version 1"
    )
    assert Instrument.objects.filter(is_builtin=True).count() == len(files)
    again, _ = _run("load_instruments")
    assert all(" unchanged " in line for line in again.splitlines())


def test_load_instruments_reports_created_unchanged_updated(folder):
    path = folder / "practice-check" / "v1.yaml"
    assert _run("load_instruments", str(folder)) == (
        f"{path}: created practice-check version 1\n",
        "",
    )
    assert _run("load_instruments", str(path))[0] == f"{path}: unchanged practice-check version 1\n"
    path.write_text(as_yaml(data(title="Practice check 2")), encoding="utf-8")
    assert _run("load_instruments", str(path))[0] == f"{path}: updated practice-check version 1\n"
    assert Instrument.objects.get().is_builtin is False


def test_load_instruments_bad_file_loads_nothing_from_it_and_fails(folder):
    bad = folder / "broken" / "v1.yaml"
    bad.parent.mkdir()
    value = data(slug="broken")
    value["sections"][0]["items"][0]["type"] = "likret"
    bad.write_text(as_yaml(value), encoding="utf-8")
    line = [n for n, text in enumerate(as_yaml(value).splitlines(), 1) if "likret" in text][0]
    good = folder / "practice-check" / "v1.yaml"
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("load_instruments", str(folder), stdout=out, stderr=err)
    assert str(raised.value) == "1 of 2 files not loaded."
    assert err.getvalue() == (
        f'{bad}, line {line}: sections[0].items[0] (key "ready"): unknown item type "likret"; '
        "use one of: likert, yes_no, paired, choice, number, date, text\n"
    )
    assert out.getvalue() == f"{good}: created practice-check version 1\n"
    assert list(Instrument.objects.values_list("slug", flat=True)) == ["practice-check"]


def test_load_instruments_file_name_must_match_version(tmp_path):
    path = tmp_path / "v2.yaml"
    path.write_text(as_yaml(data()), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_instruments", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue() == f"{path}: the file is named v2.yaml but holds version 1\n"
    assert InstrumentVersion.objects.count() == 0


def test_load_instruments_missing_path(tmp_path):
    with pytest.raises(CommandError) as raised:
        _run("load_instruments", str(tmp_path / "nothing.yaml"))
    assert str(raised.value) == f"{tmp_path / 'nothing.yaml'}: no such file or folder."


def test_export_instrument_prints_yaml_of_a_version(folder):
    path = folder / "practice-check" / "v1.yaml"
    _run("load_instruments", str(path))
    assert _run("export_instrument", "practice-check")[0] == path.read_text(encoding="utf-8")
    assert _run("export_instrument", "practice-check", "--version", "1")[0] == path.read_text(
        encoding="utf-8"
    )
    with pytest.raises(CommandError) as raised:
        _run("export_instrument", "practice-check", "--version", "2")
    assert str(raised.value) == 'There is no instrument "practice-check" version 2.'
    with pytest.raises(CommandError) as raised:
        _run("export_instrument", "nothing")
    assert str(raised.value) == 'There is no instrument "nothing".'
