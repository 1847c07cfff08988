"""Billing writes: subscriptions and prices (BL-1), billing reports and their state machine
(BL-3). Each function is one transaction: validate, write, audit, enqueue."""

import io
import logging
import tempfile
from datetime import date
from decimal import Decimal

from django.core import signing
from django.core.files import File
from django.db import transaction

from billing import report_files, selectors, usage
from billing.filtersets import parse_date
from billing.models import (
    BillingReport,
    ReportStatus,
    ReportType,
    Sku,
    WholesaleSubscription,
    report_path,
)
from portal.api import ids
from portal.audit import Actor, audit_record, snapshot
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


def _field_error(field: str, message: str, status: int = 400) -> ApplicationError:
    return ApplicationError(message, status=status, field=field)


# --- Subscriptions and prices (BL-1) ------------------------------------------------------------


@transaction.atomic
def subscription_create(
    *, partner: Partner, subscription_id: str, billing_start: date, actor: Actor
) -> WholesaleSubscription:
    """The partner's blanket subscription; a sub-partner shares its parent's instead
    (subscription_share)."""
    subscription = WholesaleSubscription(
        partner=partner, subscription_id=subscription_id.strip(), billing_start=billing_start
    )
    subscription.full_clean()
    subscription.save()
    audit_record(
        actor=actor,
        action="billing.subscription_create",
        organization=partner,
        target=subscription,
        after=snapshot(subscription, ["subscription_id", "billing_start"]),
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
    """Add a package to the subscription with its SKU and price, or change them."""
    if subscription.parent_id:
        raise ApplicationError("A sub-partner's prices are its parent's subscription's.")
    row = Sku.objects.filter(subscription=subscription, package=package).first()
    before = snapshot(row, ["sku", "description", "transfer_price"]) if row else None
    row = row or Sku(subscription=subscription, package=package)
    row.sku, row.description, row.transfer_price = sku, description, Decimal(transfer_price)
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
