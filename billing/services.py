"""Billing writes: subscriptions and prices (BL-1), billing reports and their state machine
(BL-3). Each function is one transaction: validate, write, audit, enqueue."""

import io
import logging
import tempfile
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from billing import report_files, selectors, usage
from billing.filtersets import parse_date
from billing.models import (
    ONE_TIME_ITEMS,
    BillingReport,
    OneTimeCharge,
    ReportStatus,
    ReportType,
    Sku,
    SkuPrice,
    WholesaleSubscription,
    report_path,
)
from portal.api import ids
from portal.audit import Actor, audit_record, snapshot
from portal.catalogues import currencies
from portal.catalogues.packages import Package
from portal.errors import ApplicationError, Problem
from portal.files import remove_on_commit, written_files
from portal.integrity import refusing_duplicates
from portal.models import Partner
from portal.tasks import enqueue

logger = logging.getLogger(__name__)

#: Reports may cover any day of the last five years, never today or later (seed 001).
REPORT_YEARS_BACK = 5
REPORT_FIELDS = ["type", "billing_start_date", "billing_end_date", "sub_partner_id", "status"]
DOWNLOAD_SALT = "billing.report.download"

# ReportError codes (API "errors": [{"code", "description"}]).
ERROR_NO_SUBSCRIPTION = 2001
ERROR_DUPLICATE = 2002
ERROR_UNEXPECTED = 2099
CENT = Decimal("0.01")


def _field_error(field: str, message: str, status: int = 400) -> ApplicationError:
    return ApplicationError(message, status=status, field=field)


# --- Subscriptions and prices (BL-1) ------------------------------------------------------------


SUBSCRIPTION_ID_TAKEN = Problem(
    None, "This subscription ID belongs to another partner's subscription.", 409
)
SKU_CODE_TAKEN = Problem(None, "This SKU code is used by another package of the subscription.", 409)
PRICE_DAY_TAKEN = Problem(None, "This SKU already has a price change on that day.", 409)


def _currency(value: str) -> str:
    code = (value or "").strip().upper()
    if not currencies.is_known(code):
        raise _field_error(
            "currency", f"Unknown currency: {value or 'none given'}. Use an ISO 4217 code (EUR)."
        )
    return code


def _price(value) -> Decimal:
    try:
        price = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise _field_error("transfer_price", f"{value} is not a price.") from None
    if not price.is_finite():
        raise _field_error("transfer_price", f"{value} is not a price.")
    if price < 0:
        raise _field_error("transfer_price", "A transfer price cannot be negative.")
    if price != price.quantize(CENT) or price >= Decimal("1e8"):
        raise _field_error(
            "transfer_price", "A transfer price has at most 8 digits and 2 decimals."
        )
    return price


@transaction.atomic
def subscription_create(
    *,
    partner: Partner,
    subscription_id: str,
    billing_start: date,
    actor: Actor,
    currency: str = "USD",
) -> WholesaleSubscription:
    """The partner's blanket subscription (one per partner; its ID, from the purchase order,
    unique); a sub-partner shares its parent's instead (subscription_share)."""
    if partner.parent_id:
        raise ApplicationError("A sub-partner shares its parent's subscription.")
    if WholesaleSubscription.objects.filter(partner=partner).exists():
        raise ApplicationError(f"{partner.name} has a wholesale subscription already.", status=409)
    subscription_id = (subscription_id or "").strip()
    if not subscription_id:
        raise _field_error("subscription_id", "Enter the subscription ID of the purchase order.")
    if WholesaleSubscription.objects.filter(
        subscription_id__iexact=subscription_id, parent__isnull=True
    ).exists():
        raise ApplicationError.from_problems([SUBSCRIPTION_ID_TAKEN], field="subscription_id")
    subscription = WholesaleSubscription(
        partner=partner,
        subscription_id=subscription_id,
        billing_start=billing_start,
        currency=_currency(currency),
    )
    with refusing_duplicates(
        {"unique_top_level_subscription_id": SUBSCRIPTION_ID_TAKEN}, field="subscription_id"
    ):
        subscription.full_clean()
        subscription.save()
    audit_record(
        actor=actor,
        action="billing.subscription_create",
        organization=partner,
        target=subscription,
        after=snapshot(subscription, ["subscription_id", "billing_start", "currency"]),
    )
    return subscription


