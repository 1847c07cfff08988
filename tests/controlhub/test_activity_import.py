"""The daily per-user activity import (PH-9): every row checked, good rows kept, a retried
import harmless; the management command on a real file."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from controlhub.models import Subscriber, SubscriberActivity
from controlhub.services.activity import HEADERS, activity_import, template_csv
from partnerhub.analytics import activity_scope
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import AuditEvent
from tests.factories import CustomerFactory, PartnerFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 8)
HEADER = ",".join(HEADERS)


@pytest.fixture
def world():
    partner = PartnerFactory()
    jane = SubscriberFactory(customer=CustomerFactory(owner=partner), email="jane@a.example")
    sub = PartnerFactory(parent=partner)
    ivan = SubscriberFactory(customer=CustomerFactory(owner=sub), email="ivan@b.example")
    SubscriberFactory(email="stranger@c.example")  # another partner's user
    return partner, jane, ivan


def run(partner, text):
    return activity_import(
        content=text,
        subscribers=activity_scope(partner),
        actor=Actor.system(),
        organization=partner,
        today=TODAY,
    )


def test_every_bad_row_is_reported_and_the_good_rows_kept(world):
    partner, jane, ivan = world
    result = run(
        partner,
        "\n".join(
            [
                HEADER,
                "2026-12-07,jane@a.example,4,2,1,0,37",
                "2026-12-07,ivan@b.example,,,2,3,60",  # an empty count is 0
                "2026-12-07,stranger@c.example,1,1,1,1,1",
                "2026-12-09,jane@a.example,1,1,1,1,1",
                "07/12/2026,jane@a.example,1,1,1,1,1",
                "2026-12-06,jane@a.example,-1,0,0,0,0",
                "2026-12-06,jane@a.example,x,0,0,0,0",
                "2026-12-07,jane@a.example,9,9,9,9,9",
                "2026-12-05,,1,1,1,1,1",
            ]
        ),
    )
    assert result.imported == 2
    reasons = dict(result.errors)
    assert sorted(reasons) == [4, 5, 6, 7, 8, 9, 10]
    assert "not a current user" in reasons[4]
    assert "in the future" in reasons[5]
    assert "not a date" in reasons[6]
    assert "negative" in reasons[7]
    assert "not a whole number" in reasons[8]
    assert "already on line 2" in reasons[9]
    assert "email is empty" in reasons[10]
    row = SubscriberActivity.objects.get(subscriber=jane)
    assert (row.day, row.calls, row.meetings, row.minutes) == (date(2026, 12, 7), 6, 1, 37)
    assert row.customer_id == jane.customer_id
    assert SubscriberActivity.objects.get(subscriber=ivan).calls == 0
    event = AuditEvent.objects.filter(action="activity.import").latest("id")
    assert event.after["imported"] == 2 and event.after["refused"] == 7


def test_importing_the_same_day_again_replaces_it(world):
    partner, jane, _ = world
    text = f"{HEADER}\n2026-12-07,jane@a.example,4,2,1,0,37\n"
    run(partner, text)
    run(partner, text)
    assert SubscriberActivity.objects.filter(subscriber=jane).count() == 1
    run(partner, f"{HEADER}\n2026-12-07,jane@a.example,1,0,0,0,5\n")
    row = SubscriberActivity.objects.get(subscriber=jane)
    assert (row.calls_placed, row.minutes) == (1, 5)


def test_columns_in_any_order_and_a_missing_column_refuses_the_file(world):
    partner, jane, _ = world
    result = run(
        partner,
        "minutes,email,date,callsPlaced,callsReceived,meetingsHosted,meetingsJoined\n"
        "5,jane@a.example,2026-12-01,1,0,0,0\n",
    )
    assert result.imported == 1 and not result.errors
    with pytest.raises(ApplicationError, match="missing: minutes"):
        run(partner, "date,email,callsPlaced,callsReceived,meetingsHosted,meetingsJoined\n")


def test_a_removed_user_is_unknown(world):
    partner, jane, _ = world
    Subscriber.objects.filter(pk=jane.pk).update(removed_at="2026-12-01T00:00Z")
    result = run(partner, f"{HEADER}\n2026-12-07,jane@a.example,1,0,0,0,5\n")
    assert result.imported == 0 and "not a current user" in result.errors[0][1]


def test_the_template_is_a_valid_file(world):
    partner, *_ = world
    result = run(partner, template_csv())
    assert result.imported == 0 and len(result.errors) == 1  # jane.doe@example.com is unknown


def test_the_command_imports_a_file_and_lists_bad_rows(world, tmp_path, capsys):
    partner, jane, _ = world
    path = tmp_path / "activity.csv"
    path.write_text(
        f"{HEADER}\n2026-12-01,jane@a.example,1,0,0,0,5\n2026-12-01,nobody@a.example,1,0,0,0,5\n"
    )
    call_command("import_activity", str(partner.pk), str(path))
    out = capsys.readouterr()
    assert "Imported 1 rows; refused 1." in out.out and "line 3:" in out.err
    call_command("import_activity", str(partner.pk), str(path))
    assert SubscriberActivity.objects.filter(subscriber=jane).count() == 1
    with pytest.raises(CommandError, match="No partner"):
        call_command("import_activity", "nope", str(path))
