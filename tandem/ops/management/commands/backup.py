"""`manage.py backup`: back up the database (and with --media the uploaded files) with a manifest;
`manage.py backup --verify FILE`: check a backup by restoring it into a scratch database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.ops.backups import (
    ENGINE_NAMES,
    BackupError,
    Verification,
    backup_create,
    backup_verify,
    human_size,
)


def manifest_lines(manifest: dict[str, Any]) -> list[str]:
    """The manifest in a few lines, for the operator and the cron mail."""
    counts = manifest["row_counts"]
    audit = manifest["audit"]
    lines = [
        f"  Created {manifest['created_at']} by Tandem {manifest['tandem_version']} "
        f"({ENGINE_NAMES[manifest['engine']]})",
        f"  {len(counts):,} tables, {sum(counts.values()):,} rows; "
        f"file SHA-256 {manifest['sha256']}",
        f"  Audit trail: {sum(audit['rows'].values()):,} rows, SHA-256 {audit['sha256']}",
    ]
    if manifest.get("media"):
        media = manifest["media"]
        lines.append(f"  Uploaded files: {media['files']:,} in {media['file']}")
    return lines


def report_verification(command: BaseCommand, verification: Verification, *, what: str) -> None:
    """Print the notes and the match, or fail (exit status 1) naming every difference."""
    for note in verification.notes:
        command.stdout.write(note)
    if verification.ok:
        command.stdout.write(
            command.style.SUCCESS(
                f"{what} matches its manifest: every table's row count, the migrations and the "
                "audit trail checksum."
            )
        )
        return
    raise CommandError(
        f"{what} does not match its manifest:\n"
        + "\n".join(f"- {problem}" for problem in verification.problems)
    )


class Command(BaseCommand):
    # No system checks: a backup or a restore must run in a crisis even when some other part of
    # the configuration would fail a check (and each check run costs two seconds under cron).
    requires_system_checks: list[str] = []
    help = (
        "Back up Tandem's database into DATA_DIR/backups (or --output) with a manifest next to "
        "it; --verify FILE restores a backup into a scratch database and compares it with its "
        "manifest. See docs/OPERATIONS.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, help="Folder for the backup (default DATA_DIR/backups)."
        )
        parser.add_argument(
            "--keep",
            type=int,
            help="After backing up, remove all but the newest N backups of that folder.",
        )
        parser.add_argument(
            "--media",
            action="store_true",
            help="Also write a tar of MEDIA_ROOT (the uploaded files) next to the backup.",
        )
        parser.add_argument(
            "--verify",
            type=Path,
            metavar="FILE",
            help="Do not back up: restore FILE into a scratch database and compare it with "
            "its manifest. Exits non-zero on any difference.",
        )

    def handle(
        self,
        *args: Any,
        output: Path | None,
        keep: int | None,
        media: bool,
        verify: Path | None,
        **options: Any,
    ) -> None:
        try:
            if verify is not None:
                if output or keep or media:
                    raise CommandError("--verify takes no --output, --keep or --media.")
                verification = backup_verify(path=verify)
                report_verification(self, verification, what=f"The backup {verify.name}")
                return
            result = backup_create(output_dir=output, media=media, keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backed up to {result.path} ({human_size(result.manifest['size'])})\n"
            f"Manifest: {result.manifest_path}"
        )
        for line in manifest_lines(result.manifest):
            self.stdout.write(line)
        if result.removed:
            self.stdout.write(f"Removed older backups (--keep {keep}):")
            for path in result.removed:
                self.stdout.write(f"  {path.name}")
