"""Monthly invoices (BL-4), pinned by hand on the March 2025 world of conftest.py.

31 days; monthly prices: Webex Calling 10.00, Webex Suite 20.00.
Webex Calling user-days: Ann 21.5 + Bob 19.375 + Cat 9.75 (the reseller bills from the 16th:
9 full days and 0.75 on the 25th) = 50.625 → 50.625 × 10.00 / 31 = 16.33.
Webex Suite: Bob 11.625 → 11.625 × 20.00 / 31 = 7.50. Total 23.83.
"""

from datetime import date
from decimal import Decimal

import pytest

from billing import selectors, usage
from tests import demo

pytestmark = pytest.mark.django_db
MARCH = date(2025, 3, 1)


def lines(invoice):
    return {line.sku: (line.user_days, line.licenses, line.amount) for line in invoice.lines}


@pytest.mark.parametrize("rolled_up", [False, True])
def test_invoice_lines_and_totals(world, rolled_up):
    if rolled_up:
        usage.roll_up(date(2025, 3, 1), date(2025, 3, 31))
    invoice = selectors.invoice(world.parent, MARCH)
    assert not invoice.is_estimate
    assert (invoice.period_start, invoice.period_end, invoice.days_in_month) == (
        date(2025, 3, 1),
        date(2025, 3, 31),
        31,
    )
    assert lines(invoice) == {
        "A-WX-CALL": (Decimal("50.625"), Decimal("1.6331"), Decimal("16.33")),
        "A-WX-SUITE": (Decimal("11.625"), Decimal("0.3750"), Decimal("7.50")),
    }
    assert invoice.total == Decimal("23.83")


def test_the_sub_partner_selector_narrows_to_its_customers(world):
    invoice = selectors.invoice(world.parent, MARCH, world.reseller)
    assert lines(invoice) == {"A-WX-CALL": (Decimal("9.75"), Decimal("0.3145"), Decimal("3.15"))}
    assert invoice.total == Decimal("3.15")


def test_a_sub_partner_is_priced_from_the_shared_subscription(world):
    invoice = selectors.invoice(world.reseller, MARCH)
    assert invoice.subscription.subscription_id == "Sub-TEST-1"
    assert invoice.total == Decimal("3.15")


def test_usage_of_a_package_without_a_sku_is_listed_unpriced(world):
    from tests.billing.conftest import assign, at

    eve = world.subscriber(world.customer, "eve@test.example")
    assign(eve, "webex_voice", at(1), at(2))
    invoice = selectors.invoice(world.parent, MARCH)
    assert [line.package for line in invoice.unpriced] == ["webex_voice"]
    assert invoice.total == Decimal("23.83")


def test_the_current_month_is_a_running_estimate():
    from portal.models import Partner

    acme = Partner.objects.get(pk=demo.ACME)
    today = usage.today_utc()
    invoice = selectors.invoice(acme, today)
    assert invoice.is_estimate
    assert invoice.period_end == max(today.replace(day=1), usage.last_finished_day())
    if today.day > 1:
        assert invoice.total > 0


def test_last_months_demo_invoice_is_not_empty():
    from billing.demo import previous_month
    from portal.models import Partner

    acme = Partner.objects.get(pk=demo.ACME)
    invoice = selectors.invoice(acme, previous_month(usage.today_utc())[0])
    assert not invoice.is_estimate
    assert {line.sku for line in invoice.lines} >= {"A-WHL-CALL", "A-WHL-SUITE"}
    assert invoice.total == sum(line.amount for line in invoice.lines)
    assert invoice.total > 0
