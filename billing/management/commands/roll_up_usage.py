from datetime import date

from django.core.management.base import BaseCommand, CommandError

from billing import usage
from billing.tasks import roll_up_daily_usage


class Command(BaseCommand):
    help = (
        "Store the usage of finished days not stored yet (what the daily schedule does). "
        "With --redo, forget and recompute the days from --since: for assignment history "
        "written after the fact (imports, seed_scale)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="First day to redo, YYYY-MM-DD")
        parser.add_argument("--redo", action="store_true")

    def handle(self, *args, since=None, redo=False, **options):
        if redo:
            try:
                start = date.fromisoformat(since) if since else usage.first_usage_day()
            except ValueError:
                raise CommandError("--since must be a date in the format YYYY-MM-DD") from None
            if start is None:
                return
            days = usage.redo(start, usage.last_finished_day())
        else:
            days = roll_up_daily_usage()
        self.stdout.write(f"Rolled up {days} day(s) of usage.")
