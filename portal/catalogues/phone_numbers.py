"""Phone numbers are stored in E.164 (`+14155550100`), parsed with the `phonenumbers` library
(Google's libphonenumber metadata) in the country of the location they belong to, so an admin
may type a national number (`(415) 555-0100` at a US location) and gets a clear error for
something that is no number at all (`12345`). FEATURES CH-4."""

import phonenumbers

from portal.errors import ApplicationError


def e164(text: str, country: str | None, *, field: str | None = None) -> str:
    """`text` as an E.164 number, read as a national number of `country` (ISO 3166 alpha-2)
    unless it starts with `+`; ApplicationError when it is not a valid number."""
    value = (text or "").strip()
    region = (country or "").upper() or None
    where = f" in {region}" if region and not value.startswith("+") else ""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ApplicationError(
            f"{value or 'An empty value'} is not a valid phone number{where}. Enter it in E.164 "
            "form, e.g. +14155550100, or as a national number of the location's country.",
            field=field,
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_valid_e164(text: str) -> bool:
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number) and text == phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.E164
    )
