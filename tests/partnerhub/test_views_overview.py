"""Partner Hub Overview pages (PH-9) on the demo data: the activity upload."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from controlhub.models import SubscriberActivity
from controlhub.services.activity import HEADERS
from tests import demo
from tests.factories import CustomerFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def url(name):
    return reverse(f"partnerhub:{name}", kwargs={"partner_id": demo.ACME})


def upload(text: bytes):
    return {"file": SimpleUploadedFile("activity.csv", text, content_type="text/csv")}


def test_upload_keeps_good_rows_and_lists_the_bad(client_for):
    jane = SubscriberFactory(customer_id=demo.CONTOSO, email="jane.activity@contoso.example")
    SubscriberFactory(customer=CustomerFactory(), email="elsewhere@other.example")
    body = (
        ",".join(HEADERS) + "\n2026-12-01,jane.activity@contoso.example,1,2,3,4,50\n"
        "2026-12-01,elsewhere@other.example,1,1,1,1,1\n"
    ).encode()
    client = client_for(demo.ACME_ADMIN)
    response = client.post(url("activity_import"), upload(body))
    assert response.status_code == 200
    assert b"Imported 1 row; refused 1." in response.content
    assert b"not a current user of your customers" in response.content
    assert SubscriberActivity.objects.get(subscriber=jane).minutes == 50


def test_a_file_without_the_columns_or_not_utf8_is_refused_next_to_the_field(client_for):
    client = client_for(demo.ACME_ADMIN)
    response = client.post(url("activity_import"), upload(b"date,email\n"))
    assert response.status_code == 400 and b"missing: callsPlaced" in response.content
    response = client.post(url("activity_import"), upload("dàte".encode("latin-1")))
    assert response.status_code == 400 and b"UTF-8" in response.content


def test_the_page_documents_the_format(client_for):
    response = client_for(demo.ACME_READONLY).get(url("activity_import"))
    assert response.status_code == 200 and b"callsPlaced" in response.content


def test_the_api_imports_and_reports_per_row_errors(client):
    from portal.api import scopes
    from portal.audit import Actor
    from portal.models import Partner, User
    from portal.services import api_token_issue

    jane = SubscriberFactory(customer_id=demo.CONTOSO, email="jane.api@contoso.example")
    token = api_token_issue(
        user=User.objects.get(email=demo.ACME_ADMIN),
        partner=Partner.objects.get(pk=demo.ACME),
        scopes=sorted(scopes.ALL),
        actor=Actor.system(),
    )[1]
    text = (
        ",".join(HEADERS)
        + "\n2026-12-01,jane.api@contoso.example,1,2,3,4,50\n2999-01-01,x@y,0,0,0,0,0\n"
    )
    response = client.post(
        "/v1/partner/activity/import",
        {"csv": text},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200, response.content
    assert response.json() == {
        "imported": 1,
        "refused": 1,
        "errors": [{"line": 3, "message": "date 2999-01-01 is in the future"}],
    }
    assert SubscriberActivity.objects.get(subscriber=jane).calls == 3
    bad = client.post(
        "/v1/partner/activity/import",
        {"csv": "nonsense"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert bad.status_code == 400 and set(bad.json()) == {"message", "errors", "trackingId"}


def test_the_demo_overview_has_every_kpi_and_section_non_zero(
    client_for, django_assert_max_num_queries
):
    client = client_for(demo.ACME_ADMIN)
    with django_assert_max_num_queries(25):
        response = client.get(url("overview"))
    cards = {key: value for key, _, value, _ in response.context["kpi_cards"]}
    print(cards)
    assert all(cards.values()), cards
    sections = response.context["sections"]
    print({k: (s.total, s.kpis) for k, s in sections.items()})
    assert sections["over"].total and sections["low"].total
    assert response.context["calling_table"]
    meetings = client.get(url("overview"), {"product": "meetings"})
    assert meetings.context["product"] == "meetings" and b"section-calling" not in meetings.content
    charts = client.get(url("overview_charts"), {"product": "calling"}).json()
    print(charts)
    assert len(charts["trend"]["labels"]) == 12 and max(charts["trend"]["used"]) > 0
    assert max(charts["trend"]["assigned"]) > 0
    assert sum(map(sum, charts["calling"]["series"].values())) > 0
