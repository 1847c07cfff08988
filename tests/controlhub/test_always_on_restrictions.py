"""The restrictions customer admins face whatever the Restricted-by-Partner mode, item by item
(seed 001: "Customer administrators will face several restrictions, regardless of the
Restricted-by-Partner Mode"; FEATURES CH-14). The pattern is test_restrictions.py's.

For every item: Contoso's full admin is refused with the mode off and on (403 on the endpoint,
nothing changes; the control is greyed or hidden with the reason), and Acme's partner admin and
its assigned partner admin may use it.
"""

import pytest
from django.urls import reverse
from django.utils.html import escape

from controlhub.models import Location, OrganizationSettings, PhoneNumber
from controlhub.restrictions import PARTNER_ONLY
from portal.access import permissions as p
from portal.access import roles as r
from portal.models import Customer, User
from tests import demo

pytestmark = pytest.mark.django_db


def _url(name, **kwargs):
    return reverse(f"controlhub:{name}", kwargs={"org_id": demo.CONTOSO, **kwargs})


def _hq() -> Location:
    return Location.objects.get(pk=demo.CONTOSO_HQ)


def _location_post(location: Location, **changes) -> dict:
    data = {
        "name": location.name,
        "address_line1": location.address_line1,
        "city": location.city,
        "country": location.country,
        "timezone": location.timezone,
        "language": location.language,
    }
    return {**data, **changes}


def _new_location(**changes) -> dict:
    return {
        "name": "Branch Office",
        "address_line1": "1 Test Street",
        "city": "Springfield",
        "country": "US",
        "timezone": "America/Chicago",
        "language": "en_US",
        **changes,
    }


def _set_mode(on: bool) -> Customer:
    Customer.objects.filter(pk=demo.CONTOSO).update(restricted_by_partner=on)
    return Customer.objects.get(pk=demo.CONTOSO)


def _fresh(email) -> User:
    return User.objects.get(email=email)


def _state():
    hq = _hq()
    return (
        PhoneNumber.objects.filter(customer_id=demo.CONTOSO).count(),
        Location.objects.filter(customer_id=demo.CONTOSO).count(),
        (hq.pstn_option, hq.pstn_vendor, hq.call_recording_enabled),
        OrganizationSettings.objects.get(customer_id=demo.CONTOSO).call_priority,
    )


# codename -> (url, POST data) of an endpoint where a customer admin would use it.
ENDPOINTS = {
    p.ORG_MANAGE_CALL_PRIORITY: (
        lambda: _url("call_priority"),
        {"call_priority": "mobile_network"},
    ),
    p.ORG_MANAGE_NUMBERS: (
        lambda: _url("numbers_add"),
        {"location": str(demo.CONTOSO_HQ), "first": "+14155559900", "count": "3"},
    ),
    p.ORG_MANAGE_PSTN: (
        lambda: _url("location", location_id=demo.CONTOSO_HQ),
        lambda: _location_post(_hq(), pstn_option="cloud_connected_pstn", pstn_vendor="IntelePeer"),
    ),
    p.ORG_USE_LOCAL_GATEWAY: (
        lambda: _url("location_add"),
        lambda: _new_location(pstn_option="local_gateway"),
    ),
    p.ORG_USE_CISCO_PSTN: (
        lambda: _url("location_add"),
        lambda: _new_location(pstn_option="cisco_pstn"),
    ),
    p.ORG_MANAGE_CALL_RECORDING: (
        lambda: _url("location", location_id=demo.CONTOSO_HQ),
        lambda: _location_post(_hq(), pstn_option=_hq().pstn_option, call_recording_enabled="on"),
    ),
}


def _data(perm):
    data = ENDPOINTS[perm][1]
    return data() if callable(data) else data


def test_every_always_on_restriction_is_covered():
    assert set(ENDPOINTS) == r.ALWAYS_PARTNER_ONLY


@pytest.mark.parametrize("mode", [False, True])
@pytest.mark.parametrize("perm", sorted(r.ALWAYS_PARTNER_ONLY))
def test_access_layer(perm, mode):
    contoso = _set_mode(mode)
    assert not _fresh(demo.CONTOSO_ADMIN).has_perm(perm, contoso)
    assert _fresh(demo.ACME_ADMIN).has_perm(perm, contoso)
    assert _fresh(demo.ACME_SALES).has_perm(perm, contoso)  # assigned partner admin


@pytest.mark.parametrize("mode", [False, True])
@pytest.mark.parametrize("perm", sorted(ENDPOINTS))
def test_endpoint_refuses_customer_admins_whatever_the_mode(client, perm, mode):
    _set_mode(mode)
    client.force_login(_fresh(demo.CONTOSO_ADMIN))
    before = _state()
    response = client.post(ENDPOINTS[perm][0](), _data(perm))
    assert response.status_code == 403
    assert _state() == before


