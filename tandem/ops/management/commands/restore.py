"""`manage.py restore FILE --yes`: replace the database with a backup, then check it against the
backup's manifest (tandem/ops/backups.py says how each engine is restored)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.ops.backups import BackupError, backup_restore, restore_refusal
from tandem.ops.management.commands.backup import manifest_lines, report_verification


class Command(BaseCommand):
    # No system checks: a backup or a restore must run in a crisis even when some other part of
    # the configuration would fail a check (and each check run costs two seconds under cron).
    requires_system_checks: list[str] = []
    help = (
        "Replace the configured database with a backup made by `manage.py backup`, then compare "
        "it with the backup's manifest. Refuses without --yes. See docs/OPERATIONS.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The backup file (.sqlite3 or .pgdump).")
        parser.add_argument(
            "--yes", action="store_true", help="Really overwrite the configured database."
        )
        parser.add_argument(
            "--media",
            action="store_true",
            help="Also replace the files in MEDIA_ROOT with the backup's uploaded files (the "
            "replaced ones are kept in MEDIA_ROOT/.before-restore-<time>).",
        )

    def handle(self, *args: Any, file: Path, yes: bool, media: bool, **options: Any) -> None:
        try:
            if not yes:
                raise CommandError(restore_refusal(path=file))
            verification = backup_restore(path=file, media=media)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {file}")
        for line in manifest_lines(verification.manifest):
            self.stdout.write(line)
        report_verification(self, verification, what="The restored database")
