"""/v1/wholesale/billing/reports through the API with a token holding the billing scopes
(issue 7 "Done when")."""

from datetime import timedelta

import pytest
from django.test import override_settings

from billing import report_files
from billing.demo import demo_report_id, previous_month
from billing.models import BillingReport, ReportStatus
from billing.usage import today_utc
from portal.api import ids, scopes
from portal.audit import Actor
from portal.models import Partner, User
from portal.services import api_token_issue
from tests import demo

pytestmark = pytest.mark.django_db
URL = "/v1/wholesale/billing/reports"
LAST_MONTH = previous_month(today_utc())


def issue(email, partner_id, granted):
    user = User.objects.get(email=email)
    partner = Partner.objects.get(pk=partner_id)
    return api_token_issue(user=user, partner=partner, scopes=granted, actor=Actor.system())[1]


@pytest.fixture
def api(client, django_capture_on_commit_callbacks):
    """Call the API as Acme's admin with the billing scopes; tasks run when the request's
    transaction commits, as they would in a worker."""
    token = issue(
        demo.ACME_ADMIN,
        demo.ACME,
        [scopes.WHOLESALE_BILLING_REPORTS_READ, scopes.WHOLESALE_BILLING_REPORTS_WRITE],
    )

    class Api:
        def __init__(self, token):
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

        def post(self, body, headers=None):
            with django_capture_on_commit_callbacks(execute=True):
                return client.post(
                    URL, body, content_type="application/json", **(headers or self.headers)
                )

        def get(self, path="", headers=None, **params):
            return client.get(URL + path, params, **(headers or self.headers))

        def delete(self, path):
            return client.delete(URL + path, **self.headers)

        def as_token(self, token):
            return Api(token)

    return Api(token)


def body(start=LAST_MONTH[0], end=LAST_MONTH[1], **extra):
    return {"billingStartDate": str(start), "billingEndDate": str(end), **extra}


def completed_csv(api, client, report_type, **extra):
    created = api.post(body(type=report_type, **extra))
    assert created.status_code == 200, created.json()
    report = api.get(f"/{created.json()['id']}").json()
    assert report["status"] == "COMPLETED", report
    client.logout()
    download = client.get(report["tempDownloadURL"])  # no session, no token
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    assert download.streaming  # from storage in chunks, not loaded whole (issue 17)
    return b"".join(download.streaming_content).decode()


def test_a_customer_report_for_last_month_completes_with_the_seed_columns(api, client):
    created = api.post(body(type="CUSTOMER"))
    assert created.status_code == 200
    data = created.json()
    assert data["type"] == "CUSTOMER" and data["category"] == "RECONCILIATION"
    assert data["billingStartDate"] == str(LAST_MONTH[0])
    assert ids.decode(ids.REPORT, data["id"]) is not None
    assert created["Location"].endswith(f"{URL}/{data['id']}")
    report = api.get(f"/{data['id']}").json()
    assert report["status"] == "COMPLETED"
    assert report["errors"] == []
    assert report["createdBy"] == ids.encode(ids.PEOPLE, User.objects.get(email=demo.ACME_ADMIN).pk)
    content = b"".join(client.get(report["tempDownloadURL"]).streaming_content).decode()
    header, *rows = content.splitlines()
    assert header.split(",") == [
        "PARTNER_NAME",
        "PARTNER_ORG_ID",
        "SUBSCRIPTION_ID",
        "SERVICE_NAME",
        "SKU",
        "DESCRIPTION",
        "CONSUMPTION_START_DATE",
        "CONSUMPTION_END_DATE",
        "QUANTITY",
        "CUSTOMER_ORG_ID",
        "CUSTOMER_EXTERNAL_ID",
        "LOCATION_ID",
    ]
    parsed = report_files.parse(content)
    assert rows and len(parsed) == len(rows)
    assert {row["CUSTOMER_EXTERNAL_ID"] for row in parsed} == {"ACME-0001", "ACME-0002", "NW-0001"}
    assert {row["SUBSCRIPTION_ID"] for row in parsed} == {"Sub-ACME-0001"}
    assert all(str(LAST_MONTH[0]) <= row["CONSUMPTION_START_DATE"] for row in parsed)
    assert all(row["CONSUMPTION_END_DATE"] <= str(LAST_MONTH[1]) for row in parsed)


