"""Workspaces (CH-12): one package, shared limits, number/extension uniqueness, billing."""

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from billing import report_files
from billing.models import BillingReport, DailyUsage, Sku, WholesaleSubscription
from billing.services import _build_report
from controlhub.models import PackageAssignment, PhoneNumber, Workspace
from controlhub.services import subscribers as subscriber_services
from controlhub.services import workspaces as ws
from portal.api import ids
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import AuditEvent, Partner
from tests.factories import (
    CustomerFactory,
    CustomerPackageFactory,
    LocationFactory,
    PartnerFactory,
    SubscriberFactory,
)

pytestmark = pytest.mark.django_db

ACTOR = Actor.system()


@pytest.fixture
def org():
    customer = CustomerFactory(name="Door Co", status="provisioned", country="US")
    CustomerPackageFactory(customer=customer, package="common_area_calling", limit=2)
    CustomerPackageFactory(customer=customer, package="webex_calling", limit=None)
    location = LocationFactory(customer=customer, name="HQ", country="US")
    return customer, location


def create(customer, location, **kwargs):
    kwargs.setdefault("name", "Front door")
    kwargs.setdefault("package", "common_area_calling")
    return ws.workspace_create(customer=customer, actor=ACTOR, location=location, **kwargs)


def test_a_workspace_gets_its_package_number_and_billing_start(org):
    customer, location = org
    workspace = create(customer, location, phone_number="+14155550123", extension="2001")
    assert workspace.package == "common_area_calling"
    assert PhoneNumber.objects.get(number="+14155550123").workspace == workspace
    (row,) = PackageAssignment.objects.filter(workspace=workspace)
    assert row.subscriber is None and row.ended_at is None and row.package == workspace.package
    assert AuditEvent.objects.filter(action="workspace.create").count() == 1


def test_a_second_package_is_refused_with_a_clear_error_and_nothing_changes(org):
    customer, location = org
    with pytest.raises(ApplicationError, match="exactly one package") as exc:
        ws.one_package(["common_area_calling", "webex_calling"])
    assert exc.value.field == "package"
    assert ws.one_package(["common_area_calling", "common_area_calling"]) == "common_area_calling"
    assert not Workspace.objects.for_org(customer).exists()


def test_a_package_a_workspace_cannot_hold_is_refused(org):
    customer, location = org
    CustomerPackageFactory(customer=customer, package="webex_meetings")
    with pytest.raises(ApplicationError, match="cannot be assigned to a workspace"):
        create(customer, location, package="webex_meetings", extension="2001")
    with pytest.raises(ApplicationError, match="cannot be assigned to a user"):
        subscriber_services.check_package(customer, "common_area_calling")


def test_a_package_the_customer_lacks_is_refused(org):
    customer, location = org
    customer.packages.filter(package="webex_calling").delete()
    with pytest.raises(ApplicationError, match="does not have"):
        create(customer, location, package="webex_calling", extension="2001")


def test_the_limit_counts_workspaces_and_users_alike(org):
    customer, location = org
    create(customer, location, name="A", extension="2001")
    create(customer, location, name="B", extension="2002")
    with pytest.raises(ApplicationError, match="limit of 2"):
        create(customer, location, name="C", extension="2003")
    customer.packages.filter(package="webex_calling").update(limit=1)
    SubscriberFactory(customer=customer, location=location, package="webex_calling")
    workspace = Workspace.objects.get(name="A")
    with pytest.raises(ApplicationError, match="limit of 1"):
        ws.workspace_change_package(workspace=workspace, actor=ACTOR, package="webex_calling")


def test_a_calling_workspace_needs_a_number_or_an_extension(org):
    customer, location = org
    with pytest.raises(ApplicationError, match="needs a phone number, an extension"):
        create(customer, location)


def test_extensions_are_unique_across_users_and_workspaces(org):
    customer, location = org
    SubscriberFactory(customer=customer, location=location, extension="2001")
    with pytest.raises(ApplicationError, match="Extension 2001 is already used"):
        create(customer, location, extension="2001")
    create(customer, location, extension="2002")
    user = SubscriberFactory(customer=customer, location=location, extension="")
    with pytest.raises(ApplicationError, match="Extension 2002 is already used"):
        subscriber_services.subscriber_set_primary_number(
            subscriber=user, actor=ACTOR, number=None, extension="2002"
        )


