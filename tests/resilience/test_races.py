"""Simultaneous duplicates (issue 15): the database refuses what the check-then-insert cannot,
and every loser gets the same 409 and code as a sequential duplicate (PV-1, PV-7, PV-6, BL-3,
CH-4)."""

from billing.demo import previous_month
from billing.models import BillingReport
from billing.usage import today_utc
from controlhub.models import Subscriber
from portal.api import ids
from portal.models import Customer
from tests import demo
from tests.api.helpers import customer_body

N = 20
CUSTOMERS = "/v1/wholesale/customers"


def _body(i, *, external_id=None, email=None):
    body = customer_body(externalId=external_id or f"RACE-{i:03d}")
    body["customerInfo"] = {
        **body["customerInfo"],
        "name": f"Race Bakery {i}",
        "primaryEmail": email or f"owner{i}@race-bakery.example",
    }
    return body


def _one_winner(responses, ok, sequential):
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [ok] + [409] * (N - 1), statuses
    # The sequential duplicate may list more problems (the winner's first administrator became
    # a user meanwhile); the headline and its code are the same.
    expected = sequential.json()
    for loser in (r for r in responses if r.status_code == 409):
        got = loser.json()
        assert got["message"] == expected["message"]
        assert got["errors"][0] == expected["errors"][0]


def test_simultaneous_customers_with_one_external_id_make_one_customer(api, burst):
    responses = burst(N, lambda i: api.post(CUSTOMERS, _body(i, external_id="RACE-EXT")))
    sequential = api.post(CUSTOMERS, _body(99, external_id="RACE-EXT"))
    assert sequential.status_code == 409
    assert sequential.json()["errors"][0]["errorCode"] == 4093
    _one_winner(responses, 202, sequential)
    assert Customer.objects.filter(owner_id=demo.ACME, external_id="RACE-EXT").count() == 1


def test_simultaneous_customers_with_one_admin_email_make_one_customer(api, burst):
    email = "owner@one-race-bakery.example"
    responses = burst(N, lambda i: api.post(CUSTOMERS, _body(i, email=email)))
    sequential = api.post(CUSTOMERS, _body(99, email=email))
    assert sequential.status_code == 409
    assert sequential.json()["errors"][0]["errorCode"] == 4090
    _one_winner(responses, 202, sequential)
    assert Customer.objects.filter(primary_email=email).count() == 1


def test_simultaneous_billing_reports_for_one_period_make_one_report(api, burst):
    start, end = previous_month(today_utc())
    body = {"billingStartDate": str(start), "billingEndDate": str(end)}
    path = "/v1/wholesale/billing/reports"
    responses = burst(N, lambda i: api.post(path, body))
    sequential = api.post(path, body)
    assert sequential.status_code == 409
    _one_winner(responses, 200, sequential)
    reports = BillingReport.objects.filter(partner_id=demo.ACME, billing_start_date=start)
    assert reports.count() == 1
    assert reports.get().status == "COMPLETED"


def _subscriber(email, extension):
    return {
        "customerId": ids.encode(ids.CUSTOMER, demo.FABRIKAM),
        "email": email,
        "packages": ["webex_calling"],
        "provisioningParameters": {"firstName": "Race", "lastName": "User", "extension": extension},
    }


def test_simultaneous_subscribers_with_one_email_make_one_user(api, burst):
    email = "racer@fabrikam-law.example"
    path = "/v1/wholesale/subscribers"
    responses = burst(N, lambda i: api.post(path, _subscriber(email, str(6000 + i))))
    sequential = api.post(path, _subscriber(email, "6999"))
    assert sequential.status_code == 409
    assert sequential.json()["errors"][0]["errorCode"] == 10022
    _one_winner(responses, 200, sequential)  # subscribers: 200 provisioned
    assert Subscriber.objects.current().filter(email=email).count() == 1


def test_simultaneous_subscribers_with_one_extension_get_it_once(api, burst):
    path = "/v1/wholesale/subscribers"
    responses = burst(
        N, lambda i: api.post(path, _subscriber(f"ext{i}@fabrikam-law.example", "7001"))
    )
    sequential = api.post(path, _subscriber("ext99@fabrikam-law.example", "7001"))
    assert sequential.status_code == 409
    _one_winner(responses, 200, sequential)
    current = Subscriber.objects.current().filter(customer_id=demo.FABRIKAM, extension="7001")
    assert current.count() == 1
