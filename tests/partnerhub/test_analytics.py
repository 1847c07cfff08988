"""The Overview's KPIs (PH-9) pinned on hand-made data, and the customers list's `kpi` filter
listing exactly the customers each KPI counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerhub import analytics
from partnerhub.filtersets import MANAGED_BY_ALL, PartnerHubCustomerFilterSet
from partnerhub.selectors import customer_list
from portal.access.roles import Role
from portal.models import CustomerPackage
from tests.factories import (
    CustomerFactory,
    CustomerSubscriptionFactory,
    PartnerFactory,
    SubscriberFactory,
    assign_customer,
    partner_admin,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def customer(owner, name, *, limit=None, users=0, expires_in=None, auto_renew=False):
    c = CustomerFactory(owner=owner, name=name)
    if limit is not None:
        CustomerPackage.objects.create(customer=c, package="webex_calling", limit=limit)
    for _ in range(users):
        SubscriberFactory(customer=c)
    if expires_in is not None:
        CustomerSubscriptionFactory(customer=c, expires_at=NOW + expires_in, auto_renew=auto_renew)
    return c


@pytest.fixture
def hub():
    partner = PartnerFactory(name="Acme")
    sub = PartnerFactory(parent=partner, name="Sub")
    user = partner_admin(partner, Role.PARTNER_FULL_ADMIN)
    partner_admin(sub, Role.PARTNER_FULL_ADMIN, user=user)
    made = {
        # Partner-wide: 10 + 10 + 4 + 10 ordered = 34, assigned 8 + 1 + 5 + 0 = 14 (41%):
        # low is below 20.6%.
        "day90": customer(partner, "Day 90", limit=10, users=8, expires_in=timedelta(days=90)),
        "day91": customer(partner, "Day 91", limit=10, users=1, expires_in=timedelta(days=91)),
        "over": customer(
            partner, "Over", limit=4, users=5, expires_in=timedelta(days=1), auto_renew=True
        ),
        "at_limit_empty": customer(partner, "Empty", limit=10, users=0),
        "expired": customer(partner, "Expired", expires_in=timedelta(0)),
        "indirect": customer(sub, "Indirect", limit=2, users=3, expires_in=timedelta(days=5)),
    }
    CustomerFactory(name="Someone else's", owner=PartnerFactory())
    return partner, user, made


def test_kpis_pin_each_figure_with_its_boundaries(hub, django_assert_num_queries):
    partner, user, made = hub
    with django_assert_num_queries(2):
        kpis = analytics.partner_kpis(partner, user, now=NOW)
    assert kpis.total_customers == 5
    assert kpis.expiring == 1  # day 90 counts, day 91 does not, expired does not
    assert kpis.renewing == 1  # "Over" renews automatically tomorrow
    assert kpis.over_limit == 1  # 5 users on 4; "Day 90" at 8 of 10 is not
    assert kpis.low_assignment == 2  # "Day 91" (10%) and "Empty" (0%)
    assert (kpis.ordered, kpis.assigned, kpis.assigned_share) == (34, 14, 41)


def test_kpis_including_indirect_providers(hub):
    partner, user, made = hub
    kpis = analytics.partner_kpis(partner, user, include_sub_partners=True, now=NOW)
    assert (kpis.total_customers, kpis.expiring, kpis.over_limit) == (6, 2, 2)


def test_the_window_ends_exactly_90_days_from_now():
    partner = PartnerFactory()
    user = partner_admin(partner, Role.PARTNER_FULL_ADMIN)
    customer(partner, "In", expires_in=timedelta(days=90))
    customer(partner, "Out", expires_in=timedelta(days=90, seconds=1))
    assert analytics.partner_kpis(partner, user, now=NOW).expiring == 1


def test_exactly_at_the_limit_is_not_over_and_a_customer_alone_is_not_low():
    partner = PartnerFactory()
    user = partner_admin(partner, Role.PARTNER_FULL_ADMIN)
    customer(partner, "At limit", limit=3, users=3)
    kpis = analytics.partner_kpis(partner, user, now=NOW)
    assert (kpis.over_limit, kpis.low_assignment) == (0, 0)


def test_an_assigned_partner_admin_sees_only_the_assigned_customers_figures(hub):
    partner, _, made = hub
    sales = partner_admin(partner, Role.PARTNER_ADMIN)
    assign_customer(sales, made["over"])
    kpis = analytics.partner_kpis(partner, sales, now=NOW)
    assert (kpis.total_customers, kpis.renewing, kpis.over_limit, kpis.expiring) == (1, 1, 1, 0)


@pytest.mark.parametrize(
    ("kpi", "names"),
    [
        ("expiring", {"Day 90"}),
        ("renewing", {"Over"}),
        ("over_limit", {"Over"}),
        ("low_assignment", {"Day 91", "Empty"}),
    ],
)
def test_the_kpi_filter_lists_exactly_the_counted_customers(hub, kpi, names):
    partner, user, _ = hub
    filters = PartnerHubCustomerFilterSet(
        {"kpi": kpi},
        queryset=customer_list(partner, user, include_sub_partners=True),
        partner=partner,
        user=user,
    )
    assert {c.name for c in filters.qs} == names
    assert len(names) == getattr(analytics.partner_kpis(partner, user), kpi)


def test_the_kpi_filter_with_indirect_providers(hub):
    partner, user, _ = hub
    filters = PartnerHubCustomerFilterSet(
        {"kpi": "expiring", "managed_by": MANAGED_BY_ALL},
        queryset=customer_list(partner, user, include_sub_partners=True),
        partner=partner,
        user=user,
    )
    assert {c.name for c in filters.qs} == {"Day 90", "Indirect"}


def test_overview_cards_link_to_the_filtered_list(client, hub):
    partner, user, _ = hub
    client.force_login(user)
    url = reverse("partnerhub:overview", kwargs={"partner_id": partner.pk})
    response = client.get(url)
    cards = {key: (value, href) for key, _, value, href in response.context["kpi_cards"]}
    assert cards["over_limit"][0] == 1
    assert cards["over_limit"][1].endswith("/customers/?kpi=over_limit")
    listed = client.get(cards["over_limit"][1])
    assert [c.name for c in listed.context["customers"]] == ["Over"]
    included = client.get(url, {"include": "indirect"}).context["kpi_cards"]
    total = {k: (v, h) for k, _, v, h in included}["customers"]
    assert total[0] == 6 and "managed_by=all" in total[1]


# --- Sections (Meetings / Calling toggle) -------------------------------------------------------


def _active(subscriber, days_ago, **counts):
    from tests.factories import SubscriberActivityFactory

    defaults = {
        "calls_placed": 0,
        "calls_received": 0,
        "meetings_hosted": 0,
        "meetings_joined": 0,
        "minutes": 1,
    }
    return SubscriberActivityFactory(
        subscriber=subscriber,
        day=(NOW - timedelta(days=days_ago)).date(),
        **{**defaults, **counts},
    )


def test_used_means_active_for_the_product_in_the_last_7_days_or_signed_in():
    from tests.factories import UserFactory

    partner = PartnerFactory()
    user = partner_admin(partner, Role.PARTNER_FULL_ADMIN)
    c = customer(partner, "C", limit=10)
    caller, old, meeter, signer, idle = (SubscriberFactory(customer=c) for _ in range(5))
    _active(caller, 6, calls_placed=1)  # day 6 back: within the 7 days
    _active(old, 7, calls_placed=1)  # day 7 back: outside
    _active(meeter, 0, meetings_joined=1)  # meetings only: not used for Calling
    UserFactory(email=signer.email, last_login=NOW - timedelta(days=2))
    [row] = analytics.product_rows(partner, user, analytics.CALLING, now=NOW)
    assert (row.ordered, row.assigned, row.used) == (10, 5, 2)
    [row] = analytics.product_rows(partner, user, analytics.MEETINGS, now=NOW)
    assert row.used == 2  # the meetings user and the sign-in (webex_calling includes meetings)


def test_sections_pin_kpis_and_rows(hub, django_assert_num_queries):
    partner, user, made = hub
    with django_assert_num_queries(1):
        rows = list(analytics.product_rows(partner, user, analytics.CALLING, now=NOW))
    found = analytics.sections(rows, now=NOW)
    assert [r.name for r in found["expiring"].rows] == ["Day 90"]
    assert found["expiring"].rows[0].days_left == 90
    assert [r.name for r in found["renewing"].rows] == ["Over"]
    assert [r.name for r in found["over"].rows] == ["Over"]
    assert dict(found["over"].kpis)["Total license overage"] == 1
    assert {r.name for r in found["low"].rows} == {"Day 91", "Empty"}
    assert dict(found["low"].kpis)["Total unassigned licenses"] == 19
    assert found["recent"].total == 4  # every customer holding Calling was added today
    assert dict(found["expiring"].kpis)["License assignment"] == "80%"


def test_weekly_assignment_change_from_the_package_history(hub):
    from tests.factories import PackageAssignmentFactory

    partner, user, made = hub
    s = made["day90"].subscribers.first()
    PackageAssignmentFactory(subscriber=s, started_at=NOW - timedelta(days=10))
    rows = {r.name: r for r in analytics.product_rows(partner, user, analytics.CALLING, now=NOW)}
    analytics.sections(rows.values(), now=NOW)
    assert rows["Day 90"].assignment_change == 8 - 1


def test_license_trend_and_calling_usage(hub, django_assert_num_queries):
    partner, user, made = hub
    subscriber = made["day90"].subscribers.first()
    _active(subscriber, 0, calls_placed=3, calls_received=3)  # 6 calls this week
    _active(subscriber, 8, calls_placed=2)  # 2 calls the week before
    with django_assert_num_queries(3):
        trend = analytics.license_trend(partner, user, analytics.CALLING, now=NOW)
    assert trend["ordered"][-1] == 34 and trend["used"][-1] == 1 and trend["used"][-3] == 0
    with django_assert_num_queries(2):
        chart, table = analytics.calling_usage(partner, user, now=NOW)
    assert chart["series"]["6–20 calls"][-1] == 1 and chart["series"]["1–5 calls"][-2] == 1
    assert table == [
        {
            "customer": made["day90"].pk,
            "customer__name": "Day 90",
            "users": 1,
            "users_before": 1,
            "calls": 6,
            "calls_before": 2,
            "minutes": 1,
            "calls_change": 4,
            "users_change": 0,
        }
    ]
