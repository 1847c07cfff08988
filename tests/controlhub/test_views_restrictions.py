"""Restricted-by-Partner mode, item by item (seed 001 "Restrictions", FEATURES CH-8).

For every restriction: Contoso's full admin may use it with the mode off, is refused with it on
(403 on the endpoint, nothing changes), and Acme's partner admin may use it with the mode on.
"""

import pytest
from django.urls import reverse

from controlhub.models import OrganizationSettings, Subscriber
from portal.access import permissions as p
from portal.access import roles as r
from portal.models import AuditEvent, Customer, User
from tests import demo

pytestmark = pytest.mark.django_db

CHLOE = "chloe.chen@contoso-dental.example"  # Webex Meetings, no number


def _user_url(name, email=demo.CONTOSO_ADMIN):
    subscriber = Subscriber.objects.get(email=email)
    return reverse(
        f"controlhub:{name}", kwargs={"org_id": demo.CONTOSO, "subscriber_id": subscriber.pk}
    )


def _url(name):
    return reverse(f"controlhub:{name}", kwargs={"org_id": demo.CONTOSO})


def _location(pstn):
    return {
        "name": f"Branch {pstn}",
        "address_line1": "1 Test Street",
        "city": "Springfield",
        "country": "US",
        "timezone": "America/Chicago",
        "language": "en_US",
        "pstn_option": pstn,
    }


# codename -> (url, POST data) of the endpoint that enforces it.
ENDPOINTS = {
    p.ORG_MANAGE_USERS: (
        lambda: _url("users_add"),
        {
            "users-TOTAL_FORMS": "1",
            "users-INITIAL_FORMS": "0",
            "users-0-first_name": "Forged",
            "users-0-email": "forged@contoso-dental.example",
            "users-0-package": "webex_meetings",
        },
    ),
    p.ORG_CHANGE_PACKAGE: (
        lambda: _user_url("user_package", CHLOE),
        {"package": "webex_calling", "extension": "4444"},
    ),
    p.ORG_EDIT_USER_SERVICES: (lambda: _user_url("user_services", CHLOE), {"meetings": "on"}),
    p.ORG_EDIT_PRIMARY_WORK_NUMBER: (lambda: _user_url("user_number"), {"extension": "1999"}),
    p.ORG_EDIT_COMPANY_NAME: (lambda: _url("account"), {"name": "Contoso Dental Group"}),
    p.ORG_MANAGE_DOMAINS: (lambda: _url("domain_add"), {"name": "contoso-dental-group.example"}),
    p.ORG_MANAGE_EMAIL_SETTINGS: (
        lambda: _url("settings_email"),
        {"suppress_admin_invite_emails": "on", "email_locale": "fr_FR"},
    ),
    p.ORG_MANAGE_AUTHENTICATION: (
        lambda: _url("settings_authentication"),
        {"sign_in_method": "sso", "idp_entity_id": "https://idp.contoso.example"},
    ),
    p.ORG_MANAGE_CALL_PRIORITY: (
        lambda: _url("call_priority"),
        {"call_priority": "mobile_network"},
    ),
    p.ORG_MANAGE_CALLING_BEHAVIOR: (
        lambda: _url("calling_behavior"),
        {"calling_behavior": "cisco_jabber"},
    ),
    p.ORG_USE_LOCAL_GATEWAY: (lambda: _url("location_add"), _location("local_gateway")),
    p.ORG_USE_CISCO_PSTN: (lambda: _url("location_add"), _location("cisco_pstn")),
}
# Shown or hidden in a page rather than posted to an endpoint: codename -> (url, marker).
SHOWN_IN_PAGES = {
    p.ORG_VIEW_SERVICES_STATUS: (lambda: _user_url("user"), 'data-testid="services-status"'),
    p.ORG_USE_MIGRATIONS: (lambda: _url("overview"), ">Migrations"),
    p.ORG_USE_CONNECTED_UC: (lambda: _url("overview"), "Connected UC<"),
}
# Features this portal has no screen for; the access layer still answers for them.
NO_SCREEN = {p.ORG_CLAIM_USERS, p.ORG_AUTO_ASSIGN_LICENSES, p.ORG_EDIT_DIRECTORY_SYNC}


def test_every_restriction_is_covered():
    covered = ENDPOINTS.keys() | SHOWN_IN_PAGES.keys() | NO_SCREEN
    assert covered == r.RESTRICTED_BY_PARTNER


