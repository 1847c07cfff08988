"""Countries, their region, and the default global call-in number (FEATURES PV-3).

Seed 001 "Address": the billing country becomes the organization country and picks the
meeting sites' default global call-in number. Countries with a dial-in number of their own
use it; every other country falls back to its region's default.
"""

from dataclasses import dataclass
from enum import StrEnum


class Region(StrEnum):
    AMER = "AMER"
    APAC = "APAC"
    ANZ = "ANZ"
    EMEA = "EMEA"
    EURO = "EURO"


@dataclass(frozen=True)
class DialIn:
    region: Region
    country_code: str  # "+1"
    country: str  # the country whose number is used


#: Seed 001 table: location, country code, country.
REGION_DEFAULTS = {
    Region.AMER: DialIn(Region.AMER, "+1", "US"),
    Region.APAC: DialIn(Region.APAC, "+65", "SG"),
    Region.ANZ: DialIn(Region.ANZ, "+61", "AU"),
    Region.EMEA: DialIn(Region.EMEA, "+44", "GB"),
    Region.EURO: DialIn(Region.EURO, "+49", "DE"),
}
#: Countries that have a dial-in number of their own in the telephony domain.
COUNTRY_DIAL_INS = {
    "US": "+1",
    "CA": "+1",
    "SG": "+65",
    "AU": "+61",
    "GB": "+44",
    "DE": "+49",
}

# ISO 3166-1 alpha-2 code | English short name | region
_COUNTRIES = """
AD|Andorra|EURO
AE|United Arab Emirates|EMEA
AF|Afghanistan|EMEA
AG|Antigua and Barbuda|AMER
AL|Albania|EURO
AM|Armenia|EMEA
AO|Angola|EMEA
AR|Argentina|AMER
AT|Austria|EURO
AU|Australia|ANZ
AZ|Azerbaijan|EMEA
BA|Bosnia and Herzegovina|EURO
BB|Barbados|AMER
BD|Bangladesh|APAC
BE|Belgium|EURO
BF|Burkina Faso|EMEA
BG|Bulgaria|EURO
BH|Bahrain|EMEA
BJ|Benin|EMEA
BM|Bermuda|AMER
BN|Brunei Darussalam|APAC
BO|Bolivia|AMER
BR|Brazil|AMER
BS|Bahamas|AMER
BT|Bhutan|APAC
BW|Botswana|EMEA
BY|Belarus|EURO
BZ|Belize|AMER
CA|Canada|AMER
CH|Switzerland|EURO
CI|Côte d'Ivoire|EMEA
CL|Chile|AMER
CM|Cameroon|EMEA
CN|China|APAC
CO|Colombia|AMER
CR|Costa Rica|AMER
CY|Cyprus|EURO
CZ|Czechia|EURO
DE|Germany|EURO
DK|Denmark|EURO
DO|Dominican Republic|AMER
DZ|Algeria|EMEA
EC|Ecuador|AMER
EE|Estonia|EURO
EG|Egypt|EMEA
ES|Spain|EURO
ET|Ethiopia|EMEA
FI|Finland|EURO
FJ|Fiji|ANZ
FR|France|EURO
GA|Gabon|EMEA
GB|United Kingdom|EMEA
GE|Georgia|EMEA
GH|Ghana|EMEA
GI|Gibraltar|EMEA
GR|Greece|EURO
GT|Guatemala|AMER
GY|Guyana|AMER
HK|Hong Kong|APAC
HN|Honduras|AMER
HR|Croatia|EURO
HU|Hungary|EURO
ID|Indonesia|APAC
IE|Ireland|EMEA
IL|Israel|EMEA
IN|India|APAC
IQ|Iraq|EMEA
IS|Iceland|EURO
IT|Italy|EURO
JM|Jamaica|AMER
JO|Jordan|EMEA
JP|Japan|APAC
KE|Kenya|EMEA
KH|Cambodia|APAC
KR|Korea, Republic of|APAC
KW|Kuwait|EMEA
KZ|Kazakhstan|EMEA
LA|Lao People's Democratic Republic|APAC
LB|Lebanon|EMEA
LI|Liechtenstein|EURO
LK|Sri Lanka|APAC
LT|Lithuania|EURO
LU|Luxembourg|EURO
LV|Latvia|EURO
MA|Morocco|EMEA
MC|Monaco|EURO
MD|Moldova|EURO
ME|Montenegro|EURO
MG|Madagascar|EMEA
MK|North Macedonia|EURO
MM|Myanmar|APAC
MN|Mongolia|APAC
MO|Macao|APAC
MT|Malta|EURO
MU|Mauritius|EMEA
MV|Maldives|APAC
MW|Malawi|EMEA
MX|Mexico|AMER
MY|Malaysia|APAC
MZ|Mozambique|EMEA
NA|Namibia|EMEA
NG|Nigeria|EMEA
NI|Nicaragua|AMER
NL|Netherlands|EURO
NO|Norway|EURO
NP|Nepal|APAC
NZ|New Zealand|ANZ
OM|Oman|EMEA
PA|Panama|AMER
PE|Peru|AMER
PG|Papua New Guinea|ANZ
PH|Philippines|APAC
PK|Pakistan|APAC
PL|Poland|EURO
PR|Puerto Rico|AMER
PT|Portugal|EURO
PY|Paraguay|AMER
QA|Qatar|EMEA
RO|Romania|EURO
RS|Serbia|EURO
RU|Russian Federation|EURO
RW|Rwanda|EMEA
SA|Saudi Arabia|EMEA
SE|Sweden|EURO
SG|Singapore|APAC
SI|Slovenia|EURO
SK|Slovakia|EURO
SM|San Marino|EURO
SN|Senegal|EMEA
SV|El Salvador|AMER
TH|Thailand|APAC
TN|Tunisia|EMEA
TR|Türkiye|EMEA
TT|Trinidad and Tobago|AMER
TW|Taiwan|APAC
TZ|Tanzania|EMEA
UA|Ukraine|EURO
UG|Uganda|EMEA
US|United States|AMER
UY|Uruguay|AMER
UZ|Uzbekistan|EMEA
VA|Holy See|EURO
VE|Venezuela|AMER
VN|Viet Nam|APAC
ZA|South Africa|EMEA
ZM|Zambia|EMEA
ZW|Zimbabwe|EMEA
"""

COUNTRIES: dict[str, tuple[str, Region]] = {
    code: (name, Region(region))
    for code, name, region in (line.split("|") for line in _COUNTRIES.strip().splitlines())
}
CHOICES = sorted(((code, name) for code, (name, _) in COUNTRIES.items()), key=lambda c: c[1])


def is_known(country: str | None) -> bool:
    return (country or "").upper() in COUNTRIES


def name(country: str) -> str:
    return COUNTRIES[country.upper()][0]


def region(country: str) -> Region:
    """The Webex region of an ISO2 country; ValueError for an unknown code."""
    try:
        return COUNTRIES[country.upper()][1]
    except KeyError:
        raise ValueError(f"Unknown country code '{country}'.") from None


def default_dial_in(country: str) -> DialIn:
    """The meeting sites' default global call-in number for an organization country."""
    country = country.upper()
    reg = region(country)
    if country in COUNTRY_DIAL_INS:
        return DialIn(reg, COUNTRY_DIAL_INS[country], country)
    return REGION_DEFAULTS[reg]
