"""One catalogue of display names (issue 16): packages, locales, statuses, roles and field
names in words, and the audit log as "field: before → after" with names instead of ids."""

import re

import pytest

from portal.audit import Actor, audit_record
from portal.catalogues import names
from portal.models import Customer, Partner, User
from tests import demo


def test_codes_become_names():
    assert names.package_name("webex_calling") == "Webex Calling"
    assert names.locale_name("en_US") == "English (United States)"
    assert names.locale_name("fr-ca") == "French (Canada)"
    assert names.status_name("pending_rpl_review") == "In compliance review"
    assert names.role_name("customer_full_admin") == "Full administrator"
    assert names.field_name("billingEndDate") == "Billing end date"
    assert names.field_name("restricted_by_partner") == "Restricted by Partner mode"
    assert names.field_name("external_id") == "External ID"
    assert names.action_name("customer.restricted_mode_on") == (
        "Restricted by Partner mode turned on"
    )
    assert names.action_name("thing.change") == "Thing change"
    assert all(code != label for code, label in names.LOCALE_CHOICES)


def test_changes_are_field_before_after_with_values_in_words():
    rows = names.audit_changes(
        {"restricted_by_partner": False, "language": "en_US", "name": "Same"},
        {
            "restricted_by_partner": True,
            "language": "it_IT",
            "name": "Same",
            "package": "webex_meetings",
        },
    )
    assert rows == [
        ("Restricted by Partner mode", "Off", "On"),
        ("Language", "English (United States)", "Italian"),
        ("Package", "—", "Webex Meetings"),
    ]
    assert names.audit_changes({"status": "provisioning"}, None) == [
        ("Status", "Provisioning", None)
    ]


@pytest.mark.django_db
def test_audit_log_names_ids_and_actions_and_shows_no_raw_dicts(client_for):
    contoso = Customer.objects.get(pk=demo.CONTOSO)
    acme = Partner.objects.get(pk=demo.ACME)
    northwind = Partner.objects.get(pk=demo.NORTHWIND)
    audit_record(
        actor=Actor(user=User.objects.get(email=demo.ACME_ADMIN)),
        action="customer.restricted_mode_on",
        organization=contoso,
        before={"restricted_by_partner": False, "owner": str(acme.pk)},
        after={"restricted_by_partner": True, "owner": str(northwind.pk), "reason": "Audit"},
    )
    html = client_for(demo.CONTOSO_ADMIN).get(f"/org/{demo.CONTOSO}/audit/").content.decode()
    assert "Restricted by Partner mode turned on" in html
    row = html[html.index('data-testid="audit-action">Restricted by Partner mode turned on') :]
    row = row[: row.index("</tr>")]
    text = re.sub(r"<[^>]+>", " ", row).replace("→", "")
    text = re.sub(r"\s+", " ", text)
    assert "Restricted by Partner mode: Off changed to On" in text
    assert "Managed by: Acme Telecom changed to Northwind Reseller" in text
    assert "Reason: — changed to Audit" in text
    assert str(acme.pk) not in row and "{" not in row
