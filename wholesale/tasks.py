"""django-q2 tasks of the wholesale provisioning engine. Thin: ids in, call the service; every
one is safe to run twice.

Transient failures (the database busy or briefly unreachable) are retried with a growing delay;
after the last attempt the customer shows `error` with the reason.
"""

import logging
from datetime import timedelta

from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import schedule

from wholesale.services import customers as provisioning

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError)
MAX_ATTEMPTS = 5


def _retry(func: str, customer_id: str, attempt: int, exc: Exception) -> None:
    if attempt >= MAX_ATTEMPTS:
        logger.error("%s(%s) failed %s times: %s", func, customer_id, attempt, exc)
        provisioning.customer_fail_provisioning(
            customer_id, f"Provisioning failed after {attempt} attempts; try the update again."
        )
        return
    delay = timedelta(seconds=30 * 2 ** (attempt - 1))
    logger.warning("%s(%s) attempt %s failed (%s); retrying", func, customer_id, attempt, exc)
    schedule(
        func,
        customer_id,
        attempt + 1,
        name=f"retry {func} {customer_id} #{attempt + 1}",
        schedule_type=Schedule.ONCE,
        next_run=timezone.now() + delay,
    )


def provision_customer(customer_id: str, attempt: int = 1) -> None:
    try:
        provisioning.customer_complete_provisioning(customer_id)
    except TRANSIENT as exc:
        _retry("wholesale.tasks.provision_customer", customer_id, attempt, exc)


def remove_customer(customer_id: str, attempt: int = 1) -> None:
    try:
        provisioning.customer_complete_removal(customer_id)
    except TRANSIENT as exc:
        _retry("wholesale.tasks.remove_customer", customer_id, attempt, exc)
