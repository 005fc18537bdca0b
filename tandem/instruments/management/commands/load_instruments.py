"""`manage.py load_instruments [PATH ...]`: check instrument YAML files and store them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.instruments.definition import DefinitionError
from tandem.instruments.schema import definition_parse
from tandem.instruments.services import instrument_load

DEFINITIONS_DIR = Path(__file__).resolve().parents[2] / "definitions"
VERSION_FILE = re.compile(r"^v(\d+)\.ya?ml$")


class Command(BaseCommand):
    help = (
        "Load instrument definitions (YAML, see docs/INSTRUMENTS.md). Without a path, loads "
        "every file under tandem/instruments/definitions. A file with a problem loads nothing; "
        "the other files still load."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", type=Path, help="YAML files or folders.")

    def handle(self, *args: Any, paths: list[Path], **options: Any) -> None:
        files = definition_files(paths or [DEFINITIONS_DIR])
        failed = 0
        for path in files:
            origin = display_path(path)
            try:
                text = path.read_text(encoding="utf-8")
                check_file_name(path, text, origin=origin)
                result = instrument_load(text=text, origin=origin, is_builtin=is_builtin_file(path))
            except (OSError, UnicodeDecodeError) as error:
                failed += 1
                self.stderr.write(f"{origin}: cannot be read ({error})")
                continue
            except DefinitionError as error:
                failed += 1
                self.stderr.write(str(error))
                continue
            version = result.version
            self.stdout.write(
                f"{origin}: {result.outcome} {version.instrument.slug} version {version.version}"
            )
        if failed:
            raise CommandError(
                f"{failed} of {len(files)} file{'s' if len(files) != 1 else ''} not loaded."
            )


def definition_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted([*path.glob("**/*.yaml"), *path.glob("**/*.yml")]))
        elif path.exists():
            files.append(path)
        else:
            raise CommandError(f"{path}: no such file or folder.")
    return files


def display_path(path: Path) -> str:
    """The path relative to the project when it is inside it, as people see it in the repo."""
    try:
        return str(path.resolve().relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return str(path)


def is_builtin_file(path: Path) -> bool:
    return path.resolve().is_relative_to(DEFINITIONS_DIR)


def check_file_name(path: Path, text: str, *, origin: str) -> None:
    """A file named <slug>/v<N>.yaml must hold that slug and version, or it would be misfiled."""
    match = VERSION_FILE.match(path.name)
    if match is None:
        return
    definition = definition_parse(text, origin=origin)
    if definition.version != int(match.group(1)):
        raise DefinitionError(
            f"the file is named {path.name} but holds version {definition.version}", origin=origin
        )
    if definition.slug != path.parent.name and is_builtin_file(path):
        raise DefinitionError(
            f'the file is in the folder "{path.parent.name}" but its slug is "{definition.slug}"',
            origin=origin,
        )