def test_a_users_number_cannot_go_to_a_workspace_and_back(org):
    customer, location = org
    user = SubscriberFactory(customer=customer, location=location)
    PhoneNumber.objects.create(customer=customer, location=location, number="+14155550100")
    PhoneNumber.objects.filter(number="+14155550100").update(subscriber=user)
    with pytest.raises(ApplicationError, match="already assigned"):
        create(customer, location, phone_number="+14155550100")
    assert not Workspace.objects.for_org(customer).exists()
    workspace = create(customer, location, phone_number="+14155550101")
    other = SubscriberFactory(customer=customer, location=location)
    with pytest.raises(ApplicationError, match="already assigned"):
        subscriber_services.subscriber_set_primary_number(
            subscriber=other,
            actor=ACTOR,
            number=PhoneNumber.objects.get(number="+14155550101"),
            extension="",
        )
    assert PhoneNumber.objects.get(number="+14155550101").workspace == workspace


def test_names_are_unique_among_current_workspaces(org):
    customer, location = org
    first = create(customer, location, extension="2001")
    with pytest.raises(ApplicationError, match="already exists"):
        create(customer, location, name="front door", extension="2002")
    ws.workspace_remove(workspace=first, actor=ACTOR)
    create(customer, location, extension="2002")


def test_changing_the_package_switches_billing_and_removing_stops_it(org):
    customer, location = org
    workspace = create(customer, location, phone_number="+14155550123")
    ws.workspace_change_package(workspace=workspace, actor=ACTOR, package="webex_calling")
    rows = list(PackageAssignment.objects.filter(workspace=workspace).order_by("started_at"))
    assert [r.package for r in rows] == ["common_area_calling", "webex_calling"]
    assert rows[0].ended_at is not None and rows[1].ended_at is None
    ws.workspace_remove(workspace=workspace, actor=ACTOR)
    assert not PackageAssignment.objects.filter(workspace=workspace, ended_at=None).exists()
    assert PhoneNumber.objects.get(number="+14155550123").workspace is None
    workspace.refresh_from_db()
    assert workspace.removed_at is not None


def test_an_assignment_is_a_users_or_a_workspaces_never_both_or_neither(org):
    customer, location = org
    workspace = create(customer, location, extension="2001")
    user = SubscriberFactory(customer=customer, location=location)
    now = timezone.now()
    for holder in ({"subscriber": user, "workspace": workspace}, {}):
        with pytest.raises(IntegrityError), transaction.atomic():
            PackageAssignment.objects.create(
                customer=customer, package="webex_calling", started_at=now, **holder
            )
    with pytest.raises(IntegrityError), transaction.atomic():
        PackageAssignment.objects.create(
            customer=customer, workspace=workspace, package="webex_calling", started_at=now
        )  # a second open row


def test_a_number_is_a_users_or_a_workspaces(org):
    customer, location = org
    workspace = create(customer, location, phone_number="+14155550123")
    user = SubscriberFactory(customer=customer, location=location)
    with pytest.raises(IntegrityError), transaction.atomic():
        PhoneNumber.objects.filter(workspace=workspace).update(subscriber=user)


def test_a_suspended_or_unprovisioned_customer_takes_no_workspace(org):
    customer, location = org
    customer.status = "provisioning"
    customer.save(update_fields=["status"])
    with pytest.raises(ApplicationError):
        create(customer, location, extension="2001")


# --- Billing --------------------------------------------------------------------------------


def at(day, hour=0):
    return datetime(2025, 3, day, hour, tzinfo=UTC)


@pytest.fixture
def billed(org):
    customer, location = org
    partner = PartnerFactory(name="Door Partner")
    customer.owner = partner
    customer.save(update_fields=["owner"])
    subscription = WholesaleSubscription.objects.create(
        partner=partner, subscription_id="Sub-WS-1", billing_start=date(2025, 1, 1)
    )
    for package, sku in [("common_area_calling", "A-WX-CA"), ("webex_calling", "A-WX-CALL")]:
        Sku.objects.create(
            subscription=subscription,
            package=package,
            sku=sku,
            description=package,
            transfer_price=Decimal("3.00"),
        )
    door = Workspace.objects.create(
        customer=customer, name="Front door", location=location, package="common_area_calling"
    )
    # The door: Common Area from 2025-03-01 at 12:00, Webex Calling from 2025-03-05.
    PackageAssignment.objects.create(
        customer=customer,
        workspace=door,
        package="common_area_calling",
        started_at=at(1, 12),
        ended_at=at(5),
    )
    PackageAssignment.objects.create(
        customer=customer, workspace=door, package="webex_calling", started_at=at(5)
    )
    ann = SubscriberFactory(customer=customer, location=location, email="ann@door.example")
    PackageAssignment.objects.create(
        customer=customer, subscriber=ann, package="webex_calling", started_at=at(2, 8)
    )
    return partner, door, ann


