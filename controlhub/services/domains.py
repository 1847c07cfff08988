"""Organization domains (FEATURES CH-5): add, verify with a DNS TXT record, claim, remove.

Verification is a real lookup: the domain's TXT records are asked of the DNS (dnspython; the
servers are settings.DNS_RESOLVER_NAMESERVERS, else the system's) and one of them must be
`txt_record(domain)`. Only a verified domain can be claimed, and a verified or claimed domain
is what makes a partner's attach wait for the org admin's approval (PV-8), so nothing else may
mark a domain verified.
"""

import secrets

import dns.exception
import dns.resolver
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import transaction

from controlhub.models import Domain, DomainStatus
from portal.audit import Actor, audit_record
from portal.errors import ApplicationError
from portal.models import Customer

_domain_name = RegexValidator(
    r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
    "Enter a domain name such as example.com.",
)


def txt_record(domain: Domain) -> str:
    return f"webex-domain-verification={domain.verification_token}"


def _audit(domain: Domain, actor: Actor, action: str, before=None) -> None:
    audit_record(
        actor=actor,
        action=f"domain.{action}",
        organization=domain.customer,
        target=domain,
        before=before,
        after={"name": domain.name, "status": domain.status} if action != "remove" else None,
    )


@transaction.atomic
def domain_add(*, customer: Customer, actor: Actor, name: str) -> Domain:
    name = name.strip().lower().rstrip(".")
    _domain_name(name)
    if Domain.objects.for_org(customer).filter(name=name).exists():
        raise ApplicationError(f"{name} is already in the list.")
    domain = Domain.objects.create(
        customer=customer, name=name, verification_token=secrets.token_hex(16)
    )
    _audit(domain, actor, "add")
    return domain


def _resolver() -> dns.resolver.Resolver:
    nameservers = list(settings.DNS_RESOLVER_NAMESERVERS)
    resolver = dns.resolver.Resolver(configure=not nameservers)
    if nameservers:
        resolver.nameservers = nameservers
        resolver.port = settings.DNS_RESOLVER_PORT
    resolver.lifetime = resolver.timeout = settings.DNS_RESOLVER_TIMEOUT
    return resolver


def txt_records(name: str) -> set[str]:
    """The TXT records published at `name` (each record's strings joined); none is an empty
    set. A DNS that does not answer is an ApplicationError (503) saying so."""
    try:
        answer = _resolver().resolve(name, "TXT", search=False)
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        return set()
    except dns.exception.Timeout:
        raise ApplicationError(
            f"The DNS did not answer in time when asked for the TXT records of {name}. "
            "Try again in a few minutes.",
            status=503,
        ) from None
    except dns.exception.DNSException as exc:
        raise ApplicationError(
            f"The TXT records of {name} could not be looked up ({exc.__class__.__name__}). "
            "Try again in a few minutes.",
            status=503,
        ) from None
    return {b"".join(rdata.strings).decode("utf-8", "replace") for rdata in answer}


def domain_verify(*, domain: Domain, actor: Actor) -> Domain:
    """Mark the domain verified once its DNS publishes `txt_record(domain)`.

    The lookup runs before the transaction, so no row stays locked while the DNS answers."""
    if domain.status != DomainStatus.UNVERIFIED:
        return domain
    if txt_record(domain) not in txt_records(domain.name):
        raise ApplicationError(
            f"{domain.name} does not publish the TXT record {txt_record(domain)} yet. Add it to "
            "the domain's DNS and verify again (a new record can take a while to be seen).",
            status=409,
        )
    with transaction.atomic():
        domain = Domain.objects.select_for_update().get(pk=domain.pk)
        if domain.status != DomainStatus.UNVERIFIED:
            return domain
        domain.status = DomainStatus.VERIFIED
        domain.save(update_fields=["status"])
        _audit(domain, actor, "verify", before={"status": DomainStatus.UNVERIFIED})
    return domain


@transaction.atomic
def domain_claim(*, domain: Domain, actor: Actor) -> Domain:
    """Claim a verified domain: new accounts with it join this organization."""
    domain = Domain.objects.select_for_update().get(pk=domain.pk)
    if domain.status == DomainStatus.CLAIMED:
        return domain
    if domain.status != DomainStatus.VERIFIED:
        raise ApplicationError("Verify the domain before claiming it.", status=409)
    if Domain.objects.filter(name=domain.name, status=DomainStatus.CLAIMED).exists():
        raise ApplicationError(f"{domain.name} is claimed by another organization.", status=409)
    domain.status = DomainStatus.CLAIMED
    domain.save(update_fields=["status"])
    _audit(domain, actor, "claim", before={"status": DomainStatus.VERIFIED})
    return domain


@transaction.atomic
def domain_remove(*, domain: Domain, actor: Actor) -> None:
    _audit(domain, actor, "remove", before={"name": domain.name, "status": domain.status})
    domain.delete()
