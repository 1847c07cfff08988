"""Tasks run twice give the same end state (STYLE rule 13)."""

from datetime import date

import pytest

from billing import services
from billing.demo import demo_report_id
from billing.models import BillingReport, DailyUsage, ReportStatus, UsageDay
from billing.tasks import ROLL_UP_SCHEDULE, generate_billing_report, roll_up_daily_usage
from billing.usage import last_finished_day
from portal.audit import Actor
from portal.models import AuditEvent, Partner
from tests import demo

pytestmark = pytest.mark.django_db


def state():
    return (
        sorted(
            DailyUsage.objects.values_list(
                "day",
                "partner",
                "customer",
                "subscriber",
                "workspace",
                "location",
                "package",
                "seconds",
            ),
            key=str,  # a workspace's row has no subscriber, a user's no workspace
        ),
        sorted(UsageDay.objects.values_list("day", "rows")),
    )


def test_the_daily_roll_up_run_twice_gives_the_same_rows():
    complete = state()
    # Forget the last week, as if the worker had been down.
    since = last_finished_day().toordinal() - 6
    week = date.fromordinal(since)
    DailyUsage.objects.filter(day__gte=week).delete()
    UsageDay.objects.filter(day__gte=week).delete()
    assert roll_up_daily_usage() == 7
    assert roll_up_daily_usage() == 0
    assert state() == complete


def test_the_roll_up_works_in_bounded_chunks():
    UsageDay.objects.all().delete()
    DailyUsage.objects.all().delete()
    assert roll_up_daily_usage(max_days=7) == 90  # the demo's history, 7 days at a time
    assert UsageDay.objects.count() == 90


def test_the_roll_up_schedule_exists_once():
    from django_q.models import Schedule

    schedule = Schedule.objects.get(name=ROLL_UP_SCHEDULE)
    assert schedule.func == "billing.tasks.roll_up_daily_usage"
    assert schedule.schedule_type == Schedule.DAILY


def test_generating_a_report_twice_gives_the_same_report(django_capture_on_commit_callbacks):
    acme = Partner.objects.get(pk=demo.ACME)
    with django_capture_on_commit_callbacks(execute=False):
        report = services.billing_report_create(
            partner=acme,
            actor=Actor.system(),
            billing_start_date="2026-10-01",
            billing_end_date="2026-10-15",
            type="USER",
        )
    assert report.status == ReportStatus.IN_PROGRESS
    generate_billing_report(str(report.pk))
    first = BillingReport.objects.values().get(pk=report.pk)
    events = AuditEvent.objects.filter(target_id=str(report.pk)).count()
    generate_billing_report(str(report.pk))
    assert BillingReport.objects.values().get(pk=report.pk) == first
    assert AuditEvent.objects.filter(target_id=str(report.pk)).count() == events
    assert first["status"] == ReportStatus.COMPLETED and first["row_count"] > 0
    generate_billing_report("00000000-0000-0000-0000-000000000000")  # gone: quietly nothing


def test_the_state_machine_records_each_transition():
    report = BillingReport.objects.get(pk=demo_report_id())
    actions = list(
        AuditEvent.objects.filter(target_id=str(report.pk)).values_list("action", flat=True)
    )
    assert actions == ["billing.report_completed"]
    with pytest.raises(Exception, match="cannot become"):
        services._transition(report, ReportStatus.FAILED)


def test_backfilled_history_is_picked_up_by_a_redo():
    from datetime import UTC, datetime, timedelta

    from django.core.management import call_command

    from controlhub.models import PackageAssignment, Subscriber
    from portal.models import Customer

    contoso = Customer.objects.get(pk=demo.CONTOSO)
    late = Subscriber.objects.create(
        customer=contoso, email="late@contoso-dental.example", package="webex_meetings"
    )
    five_days_ago = last_finished_day() - timedelta(days=4)
    PackageAssignment.objects.create(
        customer=contoso,
        subscriber=late,
        package="webex_meetings",
        started_at=datetime.combine(five_days_ago, datetime.min.time(), tzinfo=UTC),
    )
    call_command("roll_up_usage")  # stored days are final: nothing new
    assert not DailyUsage.objects.filter(subscriber=late).exists()
    call_command("roll_up_usage", redo=True, since=str(five_days_ago))
    assert DailyUsage.objects.filter(subscriber=late).count() == 5
