"""State machines (DESIGN "Background work"): each stateful model (customer, subscriber,
screening case, billing report) declares its table of allowed transitions next to the model;
this one helper moves an object along it, timestamped and audited, and refuses a move the table
lacks with 409. The tables are data, so a test can check every status is covered."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import timezone

from portal.errors import ApplicationError


@dataclass(frozen=True)
class StateMachine:
    #: status → the statuses that may follow it. A status missing here is final.
    transitions: Mapping[str, frozenset[str]]
    #: The model's status field and the timestamp every move sets.
    field: str = "status"
    changed_at: str | None = "status_changed_at"
    #: Moving to the current status is a no-op (True) or refused like any missing move (False).
    repeatable: bool = False

    def can(self, current: str, new: str) -> bool:
        return new in self.transitions.get(current, frozenset())

    def refusal(self, obj, new: str) -> ApplicationError:
        current = getattr(obj, f"get_{self.field}_display")().lower()
        label = type(obj)._meta.get_field(self.field).choices
        new_label = dict(label).get(new, new).lower() if label else new
        return ApplicationError(
            f"{obj} is {current}; it cannot become {new_label} now.", status=409, code=4090
        )

    def move(
        self,
        obj,
        new: str,
        *,
        actor,
        organization,
        action: str,
        target=None,
        changes: dict | None = None,
        after: dict | None = None,
    ):
        """Move `obj` (locked by the caller) to `new`, saving `changes` with it, and audit it."""
        from portal.audit import audit_record  # portal.audit imports the models this serves

        current = getattr(obj, self.field)
        if current == new and self.repeatable:
            return obj
        if not self.can(current, new):
            raise self.refusal(obj, new)
        setattr(obj, self.field, new)
        fields = [self.field, *(changes or {})]
        for name, value in (changes or {}).items():
            setattr(obj, name, value)
        if self.changed_at:
            setattr(obj, self.changed_at, timezone.now())
            fields.append(self.changed_at)
        if any(f.name == "updated_at" for f in type(obj)._meta.concrete_fields):
            fields.append("updated_at")
        obj.save(update_fields=fields)
        audit_record(
            actor=actor,
            action=action,
            organization=organization,
            target=target,
            before={self.field: current},
            after={self.field: new, **(after or {})},
        )
        return obj
