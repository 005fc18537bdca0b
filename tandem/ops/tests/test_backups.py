"""`manage.py backup` and `manage.py restore` on a real database (docs/OPERATIONS.md).

The tests commit (pg_dump and pg_restore are other processes, and restore replaces tables), so
they are transactional. On PostgreSQL they back up and restore the test database itself. On
SQLite the test database lives in memory, which is not how Tandem runs, so each test works on a
file copy of it opened with Tandem's own options (WAL), as `threads_db` does
(tandem/testing.py): the backup API, the write-ahead log and the restore into the live file are
then the real thing.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tandem.ops import backups
from tandem.ops.backups import backups_prune, file_sha256, manifest_path_for, manifest_signature
from tandem.ops.database_summary import audit_checksum
from tandem.people.models import Person
from tandem.people.tests.factories import PersonFactory, make_tree
from tandem.privacy.categories import Category
from tandem.privacy.models import AccessEvent, ResearchConsentChange, ResearchExport
from tandem.testing import shared_database


@pytest.fixture
def live(transactional_db: None, tmp_path: Path) -> Iterator[None]:
    """The configured database as Tandem runs it (see the module docstring)."""
    with shared_database(tmp_path / "tandem.sqlite3"):
        yield


def access_event(viewer: Person, subject: Person, record_id: int) -> AccessEvent:
    return AccessEvent.objects.create(
        viewer=viewer,
        subject=subject,
        record_type="sessionnote",
        record_id=record_id,
        category=Category.COACH_LEARNER,
        action=AccessEvent.Action.VIEW,
        relation="coach",
        via=f"/coaching/notes/{record_id}/",
    )


def build_records() -> list[Person]:
    """A few people and an audit trail of each append-only kind that needs no engagement."""
    make_tree()
    people = [PersonFactory() for _ in range(3)]
    for number in range(3):
        access_event(people[0], people[1], number + 1)
    ResearchConsentChange.objects.create(person=people[1], declined=True, via="/privacy/")
    ResearchExport.objects.create(
        exported_by=people[0],
        scope_paths=["0001", "00010001"],
        scope_label="North County",
        filters={"Unit": "Intake", "Période": "2025"},
        file_format=ResearchExport.Format.CSV,
        rows={"engagements": 3, "sessions": 7},
        declined_left_out=1,
        small_groups_left_out=0,
        via="/evaluation/research/",
    )
    return people


def run(command: str, *args: Any, **options: Any) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def backup_files(folder: Path) -> set[Path]:
    return {p for p in folder.glob("tandem-*") if p.suffix in (".sqlite3", ".pgdump")}


def back_up(folder: Path, **options: Any) -> Path:
    """Back up into `folder` and return the new backup file."""
    before = backup_files(folder)
    run("backup", output=folder, **options)
    (path,) = backup_files(folder) - before
    return path


def manifest_of(path: Path) -> dict[str, Any]:
    return json.loads(manifest_path_for(path).read_text())


def verify_error(path: Path) -> str:
    with pytest.raises(CommandError) as raised:
        run("backup", verify=path)
    return str(raised.value)


def pose_as(original: Path, other: Path) -> None:
    """Someone replaced a backup with other content and rewrote the manifest's file checksum to
    hide it, without SECRET_KEY: the manifest's signature no longer matches."""
    shutil.copyfile(other, original)
    manifest = manifest_of(original)
    manifest["sha256"] = file_sha256(original)
    manifest_path_for(original).write_text(json.dumps(manifest))


