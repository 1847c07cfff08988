"""Billing demo data: Acme's wholesale subscription with SKUs and prices, Northwind sharing it
from its own billing start, every finished day of the demo history rolled up (so last month's
reports and invoice are non-empty), and one completed report for the month before last.

Idempotent: rolled-up days are never redone and the report is generated once.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from billing import services, usage
from billing.models import BillingReport, OneTimeItem, ReportType, Sku, WholesaleSubscription
from portal.demo import demo_id, ensure
from portal.models import Partner, User

SUBSCRIPTION_ID = "Sub-ACME-0001"  # as on Acme's onboarding templates
ACME_BILLING_START = date(2024, 1, 1)
NORTHWIND_BILLING_START = date(2024, 6, 1)

# package: (SKU, monthly transfer price)
PRICES = {
    "common_area_calling": ("A-WHL-CAC", "4.00"),
    "webex_voice": ("A-WHL-VOICE", "6.00"),
    "webex_calling_standard": ("A-WHL-CALL-STD", "8.00"),
    "webex_calling": ("A-WHL-CALL", "11.00"),
    "webex_meetings": ("A-WHL-MEET", "7.00"),
    "cx_essentials": ("A-WHL-CXE", "18.00"),
    "webex_suite": ("A-WHL-SUITE", "16.00"),
    "cisco_calling_plan": ("A-WHL-CCP", "3.50"),
    "attendant_console": ("A-WHL-ATTC", "5.00"),
    "cx_premium_agent": ("A-WHL-CC-PREM", "45.00"),
    "cx_standard_agent": ("A-WHL-CC-STD", "30.00"),
    "cx_voice_ports": ("A-WHL-CC-PORT", "2.00"),
    "cx_ai_assistant": ("A-WHL-CC-AIA", "10.00"),
    "webex_ai_agent": ("A-WHL-AI-AGENT", "12.00"),
}
# Wholesale Setup Assist (PH-11): one-time SKUs, Express per location, Standard per seat.
SETUP_ASSIST_PRICES = {
    "setup_assist_express": ("A-WHL-WSA-EXP", "250.00"),
    "setup_assist_standard": ("A-WHL-WSA-STD", "40.00"),
}
SETUP_ASSIST_ENABLED_AT = datetime(2024, 1, 2, 9, 0, tzinfo=UTC)


def previous_month(day: date) -> tuple[date, date]:
    end = day.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def demo_report_id():
    return demo_id("billing_report", "Acme Telecom/PARTNER/month before last")


def load() -> None:
    from portal.catalogues.packages import Package

    acme = Partner.objects.get(pk=demo_id("partner", "Acme Telecom"))
    northwind = Partner.objects.get(pk=demo_id("partner", "Northwind Reseller"))
    subscription = ensure(
        WholesaleSubscription,
        {"partner": acme},
        subscription_id=SUBSCRIPTION_ID,
        billing_start=ACME_BILLING_START,
        parent=None,
        setup_assist_enabled_at=SETUP_ASSIST_ENABLED_AT,
    )
    ensure(
        WholesaleSubscription,
        {"partner": northwind},
        subscription_id=SUBSCRIPTION_ID,
        billing_start=NORTHWIND_BILLING_START,
        parent=subscription,
    )
    for package, (sku, price) in PRICES.items():
        ensure(
            Sku,
            {"subscription": subscription, "package": package},
            sku=sku,
            description=f"Webex Wholesale {Package(package).label}, per license per month",
            transfer_price=Decimal(price),
        )
    for item, (sku, price) in SETUP_ASSIST_PRICES.items():
        ensure(
            Sku,
            {"subscription": subscription, "package": item},
            sku=sku,
            description=f"{OneTimeItem(item).label}, "
            + ("per location" if item.endswith("express") else "per seat"),
            transfer_price=Decimal(price),
        )
    _redo_for_workspaces()
    # The scheduled task's work, done now so the demo does not wait for a worker.
    while usage.roll_up_finished_days(max_days=120):
        pass
    _ensure_report(acme)


def _redo_for_workspaces() -> None:
    """A demo database loaded before workspaces existed (CH-12) has its days rolled up without
    the demo workspaces' history, which controlhub/demo.py writes after the fact: roll those
    days up again, once (usage.redo is for exactly such history)."""
    from billing.models import DailyUsage, UsageDay
    from controlhub.models import PackageAssignment

    first = (
        PackageAssignment.objects.filter(workspace__isnull=False)
        .order_by("started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    if first is None or DailyUsage.objects.filter(workspace__isnull=False).exists():
        return
    last = UsageDay.objects.order_by("-day").values_list("day", flat=True).first()
    if last is not None and last >= first.date():
        usage.redo(first.date(), last)


def _ensure_report(acme: Partner) -> None:
    if BillingReport.objects.filter(pk=demo_report_id()).exists():
        return
    start, end = previous_month(previous_month(usage.today_utc())[0])
    BillingReport.objects.create(
        id=demo_report_id(),
        partner=acme,
        type=ReportType.PARTNER,
        billing_start_date=start,
        billing_end_date=end,
        created_by=User.objects.get(email="admin@acme-telecom.example"),
    )
    services.billing_report_generate(report_id=demo_report_id())
