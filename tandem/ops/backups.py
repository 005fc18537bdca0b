"""Backups of Tandem's database (and optionally its uploaded files), checked against a manifest.

`manage.py backup` writes `tandem-<UTC time>.sqlite3` or `.pgdump` and, next to it,
`tandem-<UTC time>.manifest.json`: when, which engine and version of Tandem, the applied
migrations, the row count of every table, the audit trail's checksum
(tandem/ops/database_summary.py) and the SHA-256 of the backup file itself. `--media` adds
`tandem-<UTC time>.media.tar.gz`, a tar of MEDIA_ROOT. Every file is created readable by
Tandem's user only (umask 077 while they are written, pg_dump's included), in a folder made
0700.

The manifest is signed (HMAC-SHA256 under a key derived from SECRET_KEY for this purpose
only), so the file's SHA-256 in it detects a changed backup file and the signature a changed
manifest: someone who replaces a backup cannot rewrite the manifest to match without the key.
Verifying and restoring need the SECRET_KEY the backup was made with (or that key among
SECRET_KEY_FALLBACKS).

- SQLite: the online backup API (`sqlite3.Connection.backup`) copies a consistent snapshot
  while Tandem keeps serving, including what is still only in the write-ahead log (a plain file
  copy of `tandem.sqlite3` misses that, and can catch a page half-written). The copy is switched
  to an ordinary rollback journal, so the backup is one self-contained file. The manifest is
  computed from the backup file itself, so it describes exactly what the file holds.
- PostgreSQL: `pg_dump --format=custom`, run on a snapshot exported by a REPEATABLE READ
  transaction (`pg_export_snapshot()`, `pg_dump --snapshot`); the manifest's counts and checksum
  are read in that same transaction, so they describe exactly the moment pg_dump copies. The
  connection is passed to pg_dump, pg_restore, createdb and dropdb in PGHOST, PGPORT, PGUSER,
  PGPASSWORD and PGDATABASE, never on the command line (where `ps` would show the password).

Verifying restores the backup into a scratch database (a temporary SQLite file, or a PostgreSQL
database `tandem_verify_<random>` created and dropped) and compares it with the manifest.
Restoring is described in `backup_restore`.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils.crypto import constant_time_compare, salted_hmac
from psycopg import IsolationLevel

from tandem.ops.database_summary import DatabaseSummary, database_summary, summary_differences

# 2: signed (the "signature" key). Format 1 manifests were unsigned: refused, as a stripped
# signature would look the same.
MANIFEST_FORMAT = 2
SIGNATURE_SALT = "tandem.ops.backups.manifest"
SIGNATURE_PREFIX = "hmac-sha256:"
MANIFEST_KEYS = ("file", "sha256", "engine", "created_at", "migrations", "row_counts", "audit")
MANIFEST_SUFFIX = ".manifest.json"
MEDIA_SUFFIX = ".media.tar.gz"
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
PG_BIN = Path("/usr/bin")
# Inside MEDIA_ROOT during and after `restore --media`: the unpacked archive, and the files it
# replaced. Left out of later media archives.
MEDIA_STAGING_PREFIX = ".restoring-"
MEDIA_KEPT_PREFIX = ".before-restore-"


class BackupError(Exception):
    """A backup, verification or restore that cannot go on; the message says why."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest_path: Path
    manifest: dict[str, Any]
    removed: list[Path]


@dataclass(frozen=True)
class Verification:
    """The outcome of comparing a database with a backup's manifest; empty `problems`: a match."""

    path: Path
    manifest: dict[str, Any]
    problems: list[str]
    notes: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


# --- The configured database ------------------------------------------------------------------


def _default_settings() -> dict[str, Any]:
    # The connection's own settings: settings.DATABASES["default"] as Django resolved it (under
    # the test runner, the test database).
    return dict(connections[DEFAULT_DB_ALIAS].settings_dict)


