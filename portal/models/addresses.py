"""The one definition of a postal address (seed 001 "Address"): a customer's billing address and
a Control Hub location share its fields, their limits and the rule for a complete one."""

from django.db import models

from portal.catalogues import regions
from portal.errors import Problem

#: Field names, in the order forms and the API list them.
ADDRESS_FIELDS = (
    "address_line1",
    "address_line2",
    "city",
    "state_or_province",
    "zip_or_postal_code",
    "country",
)
#: A complete address has these (and a known country).
REQUIRED_ADDRESS_FIELDS = ("address_line1", "city")
MAX_LENGTHS = {
    "address_line1": 50,
    "address_line2": 50,
    "city": 50,
    "state_or_province": 50,
    "zip_or_postal_code": 20,
    "country": 2,
}


class PostalAddress(models.Model):
    """Blank is allowed at rest (an org attached from elsewhere may have no billing address);
    address_problems() says what a complete address lacks, wherever one is required."""

    address_line1 = models.CharField(max_length=MAX_LENGTHS["address_line1"], blank=True)
    address_line2 = models.CharField(max_length=MAX_LENGTHS["address_line2"], blank=True)
    city = models.CharField(max_length=MAX_LENGTHS["city"], blank=True)
    state_or_province = models.CharField(max_length=MAX_LENGTHS["state_or_province"], blank=True)
    zip_or_postal_code = models.CharField(max_length=MAX_LENGTHS["zip_or_postal_code"], blank=True)
    country = models.CharField(
        max_length=MAX_LENGTHS["country"], blank=True, help_text="ISO 3166 alpha-2"
    )

    class Meta:
        abstract = True

    @property
    def address(self) -> dict:
        return {name: getattr(self, name) for name in ADDRESS_FIELDS}


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(word.title() for word in rest)


def address_problems(address: dict | None, where: str = "address") -> list[Problem]:
    """What keeps `address` (snake_case keys) from being a complete address, with the wholesale
    API's error codes; `where` prefixes the camelCase field names in the descriptions. No
    address given (None) is no problem: the caller decides whether one is needed."""
    if address is None:
        return []
    problems = []
    country = (address.get("country") or "").strip()
    if not country:
        problems.append(Problem(4010, f"{where}.country is required (ISO 3166 alpha-2)."))
    elif not regions.is_known(country):
        problems.append(Problem(4011, f"{where}.country '{country}' is not a supported country."))
    for key in REQUIRED_ADDRESS_FIELDS:
        if not (address.get(key) or "").strip():
            problems.append(Problem(4012, f"{where}.{_camel(key)} is required."))
    for key in ADDRESS_FIELDS:
        if key != "country" and len(address.get(key) or "") > MAX_LENGTHS[key]:
            problems.append(
                Problem(4013, f"{where}.{_camel(key)} is longer than {MAX_LENGTHS[key]}.")
            )
    return problems
