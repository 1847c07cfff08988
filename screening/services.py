"""Restricted/Denied Persons screening (FEATURES PV-2).

Customers are screened on creation and on every billing-address change: their name and billing
address are compared, fuzzily (rapidfuzz), with the imported Denied Persons List. A match stops
provisioning in `pending_rpl_review` and opens a case; a compliance reviewer approves (the
interrupted work resumes by itself) or rejects it; after 72 hours without a decision the
customer goes to `error` and onboarding stops.
"""

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from rapidfuzz import fuzz, process

from portal.audit import Actor, audit_record
from portal.catalogues import regions
from portal.errors import ApplicationError
from portal.models import Customer, CustomerStatus
from portal.tasks import enqueue
from screening.models import (
    REVIEW_DEADLINE,
    SCORE_PLACES,
    DeniedParty,
    ScreeningCase,
    ScreeningCaseStatus,
)

NAME_THRESHOLD = 88
ADDRESS_THRESHOLD = 90
#: Errors a stopped onboarding reports in the customer's `errors`.
ERROR_REJECTED = {
    "errorCode": 6001,
    "description": "Onboarding stopped: the restricted and denied persons review rejected the "
    "customer.",
}
ERROR_EXPIRED = {
    "errorCode": 6002,
    "description": "Onboarding stopped: the restricted and denied persons review was not "
    "resolved within 72 hours; Cisco Ops takes over the compliance check.",
}
EXPIRY_CHUNK = 500

DPL_HEADER = [
    "Name",
    "Street_Address",
    "City",
    "State",
    "Country",
    "Postal_Code",
    "Effective_Date",
    "Expiration_Date",
    "Standard_Order",
    "Last_Update",
    "Action",
    "FR_Citation",
]

# Words that say what kind of company it is, not which one.
_NOISE = {
    "inc",
    "incorporated",
    "llc",
    "ltd",
    "limited",
    "co",
    "corp",
    "corporation",
    "company",
    "gmbh",
    "sa",
    "srl",
    "spa",
    "bv",
    "plc",
    "the",
    "aka",
}
_ABBREVIATIONS = {
    "street": "st",
    "road": "rd",
    "avenue": "ave",
    "boulevard": "blvd",
    "drive": "dr",
    "suite": "ste",
    "north": "n",
    "south": "s",
    "east": "e",
    "west": "w",
}
_COUNTRY_BY_NAME = {name.lower(): code for code, (name, _) in regions.COUNTRIES.items()}