@transaction.atomic
def subscription_share(
    *, sub_partner: Partner, billing_start: date, actor: Actor
) -> WholesaleSubscription:
    """Let a sub-partner bill on its parent's subscription from its own start date."""
    if sub_partner.parent_id is None:
        raise ApplicationError(f"{sub_partner.name} is not a sub-partner.")
    parent = selectors.subscription_for(sub_partner.parent)
    if parent is None:
        raise ApplicationError(f"{sub_partner.parent.name} has no wholesale subscription.")
    subscription = WholesaleSubscription(
        partner=sub_partner,
        parent=parent,
        subscription_id=parent.subscription_id,
        billing_start=billing_start,
    )
    subscription.full_clean()
    subscription.save()
    audit_record(
        actor=actor,
        action="billing.subscription_share",
        organization=sub_partner.parent,
        target=subscription,
        after=snapshot(subscription, ["subscription_id", "billing_start", "partner_id"]),
    )
    return subscription


@transaction.atomic
def sku_set(
    *,
    subscription: WholesaleSubscription,
    package: str,
    sku: str,
    description: str,
    transfer_price: Decimal,
    actor: Actor,
) -> Sku:
    """Add a package or add-on to the subscription with its SKU code, description and monthly
    transfer price from the billing start, or change the code and description (a new price
    from a later day is `sku_price_change`)."""
    if subscription.parent_id:
        raise ApplicationError("A sub-partner's prices are its parent's subscription's.")
    if package not in {p.value for p in Package} | ONE_TIME_ITEMS:
        raise _field_error("package", f"Unknown package: {package or 'none given'}.")
    code = (sku or "").strip()
    if not code:
        raise _field_error("sku", "Enter the SKU code.")
    price = _price(transfer_price)
    row = Sku.objects.select_for_update().filter(subscription=subscription, package=package).first()
    if (
        Sku.objects.filter(subscription=subscription, sku__iexact=code)
        .exclude(package=package)
        .exists()
    ):
        raise ApplicationError.from_problems([SKU_CODE_TAKEN], field="sku")
    before = snapshot(row, ["sku", "description", "transfer_price"]) if row else None
    row = row or Sku(subscription=subscription, package=package)
    row.sku, row.description, row.transfer_price = code, (description or "").strip(), price
    with refusing_duplicates({"unique_sku": SKU_CODE_TAKEN}, field="sku"):
        row.full_clean()
        row.save()
    audit_record(
        actor=actor,
        action="billing.sku_set",
        organization=subscription.partner,
        target=row,
        before=before,
        after=snapshot(row, ["package", "sku", "description", "transfer_price"]),
    )
    return row


@transaction.atomic
def sku_price_change(*, sku: Sku, effective_from: date, transfer_price, actor: Actor) -> SkuPrice:
    """A new monthly transfer price from `effective_from` on (a UTC day, not before the
    subscription's billing start): invoices price each day at the price in force that day.
    On the billing start itself it is the SKU's first price."""
    subscription = sku.subscription
    price = _price(transfer_price)
    if effective_from is None:
        raise _field_error("effective_from", "Enter the day the price applies from.")
    if effective_from < subscription.billing_start:
        raise _field_error(
            "effective_from",
            f"The price cannot apply before the billing start, "
            f"{subscription.billing_start.isoformat()}.",
        )
    if effective_from == subscription.billing_start:
        before = {"transfer_price": sku.transfer_price}
        sku.transfer_price = price
        sku.save(update_fields=["transfer_price"])
        change = SkuPrice(sku=sku, effective_from=effective_from, transfer_price=price)
    else:
        existing = SkuPrice.objects.filter(sku=sku, effective_from=effective_from).first()
        before = {"transfer_price": existing.transfer_price} if existing else None
        change = existing or SkuPrice(sku=sku, effective_from=effective_from)
        change.transfer_price = price
        with refusing_duplicates({"one_price_per_sku_and_day": PRICE_DAY_TAKEN}):
            change.full_clean()
            change.save()
    audit_record(
        actor=actor,
        action="billing.sku_price_change",
        organization=subscription.partner,
        target=sku,
        before=before,
        after={"effective_from": effective_from, "transfer_price": price},
    )
    return change


