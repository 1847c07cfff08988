"""Customer lifecycles that produce the customer list's statuses (OP-1, PH-3, seed 004):
the service term (expiring soon within 30 days of its end, expired after it, renewed by the
daily task when it renews on its own) and suspend / resume by the partner (non-payment).

Each is an audited action or the scheduled task; nothing writes a list status (it is derived in
SQL by partnerhub.selectors.with_list_status).
"""

import calendar
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from billing.selectors import subscription_for
from portal.audit import Actor, audit_record, snapshot
from portal.errors import ApplicationError
from portal.models import Customer
from wholesale.models import CustomerSubscription, SubscriptionState

TERM_FIELDS = ["term_start", "expires_at", "auto_renew", "state"]


def term_end_day(subscription: CustomerSubscription) -> date | None:
    """The term's last day (expires_at is the start of the day after it)."""
    if subscription.expires_at is None:
        return None
    return (subscription.expires_at.astimezone(UTC) - timedelta(days=1)).date()


def term_initial(customer: Customer) -> dict:
    row = CustomerSubscription.objects.filter(customer=customer).first()
    if row is None or row.expires_at is None:
        return {}
    return {"start": row.term_start, "end": term_end_day(row), "auto_renew": row.auto_renew}


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _whole_months(start: date, end: date) -> int:
    """How many months from start to end when the term is whole months (e.g. a year), else 0:
    a renewed term keeps the calendar length, not the number of days."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months if months > 0 and _add_months(start, months) == end else 0


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def _customer_subscription(customer: Customer) -> CustomerSubscription:
    row = CustomerSubscription.objects.select_for_update().filter(customer=customer).first()
    if row is None:
        wholesale = subscription_for(customer.owner)
        row = CustomerSubscription.objects.create(
            customer=customer, subscription_id=wholesale.subscription_id if wholesale else ""
        )
    return row


@transaction.atomic
def customer_term_set(
    *, customer: Customer, start: date, end: date, auto_renew: bool, actor: Actor
) -> CustomerSubscription:
    """Set the customer's service term: from `start` to `end` (its last day, inclusive)."""
    if start is None or end is None:
        raise ApplicationError("Enter the term's first and last day.", field="end")
    if end < start:
        raise ApplicationError("The term cannot end before it starts.", field="end")
    row = _customer_subscription(customer)
    before = snapshot(row, TERM_FIELDS)
    row.term_start = start
    row.expires_at = _midnight(end + timedelta(days=1))
    row.auto_renew = bool(auto_renew)
    row.save(update_fields=["term_start", "expires_at", "auto_renew"])
    audit_record(
        actor=actor,
        action="customer.term_set",
        organization=customer,
        target=row,
        before=before,
        after=snapshot(row, TERM_FIELDS),
    )
    return row


def _lock(customer: Customer) -> Customer:
    return (
        Customer.objects.select_for_update(of=("self",)).select_related("owner").get(pk=customer.pk)
    )


@transaction.atomic
def customer_suspend(*, customer: Customer, actor: Actor) -> Customer:
    """Suspend a customer (for non-payment to its partner): new users and package changes are
    refused, existing users keep working, its Control Hub shows a banner."""
    customer = _lock(customer)
    if customer.suspended_at is not None:
        return customer
    customer.suspended_at = timezone.now()
    customer.save(update_fields=["suspended_at"])
    row = _customer_subscription(customer)
    row.state = SubscriptionState.SUSPENDED
    row.save(update_fields=["state"])
    audit_record(actor=actor, action="customer.suspend", organization=customer)
    return customer


@transaction.atomic
def customer_resume(*, customer: Customer, actor: Actor) -> Customer:
    customer = _lock(customer)
    if customer.suspended_at is None:
        return customer
    before = {"suspended_at": customer.suspended_at}
    customer.suspended_at = None
    customer.save(update_fields=["suspended_at"])
    CustomerSubscription.objects.filter(customer=customer).update(state=SubscriptionState.ACTIVE)
    audit_record(actor=actor, action="customer.resume", organization=customer, before=before)
    return customer


def terms_renew(now: datetime | None = None) -> int:
    """The daily task's work: every auto-renewing term that has ended starts a new term of the
    same length from its end (repeatedly, if the task was not run for a while); audited per
    customer; returns how many were renewed. Safe to run twice."""
    now = now or timezone.now()
    renewed = 0
    due = CustomerSubscription.objects.filter(auto_renew=True, expires_at__lte=now).values_list(
        "pk", flat=True
    )
    for pk in list(due):
        with transaction.atomic():
            row = (
                CustomerSubscription.objects.select_for_update()
                .select_related("customer")
                .filter(pk=pk, auto_renew=True, expires_at__lte=now)
                .first()
            )
            if row is None:
                continue
            before = snapshot(row, TERM_FIELDS)
            end = row.expires_at.astimezone(UTC).date()  # the day after the last one
            start = row.term_start or _add_months(end, -12)
            months = _whole_months(start, end)
            length = max((end - start).days, 1)
            while row.expires_at <= now:
                row.term_start = row.expires_at.astimezone(UTC).date()
                following = (
                    _add_months(row.term_start, months)
                    if months
                    else row.term_start + timedelta(days=length)
                )
                row.expires_at = _midnight(following)
            row.save(update_fields=["term_start", "expires_at"])
            audit_record(
                actor=Actor.system(),
                action="customer.term_renew",
                organization=row.customer,
                target=row,
                before=before,
                after=snapshot(row, TERM_FIELDS),
            )
            renewed += 1
    return renewed
