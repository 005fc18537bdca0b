"""`manage.py export_instrument SLUG [--version N]`: print a version's YAML as it was loaded."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.instruments.models import InstrumentVersion
from tandem.instruments.selectors import instrument_version_find


class Command(BaseCommand):
    help = "Print the YAML definition of an instrument (its highest version unless --version)."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Our --version (which version to print) replaces Django's --version (Django's release).
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--version", type=int, default=None, dest="number")

    def handle(self, *args: Any, slug: str, number: int | None, **options: Any) -> None:
        try:
            version = instrument_version_find(slug=slug, version=number)
        except InstrumentVersion.DoesNotExist:
            which = f" version {number}" if number is not None else ""
            raise CommandError(f'There is no instrument "{slug}"{which}.') from None
        self.stdout.write(version.definition_yaml, ending="")
