"""One-time charges (PH-11: a completed Setup Assist request) in the reconciliation reports and
the invoice, on the March 2025 world of conftest.py: a Standard request for 8 seats completed on
2025-03-18 at 45.00 per seat, an Express one of the reseller's customer on 2025-03-20 at 150.00.
PARTNER = Σ CUSTOMER = Σ USER stays exact; the invoice lines are units × price."""

from datetime import date
from decimal import Decimal

import pytest

from billing import report_files, selectors, usage
from billing.models import BillingReport, OneTimeCharge, ReportType, Sku
from portal.api import ids

pytestmark = pytest.mark.django_db
MARCH = date(2025, 3, 1)


@pytest.fixture
def charged(world):
    for item, code, price in [
        ("setup_assist_standard", "A-WSA-STD", "45.00"),
        ("setup_assist_express", "A-WSA-EXP", "150.00"),
    ]:
        Sku.objects.create(
            subscription=world.subscription,
            package=item,
            sku=code,
            description="Setup Assist",
            transfer_price=Decimal(price),
        )
    OneTimeCharge.objects.create(
        partner=world.parent,
        customer=world.customer,
        location=world.hq,
        item="setup_assist_standard",
        quantity=8,
        day=date(2025, 3, 18),
        reference="setup_assist:one",
    )
    OneTimeCharge.objects.create(
        partner=world.reseller,
        customer=world.other_customer,
        location=None,
        item="setup_assist_express",
        quantity=1,
        day=date(2025, 3, 20),
        reference="setup_assist:two",
    )
    # Before the reseller's billing start: not billed.
    OneTimeCharge.objects.create(
        partner=world.reseller,
        customer=world.other_customer,
        item="setup_assist_express",
        quantity=1,
        day=date(2025, 3, 2),
        reference="setup_assist:early",
    )
    usage.roll_up(date(2025, 3, 1), date(2025, 3, 31))
    return world


def _csv(world, report_type):
    report = BillingReport(
        partner=world.parent,
        type=report_type,
        billing_start_date=date(2025, 3, 1),
        billing_end_date=date(2025, 3, 31),
    )
    content, _count = report_files.render(
        report_type,
        selectors.report_usage_rows(report),
        subscription_id="Sub-TEST-1",
        skus=selectors.skus_by_package(world.subscription),
    )
    return report_files.parse(content)


@pytest.mark.parametrize("report_type", list(ReportType))
def test_charges_in_every_report_type(charged, report_type):
    rows = _csv(charged, report_type)
    by_sku: dict = {}
    for row in rows:
        by_sku[row["SKU"]] = by_sku.get(row["SKU"], Decimal(0)) + Decimal(row["QUANTITY"])
    assert by_sku["A-WSA-STD"] == 8
    assert by_sku["A-WSA-EXP"] == 1
    assert by_sku["A-WX-CALL"] == Decimal("50.625")  # usage unchanged
    standard = [row for row in rows if row["SKU"] == "A-WSA-STD"]
    assert len(standard) == 1
    row = standard[0]
    assert (row["CONSUMPTION_START_DATE"], row["CONSUMPTION_END_DATE"]) == (
        "2025-03-18",
        "2025-03-18",
    )
    assert row["SERVICE_NAME"] == "SETUP_ASSIST_STANDARD"
    if report_type != ReportType.PARTNER:
        assert row["LOCATION_ID"] == ids.encode(ids.LOCATION, charged.hq.pk)
        assert row["CUSTOMER_ORG_ID"] == ids.encode(ids.ORGANIZATION, charged.customer.pk)
    if report_type == ReportType.USER:
        assert row["SUBSCRIBER_ID"] == "" and row["WORKSPACE_ID"] == ""


def test_invoice_lines_are_units_at_the_price_of_their_day(charged):
    Sku.objects.filter(sku="A-WSA-STD").get().price_changes.create(
        effective_from=date(2025, 3, 19), transfer_price=Decimal("99.00")
    )
    invoice = selectors.invoice(charged.parent, MARCH)
    lines = {line.sku: line for line in invoice.lines}
    standard = lines["A-WSA-STD"]
    assert (standard.licenses, standard.amount, standard.one_time) == (8, Decimal("360.00"), True)
    assert standard.package_label == "Wholesale Setup Assist Standard Usage"
    assert lines["A-WSA-EXP"].amount == Decimal("150.00")
    assert invoice.total == Decimal("23.83") + Decimal("510.00")
    estimates = selectors.month_estimates([charged.parent], MARCH)
    assert estimates[charged.parent.pk] == invoice.total


def test_no_charge_no_line(world):
    assert all(not line.one_time for line in selectors.invoice(world.parent, MARCH).lines)
