"""Proration pinned by hand (BL-2) and the daily roll-up (BL-5)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum

from billing import usage
from billing.models import DailyUsage, UsageDay
from tests.billing.conftest import assign, at

pytestmark = pytest.mark.django_db


def quantities(subscriber, package=None):
    rows = DailyUsage.objects.filter(subscriber=subscriber)
    if package:
        rows = rows.filter(package=package)
    return {row.day.day: row.quantity for row in rows.filter(day__month=3)}


def total(subscriber, package):
    seconds = DailyUsage.objects.filter(subscriber=subscriber, package=package).aggregate(
        s=Sum("seconds")
    )["s"]
    return usage.quantity_of(seconds)


def test_an_assignment_at_noon_counts_half_that_day(world):
    usage.roll_up(date(2025, 3, 1), date(2025, 3, 31))
    ann = quantities(world.ann)
    assert 9 not in ann
    assert ann[10] == Decimal("0.5")
    assert ann[11] == ann[31] == Decimal("1")
    assert sum(ann.values()) == Decimal("21.5")  # 0.5 + 21 full days (11th … 31st)


def test_a_package_change_mid_day_splits_the_day_between_two_skus(world):
    usage.roll_up(date(2025, 3, 1), date(2025, 3, 31))
    calling = quantities(world.bob, "webex_calling")
    suite = quantities(world.bob, "webex_suite")
    assert calling[20] == Decimal("0.375")  # 00:00–09:00
    assert suite[20] == Decimal("0.625")  # 09:00–24:00
    assert 21 not in calling and 19 not in suite
    assert total(world.bob, "webex_calling") == Decimal("19.375")  # 1st–19th + 0.375
    assert total(world.bob, "webex_suite") == Decimal("11.625")  # 0.625 + 21st–31st


def test_removal_stops_the_count(world):
    usage.roll_up(date(2025, 3, 1), date(2025, 4, 30))
    cat = quantities(world.cat)
    assert cat[25] == Decimal("0.75")  # until 18:00
    assert 26 not in cat
    assert not DailyUsage.objects.filter(subscriber=world.cat, day__month=4).exists()
    assert total(world.cat, "webex_calling") == Decimal("24.75")


def test_the_same_package_twice_in_a_day_is_one_row(world):
    dan = world.subscriber(world.customer, "dan@test.example")
    assign(dan, "webex_calling", at(5, 0), at(5, 6))  # 0.25
    assign(dan, "webex_meetings", at(5, 6), at(5, 12))  # 0.25
    assign(dan, "webex_calling", at(5, 12), at(5, 18))  # 0.25 more Calling
    usage.roll_up(date(2025, 3, 5), date(2025, 3, 5))
    assert quantities(dan, "webex_calling") == {5: Decimal("0.5")}
    assert quantities(dan, "webex_meetings") == {5: Decimal("0.25")}


def test_partner_and_location_are_recorded(world):
    usage.roll_up(date(2025, 3, 15), date(2025, 3, 15))
    row = DailyUsage.objects.get(subscriber=world.ann, day=date(2025, 3, 15))
    assert (row.partner, row.customer, row.location) == (world.parent, world.customer, world.hq)
    assert DailyUsage.objects.get(subscriber=world.cat, day=date(2025, 3, 15)).partner == (
        world.reseller
    )


def test_rolling_up_twice_gives_the_same_rows(world):
    assert usage.roll_up(date(2025, 3, 1), date(2025, 3, 31)) == 31
    before = sorted(DailyUsage.objects.filter(day__year=2025).values_list())
    assert usage.roll_up(date(2025, 3, 1), date(2025, 3, 31)) == 0
    assert sorted(DailyUsage.objects.filter(day__year=2025).values_list()) == before
    assert UsageDay.objects.filter(day__month=3, day__year=2025).count() == 31
    assert UsageDay.objects.get(day=date(2025, 3, 10)).rows == 3  # Ann, Bob, Cat


def test_today_is_never_rolled_up():
    today = usage.today_utc()
    assert usage.roll_up(today, today) == 0
    assert not UsageDay.objects.filter(day=today).exists()


def test_live_totals_match_the_rolled_up_ones_from_the_billing_start(world):
    live = usage.live_package_totals(
        [world.parent.pk, world.reseller.pk], date(2025, 3, 1), date(2025, 3, 31)
    )
    by_key = {(partner_id, package): quantity for partner_id, package, quantity in live}
    parent, reseller = world.parent.pk, world.reseller.pk
    assert by_key[(parent, "webex_calling")] == Decimal("40.875")  # Ann 21.5 + Bob 19.375
    assert by_key[(parent, "webex_suite")] == Decimal("11.625")
    assert by_key[(reseller, "webex_calling")] == Decimal("9.75")  # Cat from the 16th: 9 + 0.75


def test_three_16_hour_days_are_exactly_2(world):
    """Stored as seconds, not as 0.666667 three times (which made 2.000001)."""
    eve = world.subscriber(world.customer, "eve@test.example")
    for day in (3, 4, 5):
        assign(eve, "webex_meetings", at(day, 8), at(day + 1, 0))  # 08:00–24:00, 16 hours
    usage.roll_up(date(2025, 3, 1), date(2025, 3, 31))
    days = DailyUsage.objects.filter(subscriber=eve)
    assert [row.seconds for row in days] == [57600] * 3
    assert total(eve, "webex_meetings") == Decimal(2)
    live = usage.live_package_totals([world.parent.pk], date(2025, 3, 3), date(2025, 3, 5))
    assert {package: quantity for _, package, quantity in live}["webex_meetings"] == Decimal(2)


def test_back_to_back_intervals_with_fractions_of_seconds_fill_the_day_exactly(world):
    from datetime import timedelta

    fay = world.subscriber(world.customer, "fay@test.example")
    change = at(6, 9) + timedelta(microseconds=700_000)
    assign(fay, "webex_calling", at(6), change)
    assign(fay, "webex_suite", change, at(7))
    usage.roll_up(date(2025, 3, 6), date(2025, 3, 6))
    rows = {row.package: row.seconds for row in DailyUsage.objects.filter(subscriber=fay)}
    assert rows == {"webex_calling": 32400, "webex_suite": 54000}
    assert sum(rows.values()) == usage.SECONDS_PER_DAY