def configured_engine() -> str:
    """The configured engine, "sqlite" or "postgresql" (settings.DATABASES["default"])."""
    engine = _default_settings()["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        return "sqlite"
    if engine == "django.db.backends.postgresql":
        return "postgresql"
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {engine}.")


def describe_database() -> str:
    """The configured database in words, for what a restore will overwrite."""
    db = _default_settings()
    if configured_engine() == "sqlite":
        return f"the SQLite database {db['NAME']}"
    host = db.get("HOST") or "the local socket"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"the PostgreSQL database {db['NAME']} on {host}{port}"


def _sqlite_path() -> Path:
    db = _default_settings()
    name = str(db["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("The configured SQLite database lives in memory: nothing to back up.")
    return Path(name)


def _pg_env(name: str | None = None) -> dict[str, str]:
    """libpq's variables for the configured database (or database `name` on its server)."""
    db = _default_settings()
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if db.get(key):
            env[variable] = str(db[key])
        else:
            env.pop(variable, None)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    env["PGDATABASE"] = name or str(db["NAME"])
    return env


def _pg_run(program: str, *args: str, database: str | None = None) -> None:
    completed = subprocess.run(  # noqa: S603 (fixed program, arguments built here)
        # --no-password: fail at once rather than wait for a password nobody will type (cron).
        [str(PG_BIN / program), "--no-password", *args],
        env=_pg_env(database),
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise BackupError(f"{program} failed: {completed.stderr.strip() or completed.stdout}")


@contextmanager
def _connection_to(overrides: dict[str, Any]) -> Iterator[str]:
    """A temporary Django connection alias: the default database's settings with `overrides`
    (another SQLite file, another PostgreSQL database, other options). Closed and forgotten
    when the block ends."""
    alias = f"ops_{secrets.token_hex(4)}"
    settings_dict = {**_default_settings(), **overrides}
    # A connection of its own, never one borrowed from a pool.
    settings_dict["OPTIONS"] = {
        key: value for key, value in (settings_dict.get("OPTIONS") or {}).items() if key != "pool"
    }
    connections.settings[alias] = settings_dict
    try:
        # Opened now rather than on first use: the test runner refuses to open connections to
        # databases a test did not declare, and this one exists only for the block.
        connections[alias].connect()
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


def _sqlite_uri(path: Path, *, read_only: bool = False) -> str:
    uri = path.resolve().as_uri()
    return f"{uri}?mode=ro&immutable=1" if read_only else uri


# --- Files and manifests ----------------------------------------------------------------------


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def manifest_path_for(path: Path) -> Path:
    """`tandem-20250101T020000Z.sqlite3` → `tandem-20250101T020000Z.manifest.json`."""
    return path.with_name(path.stem + MANIFEST_SUFFIX)


def _tandem_version() -> str:
    try:
        return importlib.metadata.version("tandem")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _new_stem(folder: Path, moment: datetime) -> str:
    stem = "tandem-" + moment.strftime("%Y%m%dT%H%M%SZ")
    candidate, number = stem, 1
    while any(folder.glob(candidate + ".*")):
        number += 1
        candidate = f"{stem}-{number}"
    return candidate


def _signed_text(manifest: dict[str, Any]) -> bytes:
    """Everything in the manifest but its signature, written canonically (sorted keys)."""
    body = {key: value for key, value in manifest.items() if key != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def manifest_signature(manifest: dict[str, Any], *, secret: str | bytes | None = None) -> str:
    """HMAC-SHA256 of the manifest under a key derived from SECRET_KEY (or `secret`) for
    signing manifests only (Django's salted_hmac: SHA-256 of the purpose and the secret), so the
    signature reveals nothing usable for sessions or anything else signed with SECRET_KEY."""
    digest = salted_hmac(SIGNATURE_SALT, _signed_text(manifest), secret=secret, algorithm="sha256")
    return SIGNATURE_PREFIX + digest.hexdigest()


def _check_signature(manifest: dict[str, Any], manifest_path: Path) -> None:
    signature = manifest.get("signature")
    if not isinstance(signature, str):
        raise BackupError(
            f"The manifest {manifest_path.name} is not signed: it was made before backups were "
            "signed, or its signature was removed. Its checksums cannot be trusted; do not "
            "restore it."
        )
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if not any(
        constant_time_compare(signature, manifest_signature(manifest, secret=key)) for key in keys
    ):
        raise BackupError(
            f"The signature of the manifest {manifest_path.name} does not match: the manifest "
            "was changed or was made with another SECRET_KEY. Check it on an installation with "
            "the SECRET_KEY the backup was made with; do not restore it otherwise."
        )


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of the backup at `path`, after checking its signature and that the file is
    there and is the file the manifest describes (its SHA-256)."""
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    manifest_path = manifest_path_for(path)
    if not manifest_path.is_file():
        raise BackupError(
            f"No manifest for {path.name}: expected {manifest_path.name} next to it. Without it "
            "the backup cannot be checked; it is written by `manage.py backup` with the file."
        )
    try:
        manifest = json.loads(manifest_path.read_text())
        if not isinstance(manifest, dict):
            raise TypeError("not a JSON object")
    except (ValueError, TypeError) as error:
        raise BackupError(f"The manifest {manifest_path.name} is not readable: {error}") from None
    _check_signature(manifest, manifest_path)
    try:
        missing = [key for key in MANIFEST_KEYS if key not in manifest]
        if "sha256" not in manifest.get("audit", {}):
            missing.append("audit.sha256")
    except (ValueError, TypeError, AttributeError) as error:
        raise BackupError(f"The manifest {manifest_path.name} is not readable: {error}") from None
    if missing:
        raise BackupError(f"The manifest {manifest_path.name} lacks {', '.join(missing)}.")
    expected = manifest["sha256"]
    if manifest.get("file") != path.name:
        raise BackupError(
            f"The manifest {manifest_path.name} describes {manifest.get('file')}, not {path.name}."
        )
    actual = file_sha256(path)
    if actual != expected:
        raise BackupError(
            f"The SHA-256 of {path.name} ({actual}) does not match its manifest ({expected}): "
            "the file was changed or damaged after the backup. Do not restore it."
        )
    return manifest


def _check_media(path: Path, manifest: dict[str, Any]) -> Path | None:
    media = manifest.get("media")
    if not media:
        return None
    media_path = path.with_name(Path(media["file"]).name)
    if not media_path.is_file():
        raise BackupError(f"The manifest lists {media['file']}, but it is not next to {path.name}.")
    actual = file_sha256(media_path)
    if actual != media["sha256"]:
        raise BackupError(
            f"The SHA-256 of {media_path.name} ({actual}) does not match its manifest "
            f"({media['sha256']}): the uploaded files' archive was changed or damaged."
        )
    return media_path


def _media_tar(media_root: Path, target: Path) -> int:
    """A gzipped tar of MEDIA_ROOT, paths relative to it; returns how many files it holds."""
    files = 0
    with tarfile.open(target, "w:gz") as archive:
        if media_root.is_dir():
            for item in sorted(media_root.rglob("*")):
                if _restore_leftover(item.relative_to(media_root).parts[0]):
                    continue
                if item.is_file() and not item.is_symlink():
                    archive.add(item, arcname=str(item.relative_to(media_root)))
                    files += 1
    return files


def _restore_leftover(name: str) -> bool:
    """A top-level entry of MEDIA_ROOT that `restore --media` made, not an uploaded file."""
    return name.startswith((MEDIA_STAGING_PREFIX, MEDIA_KEPT_PREFIX))


def _media_files(media_path: Path) -> int:
    with tarfile.open(media_path, "r:gz") as archive:
        return sum(1 for member in archive.getmembers() if member.isfile())


# --- Backing up -------------------------------------------------------------------------------


def _manifest(
    *, path: Path, engine: str, moment: datetime, summary: DatabaseSummary
) -> dict[str, Any]:
    return {
        "format": MANIFEST_FORMAT,
        "created_at": moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "engine": engine,
        "tandem_version": _tandem_version(),
        "file": path.name,
        "size": path.stat().st_size,
        "sha256": file_sha256(path),
        "migrations": summary.migrations,
        "row_counts": summary.row_counts,
        "audit": {
            "sha256": summary.audit.sha256,
            "rows": summary.audit.rows,
            "fields": summary.audit.fields,
        },
        "media": None,
    }


@contextmanager
def _private_files() -> Iterator[None]:
    """Every file created in the block, by this process or one it starts (pg_dump), is created
    readable and writable by Tandem's user only: with the default umask the partial dump and the
    media archive would be readable by everyone while they are written. The umask is the
    process's, so it is put back when the block ends."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def _sqlite_backup(target: Path) -> DatabaseSummary:
    source_path = _sqlite_path()
    if not source_path.is_file():
        raise BackupError(f"The SQLite database {source_path} does not exist.")
    timeout = float((_default_settings().get("OPTIONS") or {}).get("timeout", 20))
    with (
        closing(sqlite3.connect(_sqlite_uri(source_path), uri=True, timeout=timeout)) as source,
        closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
    with _connection_to({"NAME": _sqlite_uri(target, read_only=True), "OPTIONS": {}}) as alias:
        return database_summary(using=alias)


def _pg_backup(target: Path) -> DatabaseSummary:
    options = {
        **(_default_settings().get("OPTIONS") or {}),
        "isolation_level": IsolationLevel.REPEATABLE_READ,
    }
    with _connection_to({"OPTIONS": options}) as alias, transaction.atomic(using=alias):
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        with tempfile.TemporaryFile("w+") as errors:
            dump = subprocess.Popen(  # noqa: S603 (fixed program, arguments built here)
                [
                    str(PG_BIN / "pg_dump"),
                    "--no-password",
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                ],
                env=_pg_env(),
                stdout=subprocess.DEVNULL,
                stderr=errors,
            )
            try:
                summary = database_summary(using=alias)
            finally:
                returncode = dump.wait()
            if returncode != 0:
                errors.seek(0)
                raise BackupError(f"pg_dump failed: {errors.read().strip()}")
    return summary


def backup_create(
    *,
    output_dir: Path | None = None,
    media: bool = False,
    keep: int | None = None,
) -> BackupResult:
    """Back up the configured database into `output_dir` (default DATA_DIR/backups), write its
    manifest, with `media` a tar of MEDIA_ROOT, and with `keep` remove all but the newest `keep`
    backups of the folder. The tar is made after the database, so every file the backed-up
    database refers to is in it."""
    if keep is not None and keep < 1:
        raise BackupError("--keep must be at least 1 (the backup just made).")
    engine = configured_engine()
    folder = Path(output_dir) if output_dir else Path(settings.DATA_DIR) / "backups"
    # Backups hold every confidential record: readable by Tandem's own user only. mkdir's mode
    # does not change a folder that already exists, hence the chmod.
    with _private_files():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            folder.chmod(0o700)
        except OSError as error:
            raise BackupError(
                f"Could not make {folder} readable by Tandem's user only (0700): {error}"
            ) from None
        moment = datetime.now(UTC)
        stem = _new_stem(folder, moment)
        path = folder / (stem + SUFFIXES[engine])
        partial = path.with_name(path.name + ".partial")
        try:
            summary = _sqlite_backup(partial) if engine == "sqlite" else _pg_backup(partial)
            partial.rename(path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        manifest = _manifest(path=path, engine=engine, moment=moment, summary=summary)
        if media:
            media_path = folder / (stem + MEDIA_SUFFIX)
            files = _media_tar(Path(settings.MEDIA_ROOT), media_path)
            manifest["media"] = {
                "file": media_path.name,
                "sha256": file_sha256(media_path),
                "files": files,
                "media_root": str(settings.MEDIA_ROOT),
            }
        manifest["signature"] = manifest_signature(manifest)
        manifest_path = manifest_path_for(path)
        manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    removed = backups_prune(folder=folder, keep=keep) if keep else []
    return BackupResult(path=path, manifest_path=manifest_path, manifest=manifest, removed=removed)


def backups_prune(*, folder: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` backups of `folder` (newest by the manifest's
    created_at). Only files a manifest names are removed; anything else in the folder stays."""
    backups: list[tuple[str, Path, dict[str, Any]]] = []
    for manifest_path in folder.glob("tandem-*" + MANIFEST_SUFFIX):
        try:
            manifest = json.loads(manifest_path.read_text())
            backups.append((str(manifest["created_at"]), manifest_path, manifest))
        except (ValueError, KeyError, TypeError):
            continue  # not ours to judge: left in place
    backups.sort(key=lambda item: (item[0], item[1].name), reverse=True)
    removed: list[Path] = []
    for _, manifest_path, manifest in backups[keep:]:
        names = [manifest.get("file"), (manifest.get("media") or {}).get("file")]
        for name in names:
            if name and Path(name).name == name and (folder / name).exists():
                (folder / name).unlink()
                removed.append(folder / name)
        manifest_path.unlink()
        removed.append(manifest_path)
    return removed


# --- Verifying --------------------------------------------------------------------------------


def _summary_problems(*, alias: str, manifest: dict[str, Any], where: str) -> list[str]:
    try:
        summary = database_summary(using=alias, audit_fields_used=manifest["audit"].get("fields"))
    except (ValueError, DatabaseError) as error:
        return [f"Could not read {where} to compare it with the manifest: {error}"]
    return summary_differences(manifest=manifest, summary=summary, where=where)


def _check_engine(manifest: dict[str, Any], *, action: str) -> None:
    engine, configured = manifest["engine"], configured_engine()
    if engine not in SUFFIXES:
        raise BackupError(f"The manifest names an unknown engine: {engine}.")
    if engine == configured or (action == "verify" and engine == "sqlite"):
        return
    backup_name, configured_name = ENGINE_NAMES[engine], ENGINE_NAMES[configured]
    if action == "verify":
        raise BackupError(
            f"This is a {backup_name} backup; verifying it needs a {backup_name} server, and "
            f"Tandem is configured for {configured_name}. Verify it on an installation that "
            "uses PostgreSQL (DATABASE_URL)."
        )
    raise BackupError(
        f"This is a {backup_name} backup and Tandem is configured for {configured_name}. "
        f"A {backup_name} backup cannot be restored into {configured_name}: restore it into "
        f"an installation that uses {backup_name}."
    )


def backup_verify(*, path: Path) -> Verification:
    """Restore the backup at `path` into a scratch database and compare it with its manifest
    (every table's row count, the applied migrations, the audit checksum; the uploaded files'
    archive too, when there is one). The scratch database is removed afterwards."""
    path = Path(path)
    manifest = read_manifest(path)
    _check_engine(manifest, action="verify")
    notes: list[str] = []
    media_path = _check_media(path, manifest)
    problems: list[str] = []
    if media_path is not None:
        try:
            files = _media_files(media_path)
        except (tarfile.TarError, OSError) as error:
            problems.append(f"The uploaded files' archive {media_path.name} is unreadable: {error}")
        else:
            if files != manifest["media"]["files"]:
                problems.append(
                    f"The uploaded files' archive holds {files:,} files; the manifest says "
                    f"{manifest['media']['files']:,}."
                )
            notes.append(f"Uploaded files: {files:,} in {media_path.name}.")
    where = "the restored backup"
    if manifest["engine"] == "sqlite":
        with tempfile.TemporaryDirectory(prefix="tandem-verify-") as scratch_dir:
            scratch = Path(scratch_dir) / "verify.sqlite3"
            try:
                _sqlite_copy(path, scratch)
            except BackupError as error:
                problems.append(f"The backup does not restore: {error}")
            else:
                with _connection_to(
                    {"ENGINE": "django.db.backends.sqlite3", "NAME": str(scratch), "OPTIONS": {}}
                ) as alias:
                    problems += _summary_problems(alias=alias, manifest=manifest, where=where)
    else:
        name = f"tandem_verify_{secrets.token_hex(6)}"
        _pg_run("createdb", name)
        try:
            _pg_run(
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={name}",
                str(path),
                database=name,
            )
            with _connection_to({"NAME": name}) as alias:
                problems += _summary_problems(alias=alias, manifest=manifest, where=where)
        except BackupError as error:
            problems.append(f"The backup does not restore: {error}")
        finally:
            _pg_run("dropdb", "--if-exists", "--force", name)
    return Verification(path=path, manifest=manifest, problems=problems, notes=notes)


def _sqlite_copy(path: Path, target: Path, *, wal: bool = False) -> None:
    """Copy the backup file at `path` into the SQLite database at `target` with the backup API,
    after checking it is a sound SQLite database; `wal` puts the copy back in WAL mode (the
    live database's)."""
    try:
        with closing(sqlite3.connect(_sqlite_uri(path, read_only=True), uri=True)) as source:
            result = source.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                raise BackupError(f"{path.name} is a damaged SQLite database: {result}")
            with closing(sqlite3.connect(target, timeout=_sqlite_timeout())) as copy:
                source.backup(copy)
                if wal:
                    copy.execute("PRAGMA journal_mode=WAL")
    except sqlite3.DatabaseError as error:
        raise BackupError(f"Could not copy {path.name} into {target}: {error}") from None


def _sqlite_timeout() -> float:
    options = _default_settings().get("OPTIONS") or {}
    return float(options.get("timeout", 20))


# --- Restoring --------------------------------------------------------------------------------


def restore_refusal(*, path: Path) -> str:
    """What `restore` without --yes says: which backup, and what it would overwrite."""
    manifest = read_manifest(Path(path))
    _check_engine(manifest, action="restore")
    extra = ""
    if manifest.get("media"):
        extra = f" With --media, the files in MEDIA_ROOT ({settings.MEDIA_ROOT}) are replaced too."
    where = describe_database()
    if manifest["engine"] == "postgresql":
        where += " (its whole schema public, tables added since the backup included)"
    return (
        f"This replaces everything in {where} with the backup {Path(path).name} "
        f"(taken {manifest['created_at']}, Tandem {manifest['tandem_version']}, "
        f"{sum(manifest['row_counts'].values()):,} rows). Whatever was written since that "
        f"backup is lost.{extra} Stop Tandem (web server, db_worker, scheduler) first, and run "
        "again with --yes to go ahead."
    )


def backup_restore(*, path: Path, media: bool = False) -> Verification:
    """Replace the configured database with the backup at `path`, then compare the database
    with the manifest (the same check as `backup --verify`).

    - SQLite: the backup API in the other direction, from the backup file into the live
      database file. It runs as one write transaction on the live file (waiting, like any
      writer, for the busy timeout), so a connection that is still open sees either the old
      database or the restored one, never a mix, and a failure leaves the old one; the file
      keeps its write-ahead-log mode. The file is created if it does not exist (a new server).
    - PostgreSQL: in one transaction, the schema public is dropped and created again, then the
      dump is loaded (`_pg_restore_replacing`), so a failure leaves the database as it was and
      nothing made after the backup survives it. The database must exist (an empty one on a
      new server), owned by the configured role.

    Stop the web server and workers first: they would keep writing, and their writes after the
    restore would show up as differences from the manifest. With `media`, the archive is
    unpacked and counted before the database is touched (a damaged archive or a full disk
    changes nothing), and its files then replace MEDIA_ROOT's; the replaced ones are kept in
    MEDIA_ROOT/.before-restore-<time> (reported in `notes`).
    """
    path = Path(path)
    manifest = read_manifest(path)
    _check_engine(manifest, action="restore")
    media_path = _check_media(path, manifest) if media else None
    if media and media_path is None:
        raise BackupError(f"{path.name} was made without --media: it has no uploaded files.")
    staged = _media_stage(media_path, manifest["media"]) if media_path is not None else None
    try:
        connections[DEFAULT_DB_ALIAS].close()
        if manifest["engine"] == "sqlite":
            _sqlite_restore(path)
        else:
            _pg_run("pg_restore", "--list", str(path))  # a readable archive, first
            _pg_restore_replacing(path)
    except BaseException:
        if staged is not None:
            shutil.rmtree(staged, ignore_errors=True)
        raise
    connections[DEFAULT_DB_ALIAS].close()
    notes: list[str] = []
    problems: list[str] = []
    if staged is not None:
        try:
            notes.append(_media_swap(staged))
        except BackupError as error:
            problems.append(str(error))
    problems += _summary_problems(alias=DEFAULT_DB_ALIAS, manifest=manifest, where="the database")
    notes += _migration_notes()
    return Verification(path=path, manifest=manifest, problems=problems, notes=notes)


# Sent before the dump, in the same transaction. The recreated schema belongs to the connecting
# role (the dump's objects are created by it too: --no-owner); USAGE for everyone is what
# PostgreSQL gives a new database's schema public.
_PG_REPLACE_SCHEMA = b"""BEGIN;
SET LOCAL client_min_messages = warning;
DROP SCHEMA IF EXISTS public CASCADE;
CREATE SCHEMA public;
GRANT USAGE ON SCHEMA public TO PUBLIC;
"""


def _pg_restore_replacing(path: Path) -> None:
    """Load the dump into the configured database in place of everything in its schema public,
    in one transaction.

    `pg_restore --clean` drops only the objects the archive holds: a table added after the
    backup with a foreign key to a dumped table makes it fail, and one without survives the
    restore while django_migrations goes back. So pg_restore writes the dump as SQL and psql
    runs it after dropping and recreating the schema, between a BEGIN and a COMMIT sent from
    here. The COMMIT is sent only once pg_restore has finished without error: psql's own
    --single-transaction would commit whatever had arrived when pg_restore failed half-way.
    psql stops at the first error (ON_ERROR_STOP) and leaves without committing, and an
    uncommitted transaction is rolled back, so a failure leaves the database as it was."""
    env = _pg_env()
    with (
        tempfile.TemporaryFile("w+") as restore_errors,
        tempfile.TemporaryFile("w+") as load_errors,
    ):
        load = subprocess.Popen(  # noqa: S603 (fixed program, arguments built here)
            [
                str(PG_BIN / "psql"),
                "--no-password",
                "--no-psqlrc",
                "--quiet",
                "--set=ON_ERROR_STOP=1",
                "--file=-",
            ],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=load_errors,
        )
        restore = subprocess.Popen(  # noqa: S603 (fixed program, arguments built here)
            [str(PG_BIN / "pg_restore"), "--no-owner", "--file=-", str(path)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=restore_errors,
        )
        assert load.stdin is not None and restore.stdout is not None
        try:
            # A broken pipe: psql stopped at an error, which it wrote to load_errors.
            with suppress(BrokenPipeError):
                load.stdin.write(_PG_REPLACE_SCHEMA)
                shutil.copyfileobj(restore.stdout, load.stdin, 1 << 20)
                if restore.wait() == 0:
                    load.stdin.write(b"COMMIT;\n")
        finally:
            if restore.poll() is None:
                restore.kill()
            restore.wait()
            restore.stdout.close()
            with suppress(BrokenPipeError):
                load.stdin.close()
            load.wait()
        # psql's error first: when psql stops, pg_restore is stopped too.
        if load.returncode != 0:
            load_errors.seek(0)
            raise BackupError(f"psql failed, nothing was changed: {load_errors.read().strip()}")
        if restore.returncode != 0:
            restore_errors.seek(0)
            raise BackupError(
                f"pg_restore failed, nothing was changed: {restore_errors.read().strip()}"
            )


def _sqlite_restore(path: Path) -> None:
    live = _sqlite_path()
    live.parent.mkdir(parents=True, exist_ok=True)
    _sqlite_copy(path, live, wal=True)


def _media_stage(media_path: Path, media: dict[str, Any]) -> Path:
    """Unpack the uploaded files' archive into a hidden folder inside MEDIA_ROOT and count its
    files, before the database is touched: a damaged archive, a full disk or a folder Tandem
    cannot write stops the restore while everything is as it was.

    Inside MEDIA_ROOT rather than beside it: on the same file system, so putting the files in
    place is a rename of each entry, also when MEDIA_ROOT is a mount point (an NFS share),
    which cannot itself be renamed or replaced."""
    media_root = Path(settings.MEDIA_ROOT)
    try:
        media_root.mkdir(parents=True, exist_ok=True)
        staged = Path(tempfile.mkdtemp(prefix=MEDIA_STAGING_PREFIX, dir=media_root))
    except OSError as error:
        raise BackupError(
            f"Could not unpack the uploaded files into {media_root}: {error}. Nothing was restored."
        ) from None
    try:
        with tarfile.open(media_path, "r:gz") as archive:
            archive.extractall(staged, filter="data")
        files = sum(1 for item in staged.rglob("*") if item.is_file())
        if files != media["files"]:
            raise BackupError(
                f"The uploaded files' archive {media_path.name} unpacked into {files:,} files; "
                f"the manifest says {media['files']:,}. Nothing was restored."
            )
    except (tarfile.TarError, OSError, EOFError) as error:
        shutil.rmtree(staged, ignore_errors=True)
        raise BackupError(
            f"Could not unpack the uploaded files' archive {media_path.name} into {media_root}: "
            f"{error}. Nothing was restored."
        ) from None
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return staged


def _media_swap(staged: Path) -> str:
    """Move MEDIA_ROOT's entries into MEDIA_ROOT/.before-restore-<time>, then the unpacked
    ones up into MEDIA_ROOT: renames within one folder, never of MEDIA_ROOT itself."""
    media_root = staged.parent
    kept = Path(
        tempfile.mkdtemp(
            prefix=MEDIA_KEPT_PREFIX + datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-"),
            dir=media_root,
        )
    )
    try:
        old = [entry for entry in media_root.iterdir() if not _restore_leftover(entry.name)]
        for entry in old:
            entry.rename(kept / entry.name)
        for entry in staged.iterdir():
            entry.rename(media_root / entry.name)
        staged.rmdir()
    except OSError as error:
        raise BackupError(
            f"The database was restored, but the uploaded files could not all be put in place "
            f"({error}). The backup's files are in {staged}, the previous ones in {kept}: move "
            f"the former into {media_root} by hand."
        ) from None
    if not old:
        kept.rmdir()
        return f"Uploaded files restored into {media_root}."
    return (
        f"Uploaded files restored into {media_root}; the previous ones are in {kept} (remove it "
        "once the restore is checked)."
    )


def _migration_notes() -> list[str]:
    """Tell the operator when the restored database and this code's migrations disagree."""
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    unknown = [
        key for key in executor.loader.applied_migrations if key not in executor.loader.graph.nodes
    ]
    notes = []
    if pending:
        notes.append(
            f"The backup is older than this code: {len(pending)} migrations to apply. Run "
            "`manage.py migrate` before starting Tandem."
        )
    if unknown:
        notes.append(
            f"The backup was made by a newer Tandem ({len(unknown)} applied migrations this code "
            "does not know): run the version that made it."
        )
    return notes


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:,.0f} {unit}" if unit == "bytes" else f"{value:,.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")