def reseal(original: Path, *, secret: str | None = None, **changes: Any) -> None:
    """Rewrite the manifest (with `changes`) to match the files as they are now, and sign it
    with SECRET_KEY (or `secret`): what only someone holding the key could do. Behind the
    signature, the restored data is still compared with the manifest."""
    manifest = {**manifest_of(original), **changes}
    manifest["sha256"] = file_sha256(original)
    if manifest.get("media"):
        media = original.with_name(manifest["media"]["file"])
        manifest["media"] = {**manifest["media"], "sha256": file_sha256(media)}
    manifest["signature"] = manifest_signature(manifest, secret=secret)
    manifest_path_for(original).write_text(json.dumps(manifest))


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def table_names() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def change_audit_row_behind_the_trigger(event: AccessEvent) -> None:
    """What only someone with the database's keys could do: the triggers forbid it."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
            try:
                cursor.execute(
                    "UPDATE privacy_accessevent SET via = %s WHERE id = %s",
                    ["/elsewhere/", event.pk],
                )
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")
        else:  # this test's own file copy of the database
            cursor.execute("DROP TRIGGER privacy_accessevent_append_only")
            cursor.execute(
                "UPDATE privacy_accessevent SET via = %s WHERE id = %s", ["/elsewhere/", event.pk]
            )


def test_restore_brings_back_the_data_the_audit_trail_and_the_uploaded_files(
    live: None, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "uploads"
    agenda = settings.MEDIA_ROOT / "roundtables" / "1" / "agenda.pdf"
    agenda.parent.mkdir(parents=True)
    agenda.write_bytes(b"%PDF agenda")
    people = build_records()
    names_before = set(Person.objects.values_list("pk", "first_name", "last_name"))
    checksum_before = audit_checksum().sha256

    output = run("backup", output=tmp_path / "backups", media=True)
    (path,) = backup_files(tmp_path / "backups")
    assert str(path) in output
    assert f"Audit trail: 5 rows, SHA-256 {checksum_before}" in output
    assert "Uploaded files: 1 in" in output
    written = [path, manifest_path_for(path), *(tmp_path / "backups").glob("*.media.tar.gz")]
    assert [oct(p.stat().st_mode & 0o777) for p in written] == ["0o600"] * 3, "private"

    people[2].delete()
    newcomer = PersonFactory()
    access_event(people[0], newcomer, 99)
    ResearchConsentChange.objects.create(person=people[1], declined=False, via="/privacy/")
    agenda.unlink()
    (settings.MEDIA_ROOT / "stray.txt").write_text("written after the backup")

    with pytest.raises(CommandError) as refused:
        run("restore", path)
    assert "run again with --yes" in str(refused.value)
    assert str(connection.settings_dict["NAME"]) in str(refused.value)
    assert Person.objects.filter(pk=newcomer.pk).exists(), "nothing restored without --yes"

    output = run("restore", path, yes=True, media=True)
    assert "The restored database matches its manifest" in output

    assert set(Person.objects.values_list("pk", "first_name", "last_name")) == names_before
    assert AccessEvent.objects.count() == 3
    assert ResearchConsentChange.objects.get().declined is True
    assert audit_checksum().sha256 == checksum_before == manifest_of(path)["audit"]["sha256"]
    assert agenda.read_bytes() == b"%PDF agenda"
    assert not (settings.MEDIA_ROOT / "stray.txt").exists()
    # The audit trail goes on after a restore, without reusing a restored row's key.
    later = access_event(people[0], people[1], 100)
    assert later.pk > max(AccessEvent.objects.exclude(pk=later.pk).values_list("pk", flat=True))


def test_backup_files_are_private_from_their_first_byte_in_a_private_folder(
    live: None, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even in a folder that already existed with wider permissions, and under the usual umask
    022: the partial dump and the media archive are 0600 while they are written, not only once
    they are finished."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    (settings.MEDIA_ROOT / "roundtables").mkdir(parents=True)
    (settings.MEDIA_ROOT / "roundtables" / "agenda.pdf").write_bytes(b"%PDF agenda")
    folder = tmp_path / "backups"
    folder.mkdir()
    folder.chmod(0o755)
    seen: dict[str, int] = {}

    def watching(function: Any) -> Any:
        def watched(*args: Any, **kwargs: Any) -> Any:
            result = function(*args, **kwargs)
            seen.update({path.name: mode(path) for path in folder.iterdir()})
            return result

        return watched

    monkeypatch.setattr(backups, "database_summary", watching(backups.database_summary))
    monkeypatch.setattr(backups, "_media_tar", watching(backups._media_tar))
    previous = os.umask(0o022)
    try:
        back_up(folder, media=True)
        assert os.umask(0o022) == 0o022, "the process's umask is put back"
    finally:
        os.umask(previous)

    assert oct(mode(folder)) == "0o700"
    files = {path.name: oct(mode(path)) for path in folder.iterdir()}
    assert len(files) == 3
    assert set(files.values()) == {"0o600"}, files
    assert any(name.endswith(".media.tar.gz") for name in seen), "seen while being written"
    assert {name: oct(value) for name, value in seen.items() if value != 0o600} == {}


def test_restore_removes_tables_made_after_the_backup(live: None, tmp_path: Path) -> None:
    """A table added since the backup goes, also one whose foreign key points at a restored
    table (on PostgreSQL, `pg_restore --clean` failed on it: it drops only what the dump holds)."""
    people = build_records()
    path = back_up(tmp_path / "backups")
    PersonFactory()
    added = {"ops_added_later", "ops_unrelated_later"}
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE ops_added_later (id integer PRIMARY KEY, person_id integer NOT NULL"
                " REFERENCES people_person (id))"
            )
            cursor.execute("INSERT INTO ops_added_later VALUES (1, %s)", [people[0].pk])
            cursor.execute("CREATE TABLE ops_unrelated_later (id integer PRIMARY KEY)")

        output = run("restore", path, yes=True)

        assert "The restored database matches its manifest" in output
        assert added.isdisjoint(table_names())
        assert Person.objects.count() == len(people)
        assert AccessEvent.objects.count() == 3
    finally:
        with connection.cursor() as cursor:
            for table in sorted(added):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")


def test_restore_media_into_a_mount_point_replaces_its_files(
    live: None, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MEDIA_ROOT on its own file system (an NFS share) cannot be renamed: the restore puts the
    backup's files in it, and keeps the ones it replaced inside it, out of later backups."""
    settings.MEDIA_ROOT = media_root = tmp_path / "uploads"
    agenda = media_root / "roundtables" / "agenda.pdf"
    agenda.parent.mkdir(parents=True)
    agenda.write_bytes(b"%PDF agenda")
    people = build_records()
    path = back_up(tmp_path / "backups", media=True)
    newcomer = PersonFactory()
    agenda.write_bytes(b"%PDF changed after the backup")
    (media_root / "stray.txt").write_text("written after the backup")

    rename = os.rename

    def rename_unless_mounted(source: Any, target: Any, **kwargs: Any) -> None:
        if Path(source) == media_root:
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(source))
        rename(source, target, **kwargs)

    monkeypatch.setattr(os, "rename", rename_unless_mounted)
    output = run("restore", path, yes=True, media=True)

    assert "The restored database matches its manifest" in output
    assert not Person.objects.filter(pk=newcomer.pk).exists()
    assert Person.objects.count() == len(people)
    assert agenda.read_bytes() == b"%PDF agenda"
    assert not (media_root / "stray.txt").exists()
    (kept,) = media_root.glob(".before-restore-*")
    assert str(kept) in output
    assert (kept / "stray.txt").read_text() == "written after the backup"
    assert (kept / "roundtables" / "agenda.pdf").read_bytes() == b"%PDF changed after the backup"
    assert not list(media_root.glob(".restoring-*"))
    monkeypatch.undo()
    later = back_up(tmp_path / "backups", media=True)
    assert manifest_of(later)["media"]["files"] == 1, "the kept files are not backed up again"


