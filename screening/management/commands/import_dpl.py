"""Import the Denied Persons List (FEATURES PV-2) from its official tab-separated text file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.errors import ApplicationError
from screening.services import denied_parties_import


class Command(BaseCommand):
    help = (
        "Replace the screening list with the entries of a Denied Persons List file "
        "(tab-separated, with the official header line)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            text = path.read_text(encoding="utf-8-sig", errors="replace")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from None
        try:
            count = denied_parties_import(text=text)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"Imported {count} denied parties from {path}; the old list is replaced.")
