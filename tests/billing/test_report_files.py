"""Report quantities: rounded to six decimals for the CSV only, and the sums stay exact (BL-3)."""

import uuid
from datetime import date
from decimal import Decimal

from billing import report_files
from billing.models import ReportType

PARTNER, CUSTOMER, HQ = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
DAY = date(2025, 3, 3)


def row(seconds, **extra):
    return {
        "partner_id": PARTNER,
        "partner__name": "Parent Telecom",
        "package": "webex_calling",
        "seconds": seconds,
        "first_day": DAY,
        "last_day": DAY,
        **extra,
    }


def quantities(report_type, rows):
    content, _ = report_files.render(report_type, rows, subscription_id="Sub-1", skus={})
    return [Decimal(line["QUANTITY"]) for line in report_files.parse(content)]


def test_three_users_of_a_third_of_a_day_add_up_to_the_customers_one_day():
    customer = {"customer_id": CUSTOMER, "customer__external_id": "EXT-1", "location_id": HQ}
    users = [row(28800, **customer, subscriber_id=uuid.uuid4()) for _ in range(3)]  # 8 h each
    user_q = quantities(ReportType.USER, users)
    assert user_q == [Decimal("0.333333"), Decimal("0.333334"), Decimal("0.333333")]
    assert sum(user_q) == Decimal(1)
    assert quantities(ReportType.CUSTOMER, [row(86400, **customer)]) == [Decimal(1)]
    assert quantities(ReportType.PARTNER, [row(86400)]) == [Decimal(1)]


def test_whole_and_half_days_print_plainly():
    assert quantities(ReportType.PARTNER, [row(172800)]) == [Decimal(2)]
    content, _ = report_files.render(
        ReportType.PARTNER,
        [row(3 * 57600), row(43200, package="webex_suite")],
        subscription_id="S",
        skus={},
    )
    assert [line["QUANTITY"] for line in report_files.parse(content)] == ["2", "0.5"]
