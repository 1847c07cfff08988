"""Meeting sites (FEATURES CH-13; PV-3, PV-4; seed 001 "Wholesale Webex Assistant").

Every customer with a meetings package gets one site: its name from the organization's name
(lower case letters, digits and hyphens; a number added when another org has it), its locale
from the org's language with the English fallback meeting sites need (es_CO, id_ID, nb_NO,
pt_PT → en_US), and the default global call-in number of the org's country. Webex Assistant is
available for the Webex Meetings and Webex Suite packages and on by default there; partner and
customer administrators switch it. Provisioning calls `meeting_site_ensure`.
"""

import re
import unicodedata

from django.db import IntegrityError, transaction

from controlhub.models import MeetingSite
from portal.audit import Actor, audit_record
from portal.catalogues import locales, packages, regions
from portal.errors import ApplicationError
from portal.models import Customer, CustomerPackage, PackageStatus

#: Seed 001: Webex Assistant for Meetings is free for these packages' sites, on by default.
ASSISTANT_PACKAGES = frozenset({packages.Package.WEBEX_MEETINGS, packages.Package.WEBEX_SUITE})


def site_name_base(org_name: str) -> str:
    """ "Contoso Dental" → "contoso-dental"; accents dropped, at most 50 characters."""
    text = unicodedata.normalize("NFKD", org_name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:50].strip("-")
    return text or "site"


def _free_name(base: str) -> str:
    taken = set(MeetingSite.objects.filter(name__startswith=base).values_list("name", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _packages(customer: Customer) -> set[str]:
    return set(
        CustomerPackage.objects.for_org(customer)
        .exclude(status=PackageStatus.DELETING)
        .values_list("package", flat=True)
    )


def meeting_site_ensure(
    *, customer: Customer, actor: Actor, audit: bool = True
) -> MeetingSite | None:
    """The customer's site, created when it has a meetings package and none yet; the locale and
    call-in defaults are set then (PV-3, PV-4). A later run keeps the site and its switch, and
    only updates whether Webex Assistant is available. None without a meetings package. The
    demo data set creates its sites with `audit=False` (no event dated the day it is loaded)."""
    names = _packages(customer)
    if not any(packages.Package(n) in packages.MEETINGS_PACKAGES for n in names):
        return None
    available = any(packages.Package(n) in ASSISTANT_PACKAGES for n in names)
    site = MeetingSite.objects.filter(customer=customer).first()
    if site is not None:
        if site.webex_assistant_available != available:
            site.webex_assistant_available = available
            site.webex_assistant_enabled = site.webex_assistant_enabled and available
            site.save(update_fields=["webex_assistant_available", "webex_assistant_enabled"])
        return site
    country = (customer.country or "US").upper()
    dial_in = regions.default_dial_in(country if regions.is_known(country) else "US")
    base = site_name_base(customer.name)
    for _ in range(5):  # another org may take the same name at the same moment
        try:
            with transaction.atomic():
                site = MeetingSite.objects.create(
                    customer=customer,
                    name=_free_name(base),
                    locale=locales.meeting_site_locale(customer.language or locales.FALLBACK),
                    call_in_country=dial_in.country,
                    call_in_country_code=dial_in.country_code,
                    call_in_region=str(dial_in.region),
                    webex_assistant_available=available,
                    webex_assistant_enabled=available,
                )
            break
        except IntegrityError:
            continue
    else:
        raise ApplicationError("No free meeting site name; try again.", status=409)
    if not audit:
        return site
    audit_record(
        actor=actor,
        action="meeting_site.create",
        organization=customer,
        target=site,
        after={"name": site.name, "locale": site.locale, "call_in": site.call_in_country_code},
    )
    return site


@transaction.atomic
def webex_assistant_set(*, customer: Customer, actor: Actor, enabled: bool) -> MeetingSite:
    site = MeetingSite.objects.select_for_update().filter(customer=customer).first()
    if site is None:
        raise ApplicationError(f"{customer.name} has no meeting site.", status=404)
    if enabled and not site.webex_assistant_available:
        raise ApplicationError(
            "Webex Assistant is available for the Webex Meetings and Webex Suite packages.",
            status=409,
        )
    before = {"webex_assistant_enabled": site.webex_assistant_enabled}
    site.webex_assistant_enabled = enabled
    site.save(update_fields=["webex_assistant_enabled", "updated_at"])
    audit_record(
        actor=actor,
        action="meeting_site.webex_assistant",
        organization=customer,
        target=site,
        before=before,
        after={"webex_assistant_enabled": enabled},
    )
    return site
