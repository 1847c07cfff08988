"""Selling only what was bought (OP-1): a partner provisions only the packages that are SKUs of
its wholesale subscription (a sub-partner: of the parent's, which it shares).

The customer precheck (UI wizard, `POST /v1/wholesale/customers`, updates) and the subscriber
provisioning of the wholesale API refuse any other package with error code 4006; the Create
customer wizard offers only these packages. Subscribers in Control Hub can hold only the
customer's own packages (`controlhub.services.subscribers`), so they follow.

A partner the operator has not given a subscription yet (the demo's Globex, older data) is not
restricted: it has no price list to compare with.
"""

from billing import selectors as billing
from portal.catalogues.packages import Package
from portal.errors import ApplicationError, Problem
from portal.models import Partner

NOT_BOUGHT_CODE = 4006


def bought_packages(partner: Partner) -> set[str] | None:
    """The packages the partner may sell, or None when it has no subscription at all."""
    subscription = billing.subscription_for(partner)
    if subscription is None:
        return None
    # Packages only: Setup Assist's one-time SKUs are not provisioned (PH-11).
    return set(billing.skus_by_package(subscription)) & {p.value for p in Package}


def not_bought_problems(partner: Partner, names, *, bought: set[str] | None = None) -> list:
    bought = bought_packages(partner) if bought is None else bought
    if bought is None:
        return []
    problems = []
    for name in names or []:
        if str(name) in bought:
            continue
        try:
            label = Package(str(name)).label
        except ValueError:
            continue  # not a package at all: the package check says so
        problems.append(
            Problem(
                NOT_BOUGHT_CODE,
                f"{label} is not on {partner.name}'s wholesale subscription: only its SKUs "
                "can be provisioned.",
                403,
            )
        )
    return problems


def raise_if_not_bought(partner: Partner, package: str) -> None:
    problems = not_bought_problems(partner, [package])
    if problems:
        raise ApplicationError.from_problems(problems)
