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