@transaction.atomic
def setup_assist_enable(*, subscription: WholesaleSubscription, enabled: bool, actor: Actor):
    """The partner's one-time A-Wholesale order (seed 001, PH-11): it may request Wholesale Setup
    Assist from now on (or no longer, for new requests). A sub-partner's is its parent's."""
    if subscription.parent_id:
        raise ApplicationError("A sub-partner's Setup Assist is its parent's subscription's.")
    before = {"setup_assist_enabled_at": subscription.setup_assist_enabled_at}
    if enabled and subscription.setup_assist_enabled_at is None:
        subscription.setup_assist_enabled_at = timezone.now()
    elif not enabled:
        subscription.setup_assist_enabled_at = None
    subscription.save(update_fields=["setup_assist_enabled_at"])
    audit_record(
        actor=actor,
        action="billing.setup_assist_enable" if enabled else "billing.setup_assist_disable",
        organization=subscription.partner,
        target=subscription,
        before=before,
        after={"setup_assist_enabled_at": subscription.setup_assist_enabled_at},
    )
    return subscription


def one_time_charge_create(
    *, partner, customer, location, item: str, quantity: int, day: date, reference: str
) -> OneTimeCharge:
    """Charge a delivered one-time item once (PH-11); called inside the caller's transaction.
    Charging the same reference again returns the first charge."""
    if item not in ONE_TIME_ITEMS:
        raise ApplicationError(f"Unknown one-time item: {item}.")
    charge, _created = OneTimeCharge.objects.get_or_create(
        reference=reference,
        defaults={
            "partner": partner,
            "customer": customer,
            "location": location,
            "item": item,
            "quantity": quantity,
            "day": day,
        },
    )
    return charge


# --- Billing reports (BL-3) ---------------------------------------------------------------------


def earliest_report_day(today: date) -> date:
    try:
        return today.replace(year=today.year - REPORT_YEARS_BACK)
    except ValueError:  # 29 February
        return today.replace(year=today.year - REPORT_YEARS_BACK, day=28)


def _report_period(start_value, end_value) -> tuple[date, date]:
    if not start_value:
        raise _field_error("billingStartDate", "billingStartDate is required.")
    if not end_value:
        raise _field_error("billingEndDate", "billingEndDate is required.")
    try:
        start = start_value if isinstance(start_value, date) else parse_date(start_value, "")
    except ApplicationError:
        raise _field_error(
            "billingStartDate", "billingStartDate must be a date in the format YYYY-MM-DD."
        ) from None
    try:
        end = end_value if isinstance(end_value, date) else parse_date(end_value, "")
    except ApplicationError:
        raise _field_error(
            "billingEndDate", "billingEndDate must be a date in the format YYYY-MM-DD."
        ) from None
    today = usage.today_utc()
    earliest = earliest_report_day(today)
    for name, value in (("billingStartDate", start), ("billingEndDate", end)):
        if value >= today:
            raise _field_error(name, f"{name} must be before today ({today.isoformat()}).")
        if value < earliest:
            raise _field_error(
                name, f"{name} must be within the last five years (from {earliest.isoformat()})."
            )
    if start > end:
        raise _field_error("billingEndDate", "billingEndDate must not be before billingStartDate.")
    return start, end