def test_a_media_archive_that_does_not_unpack_leaves_the_database_and_the_files(
    live: None, tmp_path: Path, settings: Any
) -> None:
    """The archive is unpacked before the database is touched (a full disk, say, or an archive
    cut short even though its manifest was signed to match)."""
    settings.MEDIA_ROOT = media_root = tmp_path / "uploads"
    agenda = media_root / "roundtables" / "agenda.pdf"
    agenda.parent.mkdir(parents=True)
    agenda.write_bytes(b"%PDF agenda " * 10_000)
    build_records()
    path = back_up(tmp_path / "backups", media=True)
    newcomer = PersonFactory()
    agenda.write_bytes(b"%PDF changed after the backup")
    archive = path.with_name(manifest_of(path)["media"]["file"])
    archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    reseal(path)

    with pytest.raises(CommandError, match="Nothing was restored"):
        run("restore", path, yes=True, media=True)

    assert Person.objects.filter(pk=newcomer.pk).exists()
    assert sorted(p.relative_to(media_root) for p in media_root.rglob("*")) == [
        Path("roundtables"),
        Path("roundtables/agenda.pdf"),
    ]
    assert agenda.read_bytes() == b"%PDF changed after the backup"


def test_verify_names_what_a_tampered_backup_changed(live: None, tmp_path: Path) -> None:
    """(A sound backup passes: the command-line test below.)"""
    people = build_records()
    folder = tmp_path / "backups"
    sound = back_up(folder)

    change_audit_row_behind_the_trigger(AccessEvent.objects.order_by("pk").first())
    audit_changed = back_up(folder)
    PersonFactory()
    person_added = back_up(folder)

    original = manifest_of(sound)
    persons = Person.objects.count()
    pose_as(sound, audit_changed)
    message = verify_error(sound)
    assert "the manifest was changed or was made with another SECRET_KEY" in message
    with pytest.raises(CommandError, match="another SECRET_KEY"):
        run("restore", sound, yes=True)
    assert Person.objects.count() == persons, "nothing restored"

    # Someone holding SECRET_KEY can sign a rewritten manifest; the audit trail's content
    # checksum still tells.
    reseal(sound)
    message = verify_error(sound)
    assert "Audit trail checksum differs" in message
    assert original["audit"]["sha256"] in message
    assert "Table " not in message, "the same rows, only one value changed"

    manifest_path_for(sound).write_text(json.dumps(original))
    shutil.copyfile(person_added, sound)
    reseal(sound)
    message = verify_error(sound)
    assert (
        f"Table people_person: {len(people):,} rows in the manifest, {len(people) + 1:,}" in message
    )


