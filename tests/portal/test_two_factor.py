"""Two-step verification (AC-3): an authenticator app with recovery codes, asked for after the
password; required by a partner of its admins or its customers' admins, or platform-wide."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import AuditEvent, Partner
from tests import demo

pytestmark = pytest.mark.django_db


def code(device: TOTPDevice, ahead: int = 0) -> str:
    """The app's code now (or `ahead` steps later: a code is accepted once per step)."""
    device.refresh_from_db()
    return (
        f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead):06d}"
    )


def signed_in(email: str) -> Client:
    client = Client()
    assert client.login(username=email, password=demo.PASSWORD)
    return client


def enrol(client: Client, email: str) -> tuple[TOTPDevice, list[str]]:
    page = client.get(reverse("two_factor"))
    html = page.content.decode()
    assert "<svg" in html and page.context["secret"]
    device = TOTPDevice.objects.get(user__email=email, confirmed=False)
    wrong = client.post(reverse("two_factor"), {"action": "confirm", "token": "000000"})
    assert wrong.status_code == 400 and "not right" in wrong.content.decode()
    # django-otp throttles: right after a wrong code even the right one is refused.
    early = client.post(reverse("two_factor"), {"action": "confirm", "token": code(device)})
    assert early.status_code == 400
    time.sleep(1.1)
    done = client.post(reverse("two_factor"), {"action": "confirm", "token": code(device)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    return device, codes


def lands_on(client: Client, url: str) -> str:
    response = client.get(url)
    return response["Location"] if response.status_code == 302 else str(response.status_code)


def test_enrol_then_every_new_sign_in_asks_for_a_code():
    first = signed_in(demo.ACME_ADMIN)
    device, codes = enrol(first, demo.ACME_ADMIN)
    assert lands_on(first, reverse("home")) == f"/partner/{demo.ACME}/"  # this session verified

    second = signed_in(demo.ACME_ADMIN)
    partner_hub = f"/partner/{demo.ACME}/"
    assert (
        lands_on(second, partner_hub)
        == f"{reverse('two_factor_verify')}?next=%2Fpartner%2F{demo.ACME}%2F"
    )
    refused = second.post(reverse("two_factor_verify"), {"token": "123456", "next": partner_hub})
    assert refused.status_code == 400
    time.sleep(1.1)  # the throttle's delay after one wrong code
    ok = second.post(reverse("two_factor_verify"), {"token": code(device, 1), "next": partner_hub})
    assert ok.status_code == 302 and ok["Location"] == partner_hub
    assert second.get(partner_hub).status_code == 200

    # A recovery code works once.
    third = signed_in(demo.ACME_ADMIN)
    assert third.post(reverse("two_factor_verify"), {"token": codes[0]}).status_code == 302
    fourth = signed_in(demo.ACME_ADMIN)
    assert fourth.post(reverse("two_factor_verify"), {"token": codes[0]}).status_code == 400
    assert StaticToken.objects.filter(device__user=device.user).count() == 9


def test_the_api_is_not_asked_for_a_code():
    from tests.api.helpers import auth, token

    client = signed_in(demo.ACME_ADMIN)
    enrol(client, demo.ACME_ADMIN)
    assert Client().get("/v1/wholesale/customers", **auth(token())).status_code == 200


def test_a_partner_requires_it_of_its_admins_and_of_its_customers_admins():
    acme_admin = signed_in(demo.ACME_ADMIN)
    admins = reverse("partnerhub:admins", kwargs={"partner_id": demo.ACME})
    acme_admin.post(admins, {"action": "two_factor", "require_two_factor": "on"})
    acme = Partner.objects.get(pk=demo.ACME)
    assert acme.require_two_factor and not acme.require_two_factor_for_customers
    assert AuditEvent.objects.filter(action="partner.two_factor_policy", partner=acme).exists()

    readonly = signed_in(demo.ACME_READONLY)
    assert lands_on(readonly, admins).startswith(f"{reverse('two_factor')}?next=")
    page = readonly.get(reverse("two_factor"))
    assert "Acme Telecom requires two-step verification" in page.content.decode()
    # Customer admins are not asked yet; Globex's are never asked.
    assert signed_in(demo.CONTOSO_ADMIN).get(f"/org/{demo.CONTOSO}/").status_code == 200
    assert signed_in(demo.GLOBEX_ADMIN).get(reverse("home")).status_code == 302

    # The person who saved the policy is asked too, from their next page on.
    enrolment = lands_on(acme_admin, admins)
    assert enrolment.startswith(reverse("two_factor"))
    enrol(acme_admin, demo.ACME_ADMIN)
    acme_admin.post(
        admins,
        {
            "action": "two_factor",
            "require_two_factor": "on",
            "require_two_factor_for_customers": "on",
        },
    )
    contoso = signed_in(demo.CONTOSO_ADMIN)
    assert lands_on(contoso, f"/org/{demo.CONTOSO}/").startswith(reverse("two_factor"))
    # Required: it cannot be switched off.
    device, _ = enrol(contoso, demo.CONTOSO_ADMIN)
    refused = contoso.post(reverse("two_factor"), {"action": "disable"})
    assert refused.status_code == 409
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_the_operator_requires_it_platform_wide(settings):
    settings.TWO_FACTOR_REQUIRED = True
    client = signed_in(demo.COMPLIANCE)
    assert lands_on(client, "/compliance/reviews/").startswith(reverse("two_factor"))
    assert "The platform requires" in client.get(reverse("two_factor")).content.decode()


def test_switching_off_when_nobody_requires_it():
    client = signed_in(demo.GLOBEX_ADMIN)
    enrol(client, demo.GLOBEX_ADMIN)
    client.post(reverse("two_factor"), {"action": "disable"})
    assert not TOTPDevice.objects.filter(user__email=demo.GLOBEX_ADMIN).exists()
    assert signed_in(demo.GLOBEX_ADMIN).get(reverse("home")).status_code == 302
    assert not lands_on(signed_in(demo.GLOBEX_ADMIN), reverse("home")).startswith("/login/")


def test_the_verify_page_does_not_redirect_elsewhere(client):
    other = signed_in(demo.GLOBEX_ADMIN)
    device, _ = enrol(other, demo.GLOBEX_ADMIN)
    fresh = signed_in(demo.GLOBEX_ADMIN)
    response = fresh.post(
        reverse("two_factor_verify"), {"token": code(device, 1), "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
