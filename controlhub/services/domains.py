"""Organization domains (FEATURES CH-5): add, verify with a DNS TXT record, claim, remove."""

import secrets

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


@transaction.atomic
def domain_verify(*, domain: Domain, actor: Actor) -> Domain:
    """Mark the domain verified. A deployment wired to DNS checks `txt_record(domain)` here."""
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