def test_a_manifest_is_checked_only_with_the_secret_key_it_was_signed_with(
    live: None, tmp_path: Path, settings: Any
) -> None:
    """The restore drill's server needs production's SECRET_KEY; after a change of key, the old
    one among SECRET_KEY_FALLBACKS still checks the backups made with it."""
    build_records()
    path = back_up(tmp_path / "backups")
    signed_with = settings.SECRET_KEY

    settings.SECRET_KEY = "another-key-" + "k" * 50
    assert "was made with another SECRET_KEY" in verify_error(path)
    settings.SECRET_KEY_FALLBACKS = [signed_with]
    assert "matches its manifest" in run("backup", verify=path)

    unsigned = manifest_of(path)
    del unsigned["signature"]
    manifest_path_for(path).write_text(json.dumps(unsigned))
    assert f"The manifest {manifest_path_for(path).name} is not signed" in verify_error(path)


def test_verify_and_restore_refuse_a_damaged_or_unmatched_backup(
    live: None, tmp_path: Path
) -> None:
    build_records()
    path = back_up(tmp_path / "backups")
    manifest = manifest_of(path)

    sound = path.read_bytes()
    data = bytearray(sound)
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    message = verify_error(path)
    assert f"The SHA-256 of {path.name}" in message
    assert "changed or damaged" in message
    with pytest.raises(CommandError, match="changed or damaged"):
        run("restore", path, yes=True)

    # Damaged so that even a manifest rewritten (and signed) to match it cannot hide it.
    path.write_bytes(bytes(data[: len(data) // 3]))
    reseal(path)
    assert "The backup does not restore" in verify_error(path)

    # Cut short: on PostgreSQL near its end, so the tables are dropped, created and partly
    # loaded before pg_restore stops, and all of that is rolled back. A SQLite file loses its
    # last two thirds: cut by a few bytes only, it may lose nothing but free pages, and then it
    # restores whole (its counts and audit checksum still match the manifest).
    newcomer = PersonFactory()
    checksum = audit_checksum().sha256
    path.write_bytes(
        sound[:-100] if connection.vendor == "postgresql" else sound[: len(sound) // 3]
    )
    reseal(path)
    with pytest.raises(CommandError) as raised:
        run("restore", path, yes=True)
    expected = {
        "postgresql": ["pg_restore failed, nothing was changed: "],
        # SQLite's check either reports the damage or fails on it.
        "sqlite": [
            f"{path.name} is a damaged SQLite database",
            "database disk image is malformed",
        ],
    }
    assert any(words in str(raised.value) for words in expected[connection.vendor])
    assert Person.objects.filter(pk=newcomer.pk).exists()
    assert audit_checksum().sha256 == checksum

    manifest_path_for(path).unlink()
    assert f"No manifest for {path.name}" in verify_error(path)
    assert "No backup file at" in verify_error(tmp_path / "nowhere.sqlite3")

    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest_path_for(path).write_text(json.dumps(manifest))
    reseal(path, engine=other)
    with pytest.raises(CommandError) as raised:
        run("restore", path, yes=True)
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    assert f"A {names[other]} backup cannot be restored into {names[connection.vendor]}" in str(
        raised.value
    )


def test_keep_removes_all_but_the_newest_backups_and_nothing_else(tmp_path: Path) -> None:
    """Newest by the manifest's time (two backups in one second get `-2` names, which do not
    sort by time); only the files a manifest names go. (--keep from the command line: the
    command-line test below.)"""
    made = {
        "tandem-20250101T020000Z-2": "2025-01-01T02:00:00.900000Z",
        "tandem-20250101T020000Z": "2025-01-01T02:00:00.100000Z",
        "tandem-20241231T020000Z": "2024-12-31T02:00:00.000000Z",
    }
    for stem, created_at in made.items():
        (tmp_path / f"{stem}.pgdump").write_text("dump")
        (tmp_path / f"{stem}.media.tar.gz").write_text("tar")
        manifest = {"created_at": created_at, "file": f"{stem}.pgdump"}
        manifest["media"] = {"file": f"{stem}.media.tar.gz"}
        (tmp_path / f"{stem}.manifest.json").write_text(json.dumps(manifest))
    (tmp_path / "tandem-20200101T000000Z.pgdump").write_text("a dump without a manifest")
    (tmp_path / "notes.txt").write_text("not a backup")

    removed = backups_prune(folder=tmp_path, keep=1)

    assert sorted(p.name for p in removed) == sorted(
        f"{stem}{suffix}"
        for stem in ("tandem-20250101T020000Z", "tandem-20241231T020000Z")
        for suffix in (".pgdump", ".media.tar.gz", ".manifest.json")
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "notes.txt",
        "tandem-20200101T000000Z.pgdump",
        "tandem-20250101T020000Z-2.manifest.json",
        "tandem-20250101T020000Z-2.media.tar.gz",
        "tandem-20250101T020000Z-2.pgdump",
    ]


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's write-ahead log",
)
def test_sqlite_backup_holds_what_is_still_only_in_the_write_ahead_log(
    live: None, tmp_path: Path
) -> None:
    build_records()
    newest = PersonFactory(first_name="Walburga")
    live_file = Path(connection.settings_dict["NAME"])
    assert Path(f"{live_file}-wal").stat().st_size > 0
    shutil.copyfile(live_file, tmp_path / "plain-copy.sqlite3")
    with sqlite3.connect(tmp_path / "plain-copy.sqlite3") as plain:
        in_plain_copy = plain.execute(
            "SELECT count(*) FROM people_person WHERE id = ?", [newest.pk]
        ).fetchone()[0]
    assert in_plain_copy == 0, "the row is only in the WAL: a file copy misses it"

    path = back_up(tmp_path / "backups")
    with sqlite3.connect(path) as backup:
        assert backup.execute(
            "SELECT first_name FROM people_person WHERE id = ?", [newest.pk]
        ).fetchone() == ("Walburga",)
    assert not Path(f"{path}-wal").exists(), "the backup is one self-contained file"


def test_audit_checksum_is_the_same_on_sqlite_and_postgresql(db: None) -> None:
    """The expected value is written down once: both engines' runs compare with it."""
    make_tree()
    viewer, subject = PersonFactory(pk=7001), PersonFactory(pk=7002)
    with time_machine.travel(datetime(2025, 3, 9, 8, 59, 59, 123456, tzinfo=UTC), tick=False):
        AccessEvent.objects.create(
            pk=11,
            viewer=viewer,
            subject=subject,
            engagement=None,
            record_type="sessionnote",
            record_id=1,
            category=Category.COACH_LEARNER,
            action=AccessEvent.Action.VIEW,
            relation="coach",
            via="/coaching/notes/1/",
        )
        AccessEvent.objects.create(
            pk=12,
            viewer=viewer,
            record_type="selfassessment",
            record_id=None,
            category=Category.PRIVATE,
            action=AccessEvent.Action.CREATE,
            relation="author",
            via="/journal/",
            exception_reason='Ünïcode — and "quotes"\nnewline',
        )
        ResearchConsentChange.objects.create(pk=3, person=subject, declined=False, via="/p/")
        ResearchExport.objects.create(
            pk=4,
            exported_by=viewer,
            scope_paths=["0001"],
            scope_label="State",
            filters={"z": [1, 2.5, None, True], "a": {"nested": "ü"}},
            file_format=ResearchExport.Format.XLSX,
            rows={"sessions": 10},
            declined_left_out=0,
            small_groups_left_out=2,
            via="/r/",
        )
    assert audit_checksum().rows == {
        "privacy_accessevent": 2,
        "privacy_exceptiondisclosure": 0,
        "privacy_researchconsentchange": 1,
        "privacy_researchexport": 1,
    }
    assert audit_checksum().sha256 == (
        "7391686752e6bcc5e9b14e80d6d15d69322214e78c6703bcc4ef4759d65c0b85"
    )


def test_backup_and_verify_from_the_command_line_while_tandem_is_open(
    live: None, tmp_path: Path
) -> None:
    """Other processes, as cron runs them, while this one still holds its connection (and, on
    SQLite, rows only in the write-ahead log). A failed verification exits with status 1."""
    build_records()
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        url = f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "TANDEM_DATA_DIR": str(tmp_path / "data"),
        "SECRET_KEY": "backup-test",
    }
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*manage, *args], env=env, capture_output=True, text=True, timeout=120, check=False
        )

    older = back_up(tmp_path / "data" / "backups")
    made = cli("backup", "--keep", "1")
    assert made.returncode == 0, made.stderr
    (path,) = backup_files(tmp_path / "data" / "backups")
    assert path != older
    assert f"Removed older backups (--keep 1):\n  {older.name}" in made.stdout
    assert not manifest_path_for(older).exists()
    assert manifest_of(path)["row_counts"]["people_person"] == 3
    assert manifest_of(path)["audit"]["sha256"] == audit_checksum().sha256

    checked = cli("backup", "--verify", str(path))
    assert checked.returncode == 0, checked.stderr
    assert "matches its manifest" in checked.stdout

    manifest = manifest_of(path)
    manifest["row_counts"]["privacy_accessevent"] = 2
    manifest_path_for(path).write_text(json.dumps(manifest))
    checked = cli("backup", "--verify", str(path))
    assert checked.returncode == 1
    assert "the manifest was changed or was made with another SECRET_KEY" in checked.stderr

    reseal(path, secret="backup-test")
    checked = cli("backup", "--verify", str(path))
    assert checked.returncode == 1
    assert "Table privacy_accessevent: 2 rows in the manifest, 3 in the restored backup" in (
        checked.stderr
    )