def normalize(text: str) -> str:
    """Lower case, no accents or punctuation, no legal-form words, common abbreviations."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words if w not in _NOISE)


def country_code(value: str) -> str:
    value = (value or "").strip()
    if len(value) == 2:
        return value.upper()
    return _COUNTRY_BY_NAME.get(value.lower(), "")


def _address_text(street: str, city: str, postal_code: str) -> str:
    return normalize(" ".join(part for part in (street, city, postal_code) if part))


def _name_score(a: str, b: str, **kwargs) -> float:
    score = fuzz.token_sort_ratio(a, b)
    # "Petrov Ivan" is "Ivan Petrov Holdings" too, when both have a first and a last word.
    if len(a.split()) >= 2 and len(b.split()) >= 2:
        score = max(score, fuzz.token_set_ratio(a, b))
    return score


@dataclass(frozen=True)
class Match:
    party_id: int
    name: str
    address: str
    score: float
    matched_on: str  # "name" or "address"

    @property
    def stored_score(self) -> Decimal:
        """The score at SCORE_PLACES decimal places, as the case stores it. Rounding the float
        (round(94.736…, 1)) and handing it to the DecimalField gave 94.700… at the field's
        precision of five digits, which full_clean refused, and the customer stayed
        `provisioning` (issue 15)."""
        return Decimal(str(self.score)).quantize(
            Decimal(1).scaleb(-SCORE_PLACES), rounding=ROUND_HALF_UP
        )

    def as_json(self) -> dict:
        return {
            "partyId": self.party_id,
            "name": self.name,
            "address": self.address,
            "score": float(self.stored_score),
            "matchedOn": self.matched_on,
        }


def fingerprint(customer: Customer) -> str:
    parts = [
        normalize(customer.name),
        _address_text(customer.address_line1, customer.city, customer.zip_or_postal_code),
        normalize(customer.address_line2),
        normalize(customer.state_or_province),
        customer.country.upper(),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def screen(*, name: str, address: dict) -> list[Match]:
    """Entries of the list that resemble `name` or the billing `address` (snake_case keys),
    best first. Reads only."""
    today = timezone.localdate()
    parties = {
        row[0]: row
        for row in DeniedParty.objects.filter(
            Q(expiration_date__isnull=True) | Q(expiration_date__gte=today)
        ).values_list("id", "name", "street_address", "city", "state", "postal_code", "country")
    }
    if not parties:
        return []
    found: dict[int, Match] = {}

    def describe(row) -> str:
        return ", ".join(part for part in row[2:] if part)

    wanted_name = normalize(name)
    if wanted_name:
        names = {pk: normalize(row[1]) for pk, row in parties.items()}
        for _, score, pk in process.extract(
            wanted_name, names, scorer=_name_score, score_cutoff=NAME_THRESHOLD, limit=None
        ):
            found[pk] = Match(pk, parties[pk][1], describe(parties[pk]), score, "name")

    wanted_address = _address_text(
        address.get("address_line1", ""),
        address.get("city", ""),
        address.get("zip_or_postal_code", ""),
    )
    wanted_country = (address.get("country") or "").upper()
    if wanted_address:
        # Compare like with like: a postal code counts only when both sides give one.
        with_postal = bool((address.get("zip_or_postal_code") or "").strip())
        addresses = {
            pk: _address_text(row[2], row[3], row[5] if with_postal else "")
            for pk, row in parties.items()
            if row[2] and country_code(row[6]) in ("", wanted_country)
        }
        for _, score, pk in process.extract(
            wanted_address,
            addresses,
            scorer=fuzz.token_sort_ratio,
            score_cutoff=ADDRESS_THRESHOLD,
            limit=None,
        ):
            if pk not in found or found[pk].score < score:
                found[pk] = Match(pk, parties[pk][1], describe(parties[pk]), score, "address")
    return sorted(found.values(), key=lambda m: (-m.score, m.name))


def _customer_address(customer: Customer) -> dict:
    return {
        "address_line1": customer.address_line1,
        "address_line2": customer.address_line2,
        "city": customer.city,
        "state_or_province": customer.state_or_province,
        "zip_or_postal_code": customer.zip_or_postal_code,
        "country": customer.country,
    }


def is_cleared(customer: Customer) -> bool:
    """A reviewer approved this very name and address already."""
    return (
        ScreeningCase.objects.for_org(customer)
        .filter(status=ScreeningCaseStatus.APPROVED, fingerprint=fingerprint(customer))
        .exists()
    )


def screening_check(*, customer: Customer, actor: Actor) -> ScreeningCase | None:
    """Screen a customer (locked by the caller) and open a case on a match; returns the open
    case, or None when it may proceed. Running it again returns the same case."""
    existing = ScreeningCase.objects.for_org(customer).open().first()
    if existing is not None:
        return existing
    if is_cleared(customer):
        return None
    matches = screen(name=customer.name, address=_customer_address(customer))
    if not matches:
        return None
    best = matches[0]
    case = ScreeningCase(
        customer=customer,
        fingerprint=fingerprint(customer),
        screened_name=customer.name,
        screened_address=", ".join(v for v in _customer_address(customer).values() if v),
        matched_party_id=best.party_id,
        matched_name=best.name[:500],
        matched_address=best.address[:1000],
        matched_on=best.matched_on,
        score=best.stored_score,
        matches=[m.as_json() for m in matches[:10]],
        interrupted_status=customer.status,
    )
    case.full_clean()
    case.save()
    audit_record(
        actor=actor,
        action="screening.open",
        organization=customer,
        target=case,
        after={"matchedName": case.matched_name, "score": str(case.score)},
    )
    customer.transition(CustomerStatus.PENDING_RPL_REVIEW, actor=actor, reason="screening match")
    return case


def _close(case: ScreeningCase, status: str, *, actor: Actor, note: str = "") -> None:
    if not ScreeningCase.states.can(case.status, status):
        raise ApplicationError(
            f"This case is {case.get_status_display().lower()} already.", status=409
        )
    ScreeningCase.states.move(
        case,
        status,
        actor=actor,
        organization=case.customer,
        action=f"screening.{status}",
        target=case,
        changes={"decided_by": actor.user, "note": note[:500]},
        after={"note": note[:500]},
    )


def _stop_onboarding(customer: Customer, error: dict, *, actor: Actor, reason: str) -> None:
    customer.errors = [error]
    customer.save(update_fields=["errors", "updated_at"])
    customer.transition(CustomerStatus.ERROR, actor=actor, reason=reason)


@transaction.atomic
def screening_case_decide(
    *, case: ScreeningCase, approve: bool, actor: Actor, note: str = ""
) -> ScreeningCase:
    """A compliance reviewer's decision. Approval resumes the interrupted provisioning."""
    case = ScreeningCase.objects.select_for_update().select_related("customer").get(pk=case.pk)
    customer = Customer.objects.select_for_update().get(pk=case.customer_id)
    _close(
        case,
        ScreeningCaseStatus.APPROVED if approve else ScreeningCaseStatus.REJECTED,
        actor=actor,
        note=note,
    )
    if customer.status != CustomerStatus.PENDING_RPL_REVIEW:
        return case  # deleted meanwhile: nothing to resume or stop
    if approve:
        customer.transition(case.interrupted_status, actor=actor, reason="screening approved")
        enqueue("wholesale.tasks.provision_customer", str(customer.pk))
    else:
        _stop_onboarding(customer, ERROR_REJECTED, actor=actor, reason="screening rejected")
    return case


