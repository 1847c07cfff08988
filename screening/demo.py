"""Screening demo data: a small, clearly fictional Denied Persons List (PV-2). Entries are
created when missing and never rewritten, so a second run changes nothing."""

from screening.models import DeniedParty

# Name, street, city, state, country, postal code: invented for the demo, like the whole list.
DENIED_PARTIES = [
    ("Darkwater Export Syndicate", "13 Nowhere Wharf", "Gotham", "NJ", "US", "07999"),
    ("Zarkov Shadow Trading Ltd", "1 Obsidian Way", "Metropolis", "", "GB", "ZZ1 9ZZ"),
    ("Plutonium Parts Unlimited", "77 Fission Road", "Springfield", "NV", "US", "89999"),
    ("Ivan Q. Fictitious", "", "Atlantis", "", "GR", ""),
    ("Moonshadow Logistics LLC", "404 Crater Avenue", "Tranquility Base", "", "US", "00001"),
]


def load() -> None:
    for name, street, city, state, country, postal in DENIED_PARTIES:
        if not DeniedParty.objects.filter(name=name).exists():
            DeniedParty.objects.create(
                name=name,
                street_address=street,
                city=city,
                state=state,
                country=country,
                postal_code=postal,
                action="DENIAL (fictional demo entry)",
            )