def test_user_quantities_sum_to_customer_quantities_which_sum_to_partner_quantities(api, client):
    user = completed_csv(api, client, "USER")
    customer = completed_csv(api, client, "CUSTOMER")
    partner = completed_csv(api, client, "PARTNER")
    assert report_files.parse(user)[0].keys() == set(report_files.COLUMNS["USER"])
    assert list(report_files.parse(user)[0]) == report_files.COLUMNS["USER"]
    assert list(report_files.parse(partner)[0]) == report_files.COLUMNS["PARTNER"]
    by_sku = report_files.total_by_sku(partner)
    assert len(by_sku) >= 4 and all(total > 0 for total in by_sku.values())
    assert report_files.total_by_sku(user) == report_files.total_by_sku(customer) == by_sku


@pytest.mark.parametrize(
    ("start", "end", "description"),
    [
        (0, 0, "billingStartDate must be before today"),
        (-1, 0, "billingEndDate must be before today"),
        (-2, -5, "billingEndDate must not be before billingStartDate"),
        (-6 * 365, -6 * 365 + 3, "within the last five years"),
    ],
)
def test_today_a_reversed_range_and_six_years_ago_are_refused(api, start, end, description):
    today = today_utc()
    response = api.post(body(today + timedelta(days=start), today + timedelta(days=end)))
    assert response.status_code == 400
    error = response.json()
    assert set(error) == {"message", "errors", "trackingId"}
    assert description in error["errors"][0]["description"]
    assert not BillingReport.objects.filter(partner_id=demo.ACME, status="IN_PROGRESS").exists()


@pytest.mark.parametrize(
    ("payload", "description"),
    [
        ({"billingEndDate": "2026-01-01"}, "billingStartDate is required"),
        (body(start="2026/01/01"), "billingStartDate must be a date in the format YYYY-MM-DD"),
        (body(type="TEAM"), "type must be one of: PARTNER, CUSTOMER, USER"),
        (body(subPartnerOrgId=ids.encode(ids.ORGANIZATION, demo.GLOBEX)), "not a sub-partner"),
    ],
)
def test_other_invalid_requests_name_the_problem(api, payload, description):
    response = api.post(payload)
    assert response.status_code == 400
    assert description in response.json()["errors"][0]["description"]


def test_a_duplicate_is_refused_until_the_first_is_deleted(api, client):
    first = api.post(body(type="USER")).json()
    duplicate = api.post(body(type="USER"))
    assert duplicate.status_code == 409
    assert "already exists" in duplicate.json()["message"]
    assert api.post(body(type="CUSTOMER")).status_code == 200  # another type is fine
    link = api.get(f"/{first['id']}").json()["tempDownloadURL"]
    assert api.delete(f"/{first['id']}").status_code == 204
    assert client.get(link).status_code == 404  # the deleted report's link stops working
    assert api.get(f"/{first['id']}").status_code == 404
    assert api.delete(f"/{first['id']}").status_code == 404
    assert api.post(body(type="USER")).status_code == 200


def test_a_failed_report_does_not_block_a_new_one_but_one_in_progress_does(api):
    acme = Partner.objects.get(pk=demo.ACME)
    BillingReport.objects.create(
        partner=acme,
        type="PARTNER",
        billing_start_date=LAST_MONTH[0],
        billing_end_date=LAST_MONTH[1],
        status=ReportStatus.FAILED,
    )
    BillingReport.objects.create(
        partner=acme,
        type="PARTNER",
        billing_start_date=LAST_MONTH[0],
        billing_end_date=LAST_MONTH[1],
    )
    refused = api.post(body())
    assert refused.status_code == 409
    assert "already exists" in refused.json()["message"]
    BillingReport.objects.filter(partner=acme, status=ReportStatus.IN_PROGRESS).delete()
    assert api.post(body()).status_code == 200


def test_a_partner_without_a_subscription_gets_a_failed_report_with_errors(api):
    token = issue(demo.GLOBEX_ADMIN, demo.GLOBEX, sorted(scopes.ALL))
    created = api.as_token(token).post(body())
    assert created.status_code == 200
    report = api.as_token(token).get(f"/{created.json()['id']}").json()
    assert report["status"] == "FAILED"
    assert "tempDownloadURL" not in report  # no link yet: left out (the contract types it string)
    assert report["errors"] == [
        {"code": 2001, "description": "Globex Voice has no wholesale subscription."}
    ]


