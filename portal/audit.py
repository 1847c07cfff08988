"""The audit log service: the one place that records who changed what (FEATURES CH-11)."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.db import models

from portal.models import AuditEvent, Customer, Partner, User


@dataclass(frozen=True)
class Actor:
    """Who is acting, from where, and for which partner when acting inside another org."""

    user: User | None
    on_behalf_of: Partner | None = None
    source: str = AuditEvent.Source.WEB
    #: The portal's operator acting (OP-1): the event also shows in the operator's audit log.
    operator: bool = False

    @classmethod
    def system(cls, source: str = AuditEvent.Source.TASK) -> "Actor":
        return cls(user=None, source=source)


def _json_safe(value):
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_safe(v) for v in value]
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict:
    """The named fields of a model instance, JSON-ready, for `before` and `after`."""
    return {name: _json_safe(getattr(instance, name)) for name in fields}


def audit_record(
    *,
    actor: Actor,
    action: str,
    organization: Partner | Customer | None,
    target: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Record one change. Only the operator acts outside any organization (organization=None:
    compliance reviewers, the Denied Persons List)."""
    if organization is None and not actor.operator:
        raise ValueError("Only the operator's actions may belong to no organization.")
    target = target if target is not None else organization
    return AuditEvent.objects.create(
        actor=actor.user,
        actor_email=actor.user.email if actor.user else "",
        on_behalf_of=actor.on_behalf_of,
        partner=organization if isinstance(organization, Partner) else None,
        customer=organization if isinstance(organization, Customer) else None,
        source=actor.source,
        operator=actor.operator,
        action=action,
        target_type=target._meta.verbose_name.title() if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        before=_json_safe(before) if before is not None else None,
        after=_json_safe(after) if after is not None else None,
    )
