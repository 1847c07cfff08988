"""Import a daily per-user activity CSV for one partner's customers (FEATURES PH-9).

    python manage.py import_activity <partner id> activity.csv

The format is in `controlhub.services.activity`; bad rows are listed and the good ones kept.
Running it again with the same file changes nothing (each user's day is replaced).
"""

from django.core.management.base import BaseCommand, CommandError

from controlhub.services.activity import activity_import
from partnerhub.analytics import activity_scope
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import AuditEvent, Partner


class Command(BaseCommand):
    help = "Import daily per-user activity (calls, meetings, minutes) for a partner's customers."

    def add_arguments(self, parser):
        parser.add_argument("partner", help="The partner's id.")
        parser.add_argument("file", help="The CSV file (UTF-8).")

    def handle(self, *args, partner, file, **options):
        found = Partner.objects.filter(pk=partner).first() if _is_uuid(partner) else None
        if found is None:
            raise CommandError(f"No partner {partner}.")
        try:
            with open(file, encoding="utf-8-sig") as handle:
                content = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            result = activity_import(
                content=content,
                subscribers=activity_scope(found),
                actor=Actor.system(source=AuditEvent.Source.COMMAND),
                organization=found,
            )
        except ApplicationError as error:
            raise CommandError(error.message) from None
        for line, reason in result.errors:
            self.stderr.write(f"line {line}: {reason}")
        self.stdout.write(f"Imported {result.imported} rows; refused {len(result.errors)}.")


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
