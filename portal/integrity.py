"""Duplicates refused by the database look like duplicates refused by the rule.

A service checks a uniqueness rule first (so a sequential duplicate gets its 409 with every other
problem); the database enforces the same rule with a named `UniqueConstraint`, so two requests
racing past the check cannot both win. `refusing_duplicates` turns the loser's refusal, whether
it arrives as an `IntegrityError` from the INSERT or as a `ValidationError` from `full_clean()`
(which validates constraints against rows committed meanwhile), into the same
`ApplicationError` the sequential check raises.
"""

import re
from collections.abc import Mapping
from contextlib import contextmanager
from functools import cache

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction

from portal.errors import ApplicationError, Problem

_SQLITE_COLUMNS = re.compile(r"UNIQUE constraint failed: (?P<columns>[\w.]+(?:, [\w.]+)*)")
_SQLITE_INDEX = re.compile(r"UNIQUE constraint failed: index '(?P<name>\w+)'")


@cache
def _constraints_by_columns() -> dict[frozenset[str], list[str]]:
    """SQLite names the table.columns of a failed unique index, not the index: map them back."""
    found: dict[frozenset[str], list[str]] = {}
    for model in apps.get_models():
        table = model._meta.db_table
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
                columns = frozenset(
                    f"{table}.{model._meta.get_field(name).column}" for name in constraint.fields
                )
                found.setdefault(columns, []).append(constraint.name)
    return found


def constraint_names(exc: IntegrityError) -> list[str]:
    """The unique constraint(s) an IntegrityError may be about (PostgreSQL says; SQLite hints)."""
    diag = getattr(exc.__cause__, "diag", None)
    if diag is not None and getattr(diag, "constraint_name", None):
        return [diag.constraint_name]
    message = str(exc)
    if match := _SQLITE_INDEX.search(message):
        return [match["name"]]
    if match := _SQLITE_COLUMNS.search(message):
        columns = frozenset(match["columns"].split(", "))
        return _constraints_by_columns().get(columns, [])
    return []


def _validation_codes(exc: ValidationError) -> set[str]:
    if hasattr(exc, "error_dict"):
        errors = exc.error_dict.get(NON_FIELD_ERRORS, [])
    else:
        errors = exc.error_list
    return {error.code for error in errors if error.code}


@contextmanager
def refusing_duplicates(problems: Mapping[str, Problem], *, field: str | None = None):
    """Run the block in a savepoint; a violation of one of the named unique constraints becomes
    `ApplicationError` with that constraint's problem (and `field`). The constraints must set
    `violation_error_code` to their own name so `full_clean()`'s refusal can be recognised."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        for name in constraint_names(exc):
            if name in problems:
                raise ApplicationError.from_problems([problems[name]], field=field) from exc
        raise
    except ValidationError as exc:
        for name in _validation_codes(exc):
            if name in problems:
                raise ApplicationError.from_problems([problems[name]], field=field) from exc
        raise