def _report_sub_partner(partner: Partner, sub_partner_id) -> Partner | None:
    if not sub_partner_id:
        return None
    if isinstance(sub_partner_id, Partner):
        sub_partner_id = sub_partner_id.pk
    pk = ids.decode(ids.ORGANIZATION, str(sub_partner_id))
    sub_partner = selectors.sub_partners_of(partner).filter(pk=pk).first() if pk else None
    if sub_partner is None:
        raise _field_error("subPartnerOrgId", "subPartnerOrgId is not a sub-partner of yours.")
    return sub_partner


def _completed_duplicate(report: BillingReport):
    return (
        BillingReport.objects.for_org(report.partner)
        .filter(
            sub_partner=report.sub_partner,
            type=report.type,
            billing_start_date=report.billing_start_date,
            billing_end_date=report.billing_end_date,
            status=ReportStatus.COMPLETED,
        )
        .exclude(pk=report.pk)
    )


DUPLICATE_REPORT = Problem(
    None,
    "A report of this type for this billing period already exists; "
    "delete it before creating it again.",
    409,
)


def _duplicate_report_error() -> ApplicationError:
    return ApplicationError.from_problems([DUPLICATE_REPORT], field="billingStartDate")


def _active_duplicate(report: BillingReport):
    """The rule the database enforces too (BillingReport's constraints): one report in progress
    or completed per partner, sub-partner, type and period."""
    return (
        BillingReport.objects.for_org(report.partner)
        .filter(
            sub_partner=report.sub_partner,
            type=report.type,
            billing_start_date=report.billing_start_date,
            billing_end_date=report.billing_end_date,
        )
        .exclude(status=ReportStatus.FAILED)
        .exclude(pk=report.pk)
    )


@transaction.atomic
def billing_report_create(
    *,
    partner: Partner,
    actor: Actor,
    billing_start_date,
    billing_end_date,
    type: str | None = None,
    sub_partner_id=None,
) -> BillingReport:
    """Ask for a reconciliation report; generated in the background (IN_PROGRESS → COMPLETED or
    FAILED). A report of the same period and type in progress or completed must be deleted
    first (409)."""
    start, end = _report_period(billing_start_date, billing_end_date)
    report_type = type or ReportType.PARTNER
    if report_type not in ReportType.values:
        raise _field_error("type", f"type must be one of: {', '.join(ReportType.values)}.")
    sub_partner = _report_sub_partner(partner, sub_partner_id)
    Partner.objects.select_for_update().filter(pk=partner.pk).first()  # one create at a time
    report = BillingReport(
        partner=partner,
        sub_partner=sub_partner,
        type=report_type,
        billing_start_date=start,
        billing_end_date=end,
        created_by=actor.user,
    )
    if _active_duplicate(report).exists():
        raise _duplicate_report_error()
    with refusing_duplicates(
        {
            "unique_active_partner_report": DUPLICATE_REPORT,
            "unique_active_sub_partner_report": DUPLICATE_REPORT,
        },
        field="billingStartDate",
    ):
        report.full_clean()
        report.save()
    audit_record(
        actor=actor,
        action="billing.report_create",
        organization=partner,
        target=report,
        after=snapshot(report, REPORT_FIELDS),
    )
    enqueue("billing.tasks.generate_billing_report", str(report.pk))
    return report


def _transition(report: BillingReport, status: str, **changes) -> None:
    BillingReport.states.move(
        report,
        status,
        actor=Actor.system(),
        organization=report.partner,
        action=f"billing.report_{status.lower()}",
        target=report,
        changes=changes,
        after={
            "row_count": changes.get("row_count", report.row_count),
            "errors": changes.get("errors", report.errors),
        },
    )