def screening_expire_overdue(*, now: datetime | None = None) -> int:
    """Stop onboarding for cases open longer than 72 hours; bounded per run, safe to repeat."""
    cutoff = (now or timezone.now()) - REVIEW_DEADLINE
    actor = Actor.system()
    ids = list(
        ScreeningCase.objects.open()
        .filter(opened_at__lte=cutoff)
        .order_by("opened_at")
        .values_list("pk", flat=True)[:EXPIRY_CHUNK]
    )
    expired = 0
    for pk in ids:
        with transaction.atomic():
            case = ScreeningCase.objects.select_for_update().filter(pk=pk).first()
            if case is None or case.status != ScreeningCaseStatus.OPEN:
                continue
            customer = Customer.objects.select_for_update().get(pk=case.customer_id)
            _close(case, ScreeningCaseStatus.EXPIRED, actor=actor, note="No decision in 72 hours")
            if customer.status == CustomerStatus.PENDING_RPL_REVIEW:
                _stop_onboarding(customer, ERROR_EXPIRED, actor=actor, reason="screening expired")
            expired += 1
    return expired


# --- Importing the list -------------------------------------------------------------------------


def _parse_date(value: str) -> date | None:
    value = (value or "").strip()
    for fmt in ("%m/%d/%Y", "%Y-%m-%d", "%m/%d/%y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def parse_dpl(text: str) -> list[DeniedParty]:
    """Rows of the official Denied Persons List text file (tab-separated, with its header)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = [column.strip() for column in next(reader, [])]
    if header[: len(DPL_HEADER)] != DPL_HEADER:
        raise ApplicationError(
            "Not a Denied Persons List file: the first line must be the header "
            + "\\t".join(DPL_HEADER)
        )
    parties = []
    for line_no, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        row = [cell.strip() for cell in row] + [""] * (len(DPL_HEADER) - len(row))
        if not row[0]:
            raise ApplicationError(f"Line {line_no}: the name is missing.")
        parties.append(
            DeniedParty(
                name=row[0][:500],
                street_address=row[1][:500],
                city=row[2][:200],
                state=row[3][:100],
                country=row[4][:100],
                postal_code=row[5][:50],
                effective_date=_parse_date(row[6]),
                expiration_date=_parse_date(row[7]),
                standard_order=row[8][:20],
                last_update=_parse_date(row[9]),
                action=row[10][:100],
                fr_citation=row[11][:200],
            )
        )
    return parties


@transaction.atomic
def denied_parties_import(*, text: str) -> int:
    """Replace the whole list with the file's entries (a re-import replaces, never appends)."""
    parties = parse_dpl(text)
    DeniedParty.objects.all().delete()
    DeniedParty.objects.bulk_create(parties, batch_size=500)
    return len(parties)


@dataclass
class DplPreview:
    """What importing a Denied Persons List file would change (the operator's preview)."""

    current: int
    incoming: int
    added_count: int
    removed_count: int
    unchanged: int
    #: Samples of the entries added and removed (at most SAMPLE each).
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)


DPL_PREVIEW_SAMPLE = 50


def _entry_key(name: str, address: str) -> tuple[str, str]:
    return normalize(name), normalize(address)


def denied_parties_preview(*, text: str) -> DplPreview:
    """Parse the file with the same parser as `import_dpl` and compare it with the list in
    force, changing nothing: the counts, and samples of the entries added and removed."""
    parties = parse_dpl(text)
    incoming = {_entry_key(p.name, p.address): p for p in parties}
    current = {
        _entry_key(p.name, p.address): p
        for p in DeniedParty.objects.only(
            "name", "street_address", "city", "state", "postal_code", "country"
        )
    }
    added = [p for key, p in incoming.items() if key not in current]
    removed = [p for key, p in current.items() if key not in incoming]
    return DplPreview(
        current=len(current),
        incoming=len(parties),
        added_count=len(added),
        removed_count=len(removed),
        unchanged=len(incoming.keys() & current.keys()),
        added=added[:DPL_PREVIEW_SAMPLE],
        removed=removed[:DPL_PREVIEW_SAMPLE],
    )
