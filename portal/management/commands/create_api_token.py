"""Print a new /v1 bearer token for an admin of a partner (FEATURES API-6)."""

import uuid

from django.core.management.base import BaseCommand, CommandError

from portal.api import scopes as known
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import AuditEvent, Partner, User
from portal.services import api_token_issue

SHORTHANDS = {"all": known.ALL, "read": known.READ}


class Command(BaseCommand):
    help = "Issue an API token for EMAIL acting in a partner and print it (shown once)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--partner", required=True, help="Partner name or id")
        parser.add_argument(
            "--scope",
            action="append",
            default=[],
            help="A Webex scope name, repeatable; 'all' or 'read' for the usual sets.",
        )
        parser.add_argument("--name", default="", help="To recognise the token later")

    def handle(self, *args, email, partner, scope, name, **options):
        user = User.objects.filter(email=User.objects.normalize_email(email)).first()
        if user is None:
            raise CommandError(f"No user {email}.")
        org = self._partner(partner)
        granted = set()
        for value in scope:
            granted |= set(SHORTHANDS.get(value, {value}))
        try:
            _, raw = api_token_issue(
                user=user,
                partner=org,
                scopes=sorted(granted),
                name=name,
                actor=Actor(user=None, source=AuditEvent.Source.COMMAND),
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        self.stderr.write(f"Token for {user.email} in {org.name} ({len(granted)} scopes):")
        self.stdout.write(raw)

    def _partner(self, value: str) -> Partner:
        try:
            pk = uuid.UUID(value)
        except ValueError:
            pk = None
        if pk is not None:
            found = Partner.objects.filter(pk=pk).first()
        else:
            matches = list(Partner.objects.filter(name__iexact=value.strip())[:2])
            if len(matches) > 1:
                raise CommandError(f"More than one partner is called {value}; give its id.")
            found = matches[0] if matches else None
        if found is None:
            raise CommandError(f"No partner {value}.")
        return found
