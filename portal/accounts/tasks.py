"""Email tasks (AC-1, AC-2): ids in, safe to run twice, retried with a growing delay."""

import logging
from datetime import timedelta

from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import schedule

logger = logging.getLogger(__name__)


def _retry(func: str, object_id, attempt: int) -> None:
    schedule(
        func,
        object_id,
        attempt + 1,
        name=f"retry {func} {object_id} #{attempt + 1}",
        schedule_type=Schedule.ONCE,
        next_run=timezone.now() + timedelta(seconds=60 * 2 ** (attempt - 1)),
    )


def send_invitation(invitation_id, attempt: int = 1) -> str:
    from portal.accounts.invitations import invitation_deliver

    result = invitation_deliver(invitation_id, attempt)
    if result == "retry":
        _retry("portal.accounts.tasks.send_invitation", invitation_id, attempt)
    return result


def send_password_reset(user_id, attempt: int = 1) -> str:
    from portal.accounts.passwords import password_reset_deliver

    result = password_reset_deliver(user_id, attempt)
    if result == "retry":
        _retry("portal.accounts.tasks.send_password_reset", user_id, attempt)
    return result
