"""Finished months are summed once (MonthlyUsage) and reports read whole months from the
summary and the other days from DailyUsage, with exactly the same result (issue 17, BL-3)."""

from datetime import timedelta

import pytest
from django.db.models import Sum

from billing import selectors, usage
from billing.models import BillingReport, DailyUsage, MonthlyUsage, ReportType, UsageDay, UsageMonth
from portal.models import Partner
from tests import demo

pytestmark = pytest.mark.django_db


def last_whole_month():
    return usage.month_start(usage.month_start(usage.last_finished_day()) - timedelta(days=1))


def report_rows(report_type, start, end):
    report = BillingReport(
        partner=Partner.objects.get(pk=demo.ACME),
        type=report_type,
        billing_start_date=start,
        billing_end_date=end,
    )
    return list(selectors.report_usage_rows(report))


def forget_summaries():
    MonthlyUsage.objects.all().delete()
    UsageMonth.objects.all().delete()


def test_a_finished_month_is_summed_exactly_once_rolled_up():
    month = last_whole_month()
    marker = UsageMonth.objects.get(month=month)
    rows = MonthlyUsage.objects.filter(month=month)
    assert marker.rows == rows.count() > 0
    days = DailyUsage.objects.filter(day__range=(month, usage.month_end(month)))
    assert rows.aggregate(s=Sum("seconds"))["s"] == days.aggregate(s=Sum("seconds"))["s"]
    # One row per subscriber, package and location, instead of one per day.
    who = ("subscriber", "workspace", "package", "location")
    assert rows.count() == days.values(*who).distinct().count()
    assert usage.sum_months(month, usage.month_end(month)) == 0  # already summed


def test_the_current_month_and_an_incomplete_month_are_not_summed():
    current = usage.month_start(usage.last_finished_day())
    assert not UsageMonth.objects.filter(month=current).exists() or (
        usage.month_end(current) == usage.last_finished_day()
    )
    month = last_whole_month()
    forget_summaries()
    UsageDay.objects.filter(day=month + timedelta(days=3)).delete()  # a day not rolled up
    assert usage.sum_months(month, usage.month_end(month)) == 0
    assert not MonthlyUsage.objects.filter(month=month).exists()


@pytest.mark.parametrize("report_type", [ReportType.PARTNER, ReportType.CUSTOMER, ReportType.USER])
def test_reports_from_summaries_equal_reports_from_days(report_type):
    month = last_whole_month()
    # Part of the month before, the whole month, and the days of the current one so far.
    start, end = month - timedelta(days=10), usage.last_finished_day()
    assert usage.usage_segments(start, end, usage.summed_months(start, end))[1] == (
        "month",
        month,
    )
    from_summaries = report_rows(report_type, start, end)
    forget_summaries()
    from_days = report_rows(report_type, start, end)
    assert from_summaries == from_days and len(from_days) > 0


def test_a_redo_sums_the_month_again_from_its_new_days():
    from datetime import UTC, datetime

    from controlhub.models import PackageAssignment, Subscriber
    from portal.models import Customer

    month = last_whole_month()
    before = MonthlyUsage.objects.filter(month=month).aggregate(s=Sum("seconds"))["s"]
    contoso = Customer.objects.get(pk=demo.CONTOSO)
    late = Subscriber.objects.create(
        customer=contoso, email="late@contoso-dental.example", package="webex_meetings"
    )
    # History written after the fact: the last two days of the month, backfilled.
    two_days = usage.month_end(month) - timedelta(days=1)
    PackageAssignment.objects.create(
        customer=contoso,
        subscriber=late,
        package="webex_meetings",
        started_at=datetime.combine(two_days, datetime.min.time(), tzinfo=UTC),
        ended_at=datetime.combine(two_days + timedelta(days=2), datetime.min.time(), tzinfo=UTC),
    )
    usage.redo(two_days, usage.month_end(month))
    summary = MonthlyUsage.objects.get(month=month, subscriber=late)
    assert (summary.seconds, summary.first_day) == (2 * 86400, two_days)
    after = MonthlyUsage.objects.filter(month=month).aggregate(s=Sum("seconds"))["s"]
    assert after == before + 2 * 86400


def test_segments_split_a_period_into_summed_months_and_runs_of_days():
    month = last_whole_month()
    previous = usage.month_start(month - timedelta(days=1))
    start, end = previous + timedelta(days=4), usage.month_end(month) + timedelta(days=2)
    assert usage.usage_segments(start, end, {month}) == [
        ("days", start, usage.month_end(previous)),
        ("month", month),
        ("days", usage.month_end(month) + timedelta(days=1), end),
    ]
    # Months that are not summed are days, merged into one run.
    assert usage.usage_segments(start, end, set()) == [("days", start, end)]
