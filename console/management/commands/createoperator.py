"""Create the first operator of an empty portal (OP-1): `python manage.py createoperator EMAIL`.

The person gets the operator role and an email with a one-time link to choose a password:
sent through EMAIL_URL, or without it written to MAIL_DIR; the command prints where it went and,
when written to a file, the link itself.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from console.services import platform_role_grant, staff_invitation_send
from portal.access.roles import Role
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import AuditEvent


class Command(BaseCommand):
    help = "Make EMAIL an operator of the portal and send them a link to choose a password."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--first-name", default="")

    def handle(self, *args, email, first_name, **options):
        actor = Actor(user=None, source=AuditEvent.Source.COMMAND, operator=True)
        try:
            with transaction.atomic():
                user = platform_role_grant(
                    email=email, role=Role.OPERATOR, actor=actor, first_name=first_name
                )
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        if user.has_usable_password():
            self.stdout.write(f"{user.email} is an operator; they sign in with their password.")
            return
        link = staff_invitation_send(user, role=Role.OPERATOR)
        if settings.EMAIL_URL:
            self.stdout.write(f"{user.email} is an operator; the invitation was emailed.")
        else:
            self.stdout.write(
                f"{user.email} is an operator; the invitation was written to "
                f"{settings.MAIL_DIR} (no EMAIL_URL). The link to choose a password:"
            )
            self.stdout.write(link)