@transaction.atomic
def billing_report_generate(*, report_id) -> BillingReport | None:
    """Roll up the period's days, write the CSV to storage and finish the report. A report that
    is gone or already finished is left alone, so a retried task is harmless.

    The CSV is written to a temporary file while the usage query streams, then saved to the
    default storage; if anything fails after the save, the stored file is removed again."""
    report = (
        BillingReport.objects.select_for_update(of=("self",))
        .select_related("partner", "sub_partner")
        .filter(pk=report_id)
        .first()
    )
    if report is None or report.is_finished:
        return report
    with tempfile.TemporaryFile() as spool:
        try:
            with transaction.atomic():
                count, errors = _build_report(report, spool)
        except Exception:
            logger.exception("Billing report %s failed", report.pk)
            count = 0
            errors = [
                {"code": ERROR_UNEXPECTED, "description": "The report could not be generated."}
            ]
        if not errors and _completed_duplicate(report).exists():
            errors = [
                {
                    "code": ERROR_DUPLICATE,
                    "description": "A report of this type for this billing period already exists.",
                }
            ]
        if errors:
            _transition(report, ReportStatus.FAILED, errors=errors)
            return report
        spool.seek(0)
        storage = BillingReport.file.field.storage
        with written_files(storage) as written:
            name = storage.save(report_path(report, report.filename), File(spool))
            written.append(name)
            _transition(report, ReportStatus.COMPLETED, file=name, row_count=count)
    return report


def billing_report_fail(report_id, code: int, reason: str) -> None:
    """The generating task could not finish (portal.tasks.run_to_final_state): FAILED with the
    reason, so the period can be asked for again."""
    with transaction.atomic():
        report = BillingReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.is_finished:
            return
        _transition(report, ReportStatus.FAILED, errors=[{"code": code, "description": reason}])


def billing_report_text(report: BillingReport) -> tuple[str, int, list]:
    """A report's CSV as text, its row count and errors, without storing anything but the
    roll-up (tests and small previews; generation writes to storage instead)."""
    with tempfile.TemporaryFile() as spool:
        count, errors = _build_report(report, spool)
        spool.seek(0)
        return spool.read().decode("utf-8"), count, errors


def _build_report(report: BillingReport, spool) -> tuple[int, list]:
    """Write the report's CSV into the binary file `spool`; its row count and errors."""
    subscription = selectors.subscription_for(report.partner)
    if subscription is None:
        message = f"{report.partner.name} has no wholesale subscription."
        return 0, [{"code": ERROR_NO_SUBSCRIPTION, "description": message}]
    usage.roll_up(report.billing_start_date, report.billing_end_date)
    out = io.TextIOWrapper(spool, encoding="utf-8", newline="", write_through=True)
    try:
        count = report_files.write(
            report.type,
            selectors.report_usage_rows(report),
            out,
            subscription_id=subscription.subscription_id,
            skus=selectors.skus_by_package(subscription),
        )
        out.flush()
    finally:
        out.detach()  # the spool stays open for the caller
    return count, []


@transaction.atomic
def billing_report_delete(*, report: BillingReport, actor: Actor) -> None:
    """Delete a report: its download link stops working and the period may be reported again."""
    before = snapshot(report, REPORT_FIELDS)
    audit_record(
        actor=actor,
        action="billing.report_delete",
        organization=report.partner,
        target=report,
        before=before,
    )
    BillingReport.objects.filter(pk=report.pk).delete()
    remove_on_commit(BillingReport.file.field.storage, [report.file.name])


# --- Download links ------------------------------------------------------------------------------


def report_download_token(report: BillingReport) -> str:
    return signing.dumps({"report": str(report.pk)}, salt=DOWNLOAD_SALT, compress=True)


def report_from_download_token(token: str, *, max_age: int) -> str:
    """The report id a link names. signing.SignatureExpired after `max_age` seconds,
    signing.BadSignature when tampered with."""
    return signing.loads(token, salt=DOWNLOAD_SALT, max_age=max_age)["report"]
