"""Meeting sites (CH-13): URL from the org name (unique), locale with the English fallback
(PV-4), global call-in number by country (PV-3), Webex Assistant on by default for Meetings
and Suite (seed 001 "Wholesale Webex Assistant"), switchable by partner and customer admins."""

import pytest
from django.urls import reverse

from controlhub.models import MeetingSite
from controlhub.services import meeting_sites as ms
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import AuditEvent
from tests import demo
from tests.factories import CustomerFactory, CustomerPackageFactory

pytestmark = pytest.mark.django_db
ACTOR = Actor.system()


def customer(name="Zürich Bäckerei & Co", country="CH", language="de_DE", *names):
    c = CustomerFactory(name=name, country=country, language=language)
    for package in names or ("webex_meetings",):
        CustomerPackageFactory(customer=c, package=package)
    return c


def test_the_site_url_comes_from_the_org_name_and_stays_unique():
    first = ms.meeting_site_ensure(customer=customer(), actor=ACTOR)
    second = ms.meeting_site_ensure(customer=customer(), actor=ACTOR)
    assert first.url == "zurich-backerei-co.webex.com"
    assert second.url == "zurich-backerei-co-2.webex.com"
    assert AuditEvent.objects.filter(action="meeting_site.create").count() >= 2


@pytest.mark.parametrize(
    ("language", "locale"),
    [
        ("es_CO", "en_US"),
        ("id_ID", "en_US"),
        ("nb_NO", "en_US"),
        ("pt_PT", "en_US"),
        ("fr_FR", "fr_FR"),
    ],
)
def test_the_site_locale_falls_back_to_english_where_sites_lack_it(language, locale):
    site = ms.meeting_site_ensure(customer=customer("Org", "US", language), actor=ACTOR)
    assert site.locale == locale


@pytest.mark.parametrize(
    ("country", "code", "number_country"),
    [("US", "+1", "US"), ("CA", "+1", "CA"), ("NZ", "+61", "AU"), ("FR", "+49", "DE")],
)
def test_the_global_call_in_number_follows_the_country(country, code, number_country):
    site = ms.meeting_site_ensure(customer=customer("Org", country, "en_US"), actor=ACTOR)
    assert (site.call_in_country_code, site.call_in_country) == (code, number_country)


def test_webex_assistant_is_on_for_meetings_and_suite_only():
    suite = ms.meeting_site_ensure(
        customer=customer("Suite Co", "US", "en_US", "webex_suite"), actor=ACTOR
    )
    assert suite.webex_assistant_available and suite.webex_assistant_enabled
    calling = ms.meeting_site_ensure(
        customer=customer("Calling Co", "US", "en_US", "webex_calling"), actor=ACTOR
    )
    assert calling is not None and not calling.webex_assistant_available
    with pytest.raises(ApplicationError):
        ms.webex_assistant_set(customer=calling.customer, actor=ACTOR, enabled=True)
    none = customer("Voice Co", "US", "en_US", "webex_voice")
    assert ms.meeting_site_ensure(customer=none, actor=ACTOR) is None


def test_ensure_twice_keeps_the_site_and_its_switch():
    c = customer("Twice Co", "US", "en_US")
    site = ms.meeting_site_ensure(customer=c, actor=ACTOR)
    ms.webex_assistant_set(customer=c, actor=ACTOR, enabled=False)
    again = ms.meeting_site_ensure(customer=c, actor=ACTOR)
    assert again.pk == site.pk and not again.webex_assistant_enabled


def test_the_demo_orgs_have_sites_shown_in_both_hubs(client_for):
    site = MeetingSite.objects.get(customer_id=demo.CONTOSO)
    assert site.url == "contoso-dental.webex.com" and site.webex_assistant_enabled
    client = client_for(demo.CONTOSO_ADMIN)
    services = client.get(reverse("controlhub:services", kwargs={"org_id": demo.CONTOSO}))
    assert "contoso-dental.webex.com" in services.content.decode()
    partner = client_for(demo.ACME_ADMIN)
    detail = partner.get(
        reverse(
            "partnerhub:customer_detail",
            kwargs={"partner_id": demo.ACME, "org_id": demo.CONTOSO},
        )
    )
    assert "contoso-dental.webex.com" in detail.content.decode()


@pytest.mark.parametrize("email", [demo.CONTOSO_ADMIN, demo.ACME_ADMIN])
def test_partner_and_customer_admins_switch_webex_assistant(client_for, email):
    client = client_for(email)
    target = reverse("controlhub:webex_assistant", kwargs={"org_id": demo.CONTOSO})
    assert client.post(target, {}).status_code == 302
    assert not MeetingSite.objects.get(customer_id=demo.CONTOSO).webex_assistant_enabled
    assert client.post(target, {"enabled": "on"}).status_code == 302
    assert MeetingSite.objects.get(customer_id=demo.CONTOSO).webex_assistant_enabled


def test_a_read_only_admin_cannot_switch_it(client_for):
    client = client_for(demo.CONTOSO_READONLY)
    target = reverse("controlhub:webex_assistant", kwargs={"org_id": demo.CONTOSO})
    assert client.post(target, {}).status_code == 403
    assert MeetingSite.objects.get(customer_id=demo.CONTOSO).webex_assistant_enabled


def test_provisioning_a_customer_with_a_meetings_package_creates_its_site():
    from portal.models import Partner
    from wholesale import tasks
    from wholesale.services import customers as provisioning

    customer = provisioning.customer_provision(
        partner=Partner.objects.get(pk=demo.ACME),
        actor=ACTOR,
        provisioning_id="acme-smb-calling",
        packages=["webex_calling", "webex_meetings"],
        external_id="BO-SITE-1",
        address={
            "address_line1": "12 Orchard Lane",
            "address_line2": "",
            "city": "Portland",
            "state_or_province": "OR",
            "zip_or_postal_code": "97201",
            "country": "US",
        },
        name="Orchard Clinic",
        primary_email="owner@orchard-clinic.example",
        language="nb_NO",
    )
    tasks.provision_customer(str(customer.pk))
    site = MeetingSite.objects.get(customer=customer)
    assert (site.url, site.locale, site.call_in_country_code) == (
        "orchard-clinic.webex.com",
        "en_US",
        "+1",
    )
    assert site.webex_assistant_enabled
