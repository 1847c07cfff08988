"""The customer's "Subscriptions" tab (seed 004, OP-1): renewal date, ordered (limit) vs
assigned per package, the order history with who and when, the partner's invoice month."""

import json

import pytest
from django.urls import reverse

from portal.models import Customer
from tests import demo
from tests.api.helpers import auth, customer_body, decode_customer, token

pytestmark = pytest.mark.django_db


def tab(org_id, partner_id=demo.ACME):
    return reverse(
        "partnerhub:customer_subscriptions", kwargs={"partner_id": partner_id, "org_id": org_id}
    )


def test_the_tab_shows_the_order_history_from_provisioning_and_each_limit_change(
    client, client_for, django_capture_on_commit_callbacks
):
    body = customer_body(
        packages=["webex_calling"],
        provisioningParameters={"packages": {"limits": {"webex_calling": 5}}},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/v1/wholesale/customers",
            data=json.dumps(body),
            content_type="application/json",
            **auth(token()),
        )
    assert response.status_code == 202, response.content
    customer = Customer.objects.get(pk=decode_customer(response["Location"]))
    admin = client_for(demo.ACME_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(tab(customer.pk), {"action": "limit", "package": "webex_calling", "limit": "8"})
    page = admin.get(tab(customer.pk))
    assert page.status_code == 200
    history = list(page.context["order_history"])
    assert [e.action for e in history] == ["customer.update", "customer.provision"]
    assert history[0].after["limits"] == {"webex_calling": 8}
    assert history[0].actor_email == demo.ACME_ADMIN
    assert history[1].after["limits"] == {"webex_calling": 5}
    assert history[1].source == "api"
    html = page.content.decode()
    assert 'data-testid="order-history"' in html and "webex_calling: 8" in html
    rows = {cp.package: (cp.limit, cp.assigned) for cp in page.context["usage"]}
    assert rows["webex_calling"][0] == 8
    assert 'data-testid="invoice-link"' in html
    assert f"/partner/{demo.ACME}/billing/invoices/?month=" in html


def test_the_renewal_date_of_a_term(client_for):
    admin = client_for(demo.ACME_ADMIN)
    admin.post(
        tab(demo.CONTOSO),
        {
            "action": "term",
            "term-start": "2026-01-01",
            "term-end": "2026-12-31",
            "term-auto_renew": "on",
        },
    )
    page = admin.get(tab(demo.CONTOSO)).content.decode()
    assert "Renews automatically on 2027-01-01" in page


def test_a_read_only_admin_sees_the_tab_without_the_actions(client_for):
    page = client_for(demo.ACME_READONLY).get(tab(demo.CONTOSO))
    assert page.status_code == 200
    assert b'data-testid="term-form"' not in page.content
    refused = client_for(demo.ACME_READONLY).post(tab(demo.CONTOSO), {"action": "suspend"})
    assert refused.status_code == 403


def test_the_tab_costs_the_same_however_long_the_history(
    client_for, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = client_for(demo.ACME_ADMIN)
    with CaptureQueriesContext(connection) as before:
        admin.get(tab(demo.CONTOSO))
    from portal.audit import Actor, audit_record

    for n in range(5):
        audit_record(
            actor=Actor(None),
            action="customer.update",
            organization=Customer.objects.get(pk=demo.CONTOSO),
            after={"packages": ["webex_calling"], "limits": {"webex_calling": n}},
        )
    with django_assert_num_queries(len(before.captured_queries)):
        admin.get(tab(demo.CONTOSO))