def test_a_parent_reports_on_one_sub_partner(api, client):
    northwind = ids.encode(ids.ORGANIZATION, demo.NORTHWIND)
    content = completed_csv(api, client, "CUSTOMER", subPartnerOrgId=northwind)
    rows = report_files.parse(content)
    assert rows and {row["PARTNER_NAME"] for row in rows} == {"Northwind Reseller"}
    assert {row["PARTNER_ORG_ID"] for row in rows} == {northwind}
    listed = api.get(subPartnerOrgId=northwind).json()["items"]
    assert len(listed) == 1
    # A sub-partner has no sub-partners of its own: the parent's id is refused.
    token = issue(demo.NORTHWIND_ADMIN, demo.NORTHWIND, sorted(scopes.ALL))
    response = api.as_token(token).post(
        body(subPartnerOrgId=ids.encode(ids.ORGANIZATION, demo.ACME))
    )
    assert response.status_code == 400


def test_the_link_expires_and_cannot_be_forged(api, client):
    report_id = ids.encode(ids.REPORT, demo_report_id())
    link = api.get(f"/{report_id}").json()["tempDownloadURL"]
    assert client.get(link).status_code == 200
    assert client.get(link[:-2] + "xx").status_code == 404
    with override_settings(BILLING_REPORT_LINK_MAX_AGE=-1):
        assert client.get(link).status_code == 410
    other = link.replace(str(demo.ACME), str(demo.GLOBEX))
    assert client.get(other).status_code == 404  # a link only works under its own partner


def test_read_scope_lists_and_gets_but_cannot_create_or_delete(api):
    token = issue(demo.ACME_READONLY, demo.ACME, sorted(scopes.READ))
    reader = api.as_token(token)
    assert reader.get().status_code == 200
    report_id = ids.encode(ids.REPORT, demo_report_id())
    assert reader.get(f"/{report_id}").status_code == 200
    refused = reader.post(body())
    assert refused.status_code == 403
    assert set(refused.json()) == {"message", "errors", "trackingId"}
    assert reader.delete(f"/{report_id}").status_code == 403


def test_the_list_filters_sorts_and_pages(api):
    api.post(body(type="USER"))
    api.post(body(type="CUSTOMER"))
    earlier = previous_month(LAST_MONTH[0])
    items = api.get().json()["items"]
    assert [item["billingStartDate"] for item in items] == sorted(
        item["billingStartDate"] for item in items
    )
    assert {item["type"] for item in items} == {"PARTNER", "USER", "CUSTOMER"}
    assert set(items[0]) == {
        "id",
        "billingStartDate",
        "billingEndDate",
        "type",
        "category",
        "status",
        "created",
        "createdBy",
    }
    users = api.get(type="USER").json()["items"]
    assert [item["type"] for item in users] == ["USER"]
    assert api.get(billingStartDate=str(earlier[0])).json()["items"][0]["id"] == ids.encode(
        ids.REPORT, demo_report_id()
    )
    assert api.get(status="FAILED").json()["items"] == []
    by_status = api.get(sortBy="status").json()["items"]
    assert len(by_status) == 3
    first_page = api.get(max=2)
    assert len(first_page.json()["items"]) == 2
    assert 'rel="next"' in first_page["Link"]
    assert "max=2&cursor=" in first_page["Link"]
    assert api.get(sortBy="name").status_code == 400
    assert api.get(type="TEAM").status_code == 400
    assert api.get(max=101).status_code == 200  # clamped to 100, as Webex does
    assert api.get(max=0).status_code == 400


def test_the_list_needs_the_same_number_of_queries_for_many_reports(
    api, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert api.get().status_code == 200
    acme = Partner.objects.get(pk=demo.ACME)
    user = User.objects.get(email=demo.ACME_ADMIN)
    BillingReport.objects.bulk_create(
        BillingReport(
            partner=acme,
            type="USER",
            billing_start_date=LAST_MONTH[0] - timedelta(days=n),
            billing_end_date=LAST_MONTH[1],
            status=ReportStatus.COMPLETED,
            created_by=user,
        )
        for n in range(30)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get().json()["items"]) == 31
