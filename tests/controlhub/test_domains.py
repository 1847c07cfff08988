"""Domain verification is a real DNS lookup (FEATURES CH-5, PV-8), asked of a real DNS server
the test starts on loopback (dnslib). Before issue 15 any domain was marked verified with no
lookup at all (microsoft.com passed), and a verified domain decides whether a partner's attach
waits for the org admin's approval."""

import socket

import pytest
from django.urls import reverse

from controlhub.models import Domain, DomainStatus
from controlhub.services import domains
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import Customer
from tests import demo

pytestmark = pytest.mark.django_db
ACTOR = Actor.system()


@pytest.fixture
def fabrikam():
    return Customer.objects.get(pk=demo.FABRIKAM)


def test_a_domain_without_the_txt_record_is_not_verified(dns_zone, fabrikam):
    domain = domains.domain_add(customer=fabrikam, actor=ACTOR, name="microsoft.com")
    dns_zone.add_txt("microsoft.com", "v=spf1 include:spf.protection.outlook.com -all")
    with pytest.raises(ApplicationError, match="does not publish the TXT record") as caught:
        domains.domain_verify(domain=domain, actor=ACTOR)
    assert caught.value.status == 409
    domain.refresh_from_db()
    assert domain.status == DomainStatus.UNVERIFIED


def test_a_domain_that_does_not_exist_is_not_verified(dns_zone, fabrikam):
    domain = domains.domain_add(customer=fabrikam, actor=ACTOR, name="nowhere.example")
    with pytest.raises(ApplicationError, match="does not publish"):
        domains.domain_verify(domain=domain, actor=ACTOR)


def test_the_txt_record_verifies_and_then_the_domain_can_be_claimed(dns_zone, fabrikam):
    domain = domains.domain_add(customer=fabrikam, actor=ACTOR, name="fabrikam-law-group.example")
    with pytest.raises(ApplicationError, match="Verify the domain before claiming it"):
        domains.domain_claim(domain=domain, actor=ACTOR)
    dns_zone.add_txt("fabrikam-law-group.example", "google-site-verification=abc")
    dns_zone.add_txt("fabrikam-law-group.example", domains.txt_record(domain))
    domain = domains.domain_verify(domain=domain, actor=ACTOR)
    assert domain.status == DomainStatus.VERIFIED
    assert domains.domain_claim(domain=domain, actor=ACTOR).status == DomainStatus.CLAIMED


def test_another_orgs_token_does_not_verify(dns_zone, fabrikam):
    domain = domains.domain_add(customer=fabrikam, actor=ACTOR, name="shared.example")
    other = Customer.objects.get(pk=demo.CONTOSO)
    theirs = domains.domain_add(customer=other, actor=ACTOR, name="shared.example")
    dns_zone.add_txt("shared.example", domains.txt_record(theirs))
    with pytest.raises(ApplicationError):
        domains.domain_verify(domain=domain, actor=ACTOR)
    assert domains.domain_verify(domain=theirs, actor=ACTOR).status == DomainStatus.VERIFIED


def test_a_failing_dns_is_a_clear_503(dns_zone, fabrikam):
    domain = domains.domain_add(customer=fabrikam, actor=ACTOR, name="broken.servfail")
    with pytest.raises(ApplicationError, match="could not be looked up") as caught:
        domains.domain_verify(domain=domain, actor=ACTOR)
    assert caught.value.status == 503


def test_a_dns_that_does_not_answer_is_a_clear_503(dns_zone, settings, fabrikam):
    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind(("127.0.0.1", 0))  # receives the question, never answers
    try:
        settings.DNS_RESOLVER_PORT = silent.getsockname()[1]
        settings.DNS_RESOLVER_TIMEOUT = 0.3
        domain = domains.domain_add(customer=fabrikam, actor=ACTOR, name="slow.example")
        with pytest.raises(ApplicationError, match="did not answer in time") as caught:
            domains.domain_verify(domain=domain, actor=ACTOR)
        assert caught.value.status == 503
    finally:
        silent.close()
    domain.refresh_from_db()
    assert domain.status == DomainStatus.UNVERIFIED


def test_the_page_shows_the_refusal_next_to_the_domain_not_a_500(dns_zone, client_for):
    client = client_for(demo.FABRIKAM_ADMIN)
    url = reverse("controlhub:domain_add", kwargs={"org_id": demo.FABRIKAM})
    client.post(url, {"name": "microsoft.com"})
    domain = Domain.objects.get(customer_id=demo.FABRIKAM, name="microsoft.com")
    action = reverse("controlhub:domain_action", kwargs={"org_id": demo.FABRIKAM})
    response = client.post(action, {"domain": domain.pk, "action": "verify"}, follow=True)
    assert response.status_code == 200
    assert "does not publish the TXT record" in response.content.decode()
    domain.refresh_from_db()
    assert domain.status == DomainStatus.UNVERIFIED