def build_report(report):
    """The report's CSV text, row count and errors (_build_report writes into a binary spool)."""
    spool = io.BytesIO()
    count, errors = _build_report(report, spool)
    return spool.getvalue().decode("utf-8"), count, errors


def report(partner, report_type):
    content, count, errors = build_report(
        BillingReport(
            partner=partner,
            type=report_type,
            billing_start_date=date(2025, 3, 1),
            billing_end_date=date(2025, 3, 10),
        )
    )
    assert not errors
    return content


def test_the_roll_up_stores_a_workspaces_days(billed):
    partner, door, ann = billed
    report(partner, "PARTNER")
    rows = DailyUsage.objects.filter(workspace=door).order_by("day", "package")
    assert [(r.day.day, r.package, r.seconds) for r in rows][:2] == [
        (1, "common_area_calling", 43200),
        (2, "common_area_calling", 86400),
    ]
    assert all(r.subscriber_id is None and r.location_id == door.location_id for r in rows)
    assert sum(r.seconds for r in rows) == 9.5 * 86400


def test_the_user_report_fills_workspace_id_and_the_three_levels_agree(billed):
    partner, door, ann = billed
    user, customer, total = (report(partner, t) for t in ("USER", "CUSTOMER", "PARTNER"))
    rows = report_files.parse(user)
    door_rows = [r for r in rows if r["WORKSPACE_ID"]]
    assert {r["WORKSPACE_ID"] for r in door_rows} == {ids.encode(ids.WORKSPACE, door.pk)}
    assert all(r["SUBSCRIBER_ID"] == r["USER_ID"] == "" for r in door_rows)
    assert {(r["SKU"], r["QUANTITY"]) for r in door_rows} == {
        ("A-WX-CA", "3.5"),
        ("A-WX-CALL", "6"),
    }
    ann_rows = [r for r in rows if r["USER_ID"]]
    assert [r["WORKSPACE_ID"] for r in ann_rows] == [""]
    assert ann_rows[0]["SUBSCRIBER_ID"] == ids.encode(ids.SUBSCRIBER, ann.pk)
    by_sku = report_files.total_by_sku(total)
    assert by_sku == {"A-WX-CA": Decimal("3.5"), "A-WX-CALL": Decimal("14.666667")}
    assert report_files.total_by_sku(user) == report_files.total_by_sku(customer) == by_sku


def test_the_demo_reports_reconcile_with_workspaces_in_them():
    assert Workspace.objects.filter(customer__name="Fabrikam Law").exists()
    acme = Partner.objects.get(name="Acme Telecom")
    today = timezone.now().date()
    end = today - timedelta(days=1)
    start = end - timedelta(days=20)

    def demo_report(kind):
        content, _, errors = build_report(
            BillingReport(partner=acme, type=kind, billing_start_date=start, billing_end_date=end)
        )
        assert not errors
        return content

    user, customer, total = (demo_report(t) for t in ("USER", "CUSTOMER", "PARTNER"))
    assert any(r["WORKSPACE_ID"] for r in report_files.parse(user))
    assert report_files.total_by_sku(user) == report_files.total_by_sku(customer)
    assert report_files.total_by_sku(customer) == report_files.total_by_sku(total)


def test_the_demo_history_of_workspaces_is_rolled_up_into_an_older_demo_database():
    from billing import demo as billing_demo

    assert DailyUsage.objects.filter(workspace__isnull=False).exists()
    DailyUsage.objects.filter(workspace__isnull=False).delete()  # as before workspaces existed
    users = DailyUsage.objects.filter(subscriber__isnull=False).count()
    billing_demo.load()
    assert DailyUsage.objects.filter(workspace__name="Lobby phone").count() >= 40
    assert DailyUsage.objects.filter(subscriber__isnull=False).count() == users