def test_user_details_stay_editable_with_the_mode_on():
    """Seed 001: "First Name, Last Name, Display Name and Primary Email are editable"."""
    assert p.ORG_EDIT_USER_DETAILS not in r.RESTRICTED_BY_PARTNER


def _set_mode(on: bool) -> Customer:
    Customer.objects.filter(pk=demo.CONTOSO).update(restricted_by_partner=on)
    return Customer.objects.get(pk=demo.CONTOSO)


def _fresh(email):
    return User.objects.get(email=email)


# Seed 001: call priority is read-only for customer admins whatever the mode.
def _customer_allowed_with_mode_off(perm):
    return perm not in r.PARTNER_ONLY_CUSTOMER_PERMISSIONS


@pytest.mark.parametrize("perm", sorted(r.RESTRICTED_BY_PARTNER))
def test_access_layer(perm):
    contoso = _set_mode(False)
    assert _fresh(demo.CONTOSO_ADMIN).has_perm(perm, contoso) == _customer_allowed_with_mode_off(
        perm
    )
    contoso = _set_mode(True)
    assert not _fresh(demo.CONTOSO_ADMIN).has_perm(perm, contoso)
    assert _fresh(demo.ACME_ADMIN).has_perm(perm, contoso)
    assert _fresh(demo.ACME_SALES).has_perm(perm, contoso)  # assigned partner admin


def _state():
    return (
        AuditEvent.objects.filter(customer_id=demo.CONTOSO).count(),
        Subscriber.objects.filter(customer_id=demo.CONTOSO).count(),
        Customer.objects.get(pk=demo.CONTOSO).name,
        list(OrganizationSettings.objects.filter(customer_id=demo.CONTOSO).values()),
    )


@pytest.mark.parametrize("perm", sorted(ENDPOINTS))
def test_endpoint_refuses_customer_admins_with_the_mode_on(client, perm):
    url, data = ENDPOINTS[perm]
    _set_mode(True)
    client.force_login(_fresh(demo.CONTOSO_ADMIN))
    before = _state()
    response = client.post(url(), data)
    assert response.status_code == 403
    assert _state() == before


@pytest.mark.parametrize("perm", sorted(ENDPOINTS))
def test_endpoint_allows_customer_admins_with_the_mode_off(client, perm):
    url, data = ENDPOINTS[perm]
    _set_mode(False)
    client.force_login(_fresh(demo.CONTOSO_ADMIN))
    response = client.post(url(), data)
    if _customer_allowed_with_mode_off(perm):
        assert response.status_code == 302, response.content.decode()[:2000]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("perm", sorted(ENDPOINTS))
def test_endpoint_allows_partner_admins_with_the_mode_on(client, perm):
    url, data = ENDPOINTS[perm]
    _set_mode(True)
    client.force_login(_fresh(demo.ACME_ADMIN))
    before = AuditEvent.objects.filter(customer_id=demo.CONTOSO).count()
    response = client.post(url(), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    events = AuditEvent.objects.filter(customer_id=demo.CONTOSO)
    assert events.count() > before
    assert events.first().on_behalf_of_id == demo.ACME


@pytest.mark.parametrize("perm", sorted(SHOWN_IN_PAGES))
def test_page_shows_or_hides(client, perm):
    url, marker = SHOWN_IN_PAGES[perm]
    _set_mode(False)
    client.force_login(_fresh(demo.CONTOSO_ADMIN))
    assert marker in client.get(url()).content.decode()
    _set_mode(True)
    assert marker not in client.get(url()).content.decode()
    client.force_login(_fresh(demo.ACME_ADMIN))
    assert marker in client.get(url()).content.decode()


def test_greyed_controls_say_why(client):
    _set_mode(True)
    client.force_login(_fresh(demo.CONTOSO_ADMIN))
    page = client.get(_url("users")).content.decode()
    assert 'data-testid="manage-users"' in page
    assert 'aria-describedby="manage-users-reason"' in page
    assert "Restricted by Partner Mode" in page
    account = client.get(_url("account")).content.decode()
    assert 'aria-describedby="company-locked"' in account and "disabled" in account


def test_restricted_admins_do_not_see_hidden_pstn_options(client):
    _set_mode(True)
    client.force_login(_fresh(demo.CONTOSO_ADMIN))
    form = client.get(_url("location_add")).content.decode()
    assert "Cloud Connected PSTN" in form
    assert "Local Gateway</option>" not in form and "Cisco PSTN</option>" not in form
    client.force_login(_fresh(demo.ACME_ADMIN))
    form = client.get(_url("location_add")).content.decode()
    assert "Local Gateway</option>" in form and "Cisco PSTN</option>" in form
