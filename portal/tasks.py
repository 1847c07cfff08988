"""Enqueueing background work, always after the surrounding transaction commits, and running it
so that it always ends in a final state (house rule: tasks are safe to run twice and settle)."""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from django_q.models import OrmQ, Schedule
from django_q.tasks import async_task, schedule

from portal.errors import ApplicationError

logger = logging.getLogger(__name__)

#: The database busy or briefly unreachable: worth another attempt.
TRANSIENT = (OperationalError, InterfaceError)
MAX_ATTEMPTS = 5
#: errorCodes of work that could not finish (the object shows `error` with one of them).
FAILED_AFTER_RETRIES = 2500
FAILED_UNEXPECTEDLY = 2501
FAILED_STUCK = 2502


def enqueue(func: str, *args, **kwargs) -> None:
    """Run django-q2 task `func` (dotted path) once the current transaction has committed.

    Tasks take ids, never objects, and re-fetch what they need (STYLE rule 10).
    """
    transaction.on_commit(lambda: async_task(func, *args, **kwargs))


def retry_name(func: str, object_id: str, attempt: int) -> str:
    return f"retry {func} {object_id} #{attempt}"


def run_to_final_state(
    func: str,
    object_id: str,
    attempt: int,
    *,
    work: Callable[[str], object],
    fail: Callable[[str, int, str], None],
) -> None:
    """Run `work(object_id)` for task `func` so the object always settles.

    A transient database error schedules `func` again with a growing delay (30 s, 60 s, …);
    after MAX_ATTEMPTS, or on any other exception, `fail(object_id, code, description)` moves
    the object to its error state with the reason. The exception is logged, not re-raised: the
    outcome is on the object, where the partner sees it.
    """
    try:
        work(object_id)
    except TRANSIENT as exc:
        if attempt < MAX_ATTEMPTS:
            delay = timedelta(seconds=30 * 2 ** (attempt - 1))
            logger.warning("%s(%s) attempt %s failed (%s); retrying", func, object_id, attempt, exc)
            schedule(
                func,
                object_id,
                attempt + 1,
                name=retry_name(func, object_id, attempt + 1),
                schedule_type=Schedule.ONCE,
                next_run=timezone.now() + delay,
            )
            return
        logger.error("%s(%s) failed %s times: %s", func, object_id, attempt, exc)
        fail(
            object_id,
            FAILED_AFTER_RETRIES,
            f"The work failed after {attempt} attempts (the database was unavailable); retry it.",
        )
    except ApplicationError as exc:
        logger.warning("%s(%s) refused: %s", func, object_id, exc.message)
        fail(object_id, exc.code or FAILED_UNEXPECTEDLY, exc.message)
    except Exception as exc:
        logger.exception("%s(%s) failed unexpectedly", func, object_id)
        fail(
            object_id,
            FAILED_UNEXPECTEDLY,
            f"An unexpected error ({type(exc).__name__}) stopped the work; it was logged. "
            "Retry it; if it fails again, contact support.",
        )


def pending_retry(func: str, object_id: str) -> bool:
    """A retry of `func` for the object is scheduled (see run_to_final_state)."""
    return Schedule.objects.filter(
        func=func, name__startswith=f"retry {func} {object_id} #"
    ).exists()


#: How many queued tasks the watchdog looks through for ids (the ORM broker's queue).
QUEUE_PEEK = 5000


def queued_task_ids(funcs) -> set[str]:
    """The first argument (an id) of every task of `funcs` waiting in, or taken from but not
    acknowledged by, the ORM broker's queue (a killed worker's task is redelivered from there).
    Redis's queue is not inspected: there the watchdog's bound alone decides."""
    if "orm" not in settings.Q_CLUSTER:
        return set()
    found = set()
    for queued in OrmQ.objects.order_by("id")[:QUEUE_PEEK]:
        task = queued.task
        if task.get("func") in funcs and task.get("args"):
            found.add(str(task["args"][0]))
    return found
