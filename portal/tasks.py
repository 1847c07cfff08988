"""Enqueueing background work: always after the surrounding transaction commits."""

from django.db import transaction
from django_q.tasks import async_task


def enqueue(func: str, *args, **kwargs) -> None:
    """Run django-q2 task `func` (dotted path) once the current transaction has committed.

    Tasks take ids, never objects, and re-fetch what they need (STYLE rule 10).
    """
    transaction.on_commit(lambda: async_task(func, *args, **kwargs))
