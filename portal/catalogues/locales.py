"""Language locales (seed 001 "Supported Language Locales", FEATURES PV-4)."""

SUPPORTED = (
    "en_US",
    "en_AU",
    "en_GB",
    "en_CA",
    "fr_FR",
    "fr_CA",
    "cs_CZ",
    "da_DK",
    "de_DE",
    "hu_HU",
    "id_ID",
    "it_IT",
    "ja_JP",
    "ko_KR",
    "es_ES",
    "es_CO",
    "es_MX",
    "nl_NL",
    "nb_NO",
    "pl_PL",
    "pt_PT",
    "pt_BR",
    "ru_RU",
    "ro_RO",
    "zh_CN",
    "zh_TW",
    "sv_SE",
    "ar_SA",
    "tr_TR",
)
SUPPORTED_SET = frozenset(SUPPORTED)

#: "If only a two-letter language code is available, use default sensible locale instead."
DEFAULT_FOR_LANGUAGE = {
    "en": "en_US",
    "fr": "fr_FR",
    "cs": "cs_CZ",
    "da": "da_DK",
    "de": "de_DE",
    "hu": "hu_HU",
    "id": "id_ID",
    "it": "it_IT",
    "ja": "ja_JP",
    "ko": "ko_KR",
    "es": "es_ES",
    "nl": "nl_NL",
    "nb": "nb_NO",
    "pl": "pl_PL",
    "pt": "pt_PT",
    "ru": "ru_RU",
    "ro": "ro_RO",
    "zh": "zh_CN",
    "sv": "sv_SE",
    "ar": "ar_SA",
    "tr": "tr_TR",
}

#: Not supported by Webex Meeting Sites: those sites are in English.
NO_MEETING_SITE = frozenset({"es_CO", "id_ID", "nb_NO", "pt_PT"})
FALLBACK = "en_US"
CHOICES = [(code, code) for code in SUPPORTED]


def normalize(value: str | None) -> str:
    """'en-us', 'EN_us' and 'en_US' are the same locale; returns '' for nothing."""
    value = (value or "").strip().replace("-", "_")
    if len(value) == 2:
        return value.lower()
    if len(value) == 5 and value[2] == "_":
        return f"{value[:2].lower()}_{value[3:].upper()}"
    return value


def _from(value: str | None, country: str | None) -> str | None:
    value = normalize(value)
    if value in SUPPORTED_SET:
        return value
    if len(value) == 2:
        combined = f"{value}_{(country or '').upper()}"
        if combined in SUPPORTED_SET:
            return combined
        return DEFAULT_FOR_LANGUAGE.get(value)
    return None


def resolve(
    requested: str | None,
    *,
    template_language: str | None = None,
    template_country: str | None = None,
) -> str:
    """The five-character locale to provision with.

    A supported five-character locale is taken as is; a two-letter language is combined with
    the template's country, else mapped to its default sensible locale; anything else falls
    back to the template's language, then to English.
    """
    return (
        _from(requested, template_country) or _from(template_language, template_country) or FALLBACK
    )


def meeting_site_locale(locale: str) -> str:
    """Meeting sites do not support every locale; unsupported ones get English sites."""
    locale = normalize(locale)
    if locale in SUPPORTED_SET and locale not in NO_MEETING_SITE:
        return locale
    return FALLBACK


def is_supported(value: str | None) -> bool:
    return normalize(value) in SUPPORTED_SET
