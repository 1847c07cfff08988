"""STYLE rule 14 / FEATURES PF-4: a list's query count does not grow with its rows.

Each list is requested, rows are added (users with numbers, administrators, locations, tokens,
customers), and it is requested again: the same number of queries both times. Lists that already
have such a test elsewhere (audit log, screening queue, billing reports page and API) are not
repeated here.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from controlhub.models import Location, PhoneNumber, Subscriber, SubscriberStatus
from portal.access.roles import Role
from portal.audit import Actor
from portal.models import (
    Customer,
    CustomerOffer,
    CustomerRoleAssignment,
    CustomerStatus,
    Partner,
    User,
)
from portal.services import api_token_issue
from tests import demo
from tests.api.helpers import auth, token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_data(db):
    """The demo data set, also when a transactional test that ran earlier flushed it."""
    if not User.objects.filter(email=demo.ACME_ADMIN).exists():
        call_command("load_demo", quiet=True)


def queries(client, url, **headers) -> int:
    client.get(url, **headers)  # once first: a token's first use, a session's first read
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200, response.content[:300]
    return len(captured)


def add_users(customer_id, n: int, *, prefix: str = "qc", first: int = 0) -> None:
    """n current users of the customer, each at a new location with a number and an
    administrator role, so every column of the users list has something to show."""
    customer = Customer.objects.get(pk=customer_id)
    domain = customer.primary_email.split("@")[-1] or "example.test"
    for i in range(first, first + n):
        location = Location.objects.create(
            customer=customer,
            name=f"{prefix} office {i}",
            address_line1=f"{i} Count Street",
            city="Springfield",
            country="US",
        )
        email = f"{prefix}{i}@{domain}"
        subscriber = Subscriber.objects.create(
            customer=customer,
            email=email,
            first_name=f"Count{i}",
            last_name="Query",
            package="webex_calling",
            status=SubscriberStatus.PROVISIONED,
            location=location,
            extension=str(7000 + i),
        )
        PhoneNumber.objects.create(
            customer=customer, location=location, number=f"+1415777{i:04d}", subscriber=subscriber
        )
        user = User.objects.create_user(email=email, password=None)
        CustomerRoleAssignment.objects.create(
            customer=customer, user=user, role=Role.CUSTOMER_FULL_ADMIN
        )


@pytest.mark.parametrize("page", ["users", "numbers", "locations", "administrators"])
def test_control_hub_lists(client_for, page):
    client = client_for(demo.FABRIKAM_ADMIN)
    url = reverse(f"controlhub:{page}", kwargs={"org_id": demo.FABRIKAM})
    few = queries(client, url)
    add_users(demo.FABRIKAM, 30)
    assert queries(client, url) == few


def test_control_hub_users_list_filtered_and_searched(client_for):
    client = client_for(demo.FABRIKAM_ADMIN)
    url = reverse("controlhub:users", kwargs={"org_id": demo.FABRIKAM})
    params = "?q=query&package=webex_calling&role=customer_full_admin"
    add_users(demo.FABRIKAM, 2)  # a filtered page with rows, then with more rows
    few = queries(client, url + params)
    add_users(demo.FABRIKAM, 30, first=2)
    assert queries(client, url + params) == few


def test_api_token_list(client_for):
    client = client_for(demo.ACME_ADMIN)
    url = reverse("api_tokens", kwargs={"partner_id": demo.ACME})
    few = queries(client, url)
    acme, user = Partner.objects.get(pk=demo.ACME), User.objects.get(email=demo.ACME_ADMIN)
    for i in range(10):
        api_token_issue(user=user, partner=acme, scopes=[], name=f"count {i}", actor=Actor.system())
    assert queries(client, url) == few


def test_wholesale_subscribers_api(client):
    headers = auth(token())
    few = queries(client, "/v1/wholesale/subscribers?max=100", **headers)
    add_users(demo.FABRIKAM, 30, prefix="api")
    assert queries(client, "/v1/wholesale/subscribers?max=100", **headers) == few


def test_wholesale_customers_api(client):
    headers = auth(token())
    few = queries(client, "/v1/wholesale/customers?max=100", **headers)
    acme = Partner.objects.get(pk=demo.ACME)
    for i in range(20):
        customer = Customer.objects.create(
            owner=acme,
            name=f"Count Customer {i}",
            external_id=f"COUNT-{i}",
            offer=CustomerOffer.WHOLESALE,
            status=CustomerStatus.PROVISIONED,
            country="US",
        )
        customer.packages.create(package="webex_calling", limit=10)
        customer.packages.create(package="webex_meetings", limit=10)
    assert queries(client, "/v1/wholesale/customers?max=100", **headers) == few


@pytest.mark.parametrize("query", ["", "?status=provisioned", "?product=webex_calling"])
def test_partner_hub_customers_list(client_for, query):
    """The first page and filtered pages (search: tests/partnerhub/test_views.py)."""
    from partnerhub.models import CustomerTag, Tag

    client = client_for(demo.ACME_ADMIN)
    url = reverse("partnerhub:customers", kwargs={"partner_id": demo.ACME}) + query
    acme = Partner.objects.get(pk=demo.ACME)
    tag = Tag.objects.filter(partner=acme).first()

    def add(first, n):
        for i in range(first, first + n):
            customer = Customer.objects.create(
                owner=acme,
                name=f"Count Customer {i:03d}",
                external_id=f"COUNT-{i}",
                status=CustomerStatus.PROVISIONED,
                country="US",
            )
            customer.packages.create(package="webex_calling", limit=10)
            if tag:
                CustomerTag.objects.create(customer=customer, tag=tag)

    add(0, 2)
    few = queries(client, url)
    add(2, 40)
    assert queries(client, url) == few