@pytest.mark.parametrize("perm", sorted(ENDPOINTS))
def test_endpoint_allows_partner_admins(client, perm):
    _set_mode(False)
    client.force_login(_fresh(demo.ACME_ADMIN))
    before = _state()
    response = client.post(ENDPOINTS[perm][0](), _data(perm))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _state() != before


def test_a_customer_admin_still_edits_a_locations_address_and_pstn_stays(client):
    Location.objects.filter(pk=demo.CONTOSO_HQ).update(
        pstn_option="cisco_pstn", call_recording_enabled=True
    )
    client.force_login(_fresh(demo.CONTOSO_ADMIN))
    # A greyed control is not sent by the browser: what is set stays set.
    response = client.post(
        _url("location", location_id=demo.CONTOSO_HQ), _location_post(_hq(), city="Shelbyville")
    )
    assert response.status_code == 302
    hq = _hq()
    assert (hq.city, hq.pstn_option, hq.call_recording_enabled) == (
        "Shelbyville",
        "cisco_pstn",
        True,
    )


def test_number_management_is_disabled_for_customer_admins(client):
    client.force_login(_fresh(demo.CONTOSO_ADMIN))
    assert client.get(_url("numbers_add")).status_code == 403
    page = client.get(_url("numbers")).content.decode()
    assert (
        'data-testid="add-numbers"' in page and "disabled" in page and escape(PARTNER_ONLY) in page
    )
    assert _url("numbers_add") not in page
    location = client.get(_url("location", location_id=demo.CONTOSO_HQ)).content.decode()
    assert _url("numbers_add") not in location
    client.force_login(_fresh(demo.ACME_ADMIN))
    assert client.get(_url("numbers_add")).status_code == 200
    assert _url("numbers_add") in client.get(_url("numbers")).content.decode()


def test_app_options_call_priority_is_read_only_for_customer_admins(client):
    client.force_login(_fresh(demo.CONTOSO_ADMIN))
    page = client.get(_url("calling")).content.decode()
    priority = page[page.index('id="priority-h"') : page.index('id="behavior-h"')]
    assert (
        "disabled" in priority
        and escape(PARTNER_ONLY) in priority
        and "Save</button>" not in priority
    )
    client.force_login(_fresh(demo.ACME_ADMIN))
    page = client.get(_url("calling")).content.decode()
    priority = page[page.index('id="priority-h"') : page.index('id="behavior-h"')]
    assert "Save</button>" in priority


def _field(page: str, name: str) -> str:
    start = page.index(f'name="{name}"')
    return page[page.rindex("<", 0, start) : page.index(">", start)]


def test_pstn_and_call_recording_are_greyed_for_the_location(client):
    Location.objects.filter(pk=demo.CONTOSO_HQ).update(pstn_option="cisco_pstn")
    client.force_login(_fresh(demo.CONTOSO_ADMIN))
    page = client.get(_url("location", location_id=demo.CONTOSO_HQ)).content.decode()
    for name in ("pstn_option", "pstn_vendor", "call_recording_enabled"):
        assert "disabled" in _field(page, name), name
    assert 'aria-describedby="pstn-locked"' in page and 'id="recording-locked"' in page
    assert "disabled" not in _field(page, "city")  # the rest of the location stays editable
    client.force_login(_fresh(demo.ACME_ADMIN))
    page = client.get(_url("location", location_id=demo.CONTOSO_HQ)).content.decode()
    for name in ("pstn_option", "pstn_vendor", "call_recording_enabled"):
        assert "disabled" not in _field(page, name), name


def test_setting_up_calling_after_location_creation_is_hidden_from_customer_admins(client):
    Location.objects.filter(pk=demo.CONTOSO_HQ).update(pstn_option="", pstn_vendor="")
    client.force_login(_fresh(demo.CONTOSO_ADMIN))
    page = client.get(_url("location", location_id=demo.CONTOSO_HQ)).content.decode()
    assert 'data-testid="calling-setup-hidden"' in page
    assert 'data-testid="pstn-connection"' not in page and 'name="pstn_option"' not in page
    client.force_login(_fresh(demo.ACME_ADMIN))
    page = client.get(_url("location", location_id=demo.CONTOSO_HQ)).content.decode()
    assert 'data-testid="pstn-connection"' in page and "Cisco PSTN</option>" in page


def test_the_templates_call_recording_is_the_first_locations(settings):
    from wholesale.services.customers import _location_parameters

    customer = Customer.objects.filter(template__call_recording_enabled=True).first()
    assert customer is not None, "the demo has a template with call recording on"
    assert _location_parameters(customer)["call_recording_enabled"] is True
