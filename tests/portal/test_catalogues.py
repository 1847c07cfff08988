import pytest

from portal.catalogues import locales, packages, regions
from portal.catalogues.packages import Package


class TestPackages:
    def test_add_on_dependencies_follow_the_api_contract(self):
        assert packages.dependency_errors(["cisco_calling_plan", "webex_voice"]) == []
        assert packages.dependency_errors(["cisco_calling_plan", "webex_meetings"])
        assert packages.dependency_errors(["attendant_console", "cx_essentials"]) == []
        assert packages.dependency_errors(["attendant_console", "webex_voice"]) == [
            "attendant_console is dependent on one of: cx_essentials, webex_calling, webex_suite."
        ]

    def test_calling_and_meetings(self):
        assert Package.COMMON_AREA_CALLING in packages.CALLING_PACKAGES
        assert Package.WEBEX_MEETINGS not in packages.CALLING_PACKAGES
        assert Package.WEBEX_MEETINGS in packages.MEETINGS_PACKAGES
        assert Package.WEBEX_VOICE not in packages.MEETINGS_PACKAGES

    def test_upgrade_order(self):
        order = sorted(packages.BASE_PACKAGES, key=packages.level)
        assert order[0] == Package.COMMON_AREA_CALLING and order[-1] == Package.WEBEX_SUITE
        assert packages.is_downgrade("webex_suite", "webex_calling")
        assert not packages.is_downgrade("webex_calling", "webex_suite")
        assert packages.highest(["webex_meetings", "webex_calling", "common_area_calling"]) == (
            Package.WEBEX_CALLING
        )

    def test_users_cannot_hold_common_area_calling(self):
        assert Package.COMMON_AREA_CALLING not in packages.SUBSCRIBER_PACKAGES
        with pytest.raises(ValueError, match="Unknown package"):
            packages.parse("webex_gold")


class TestLocales:
    @pytest.mark.parametrize(
        ("requested", "template_language", "template_country", "expected"),
        [
            ("fr_CA", None, None, "fr_CA"),
            ("en-gb", None, None, "en_GB"),
            ("fr", None, "CA", "fr_CA"),  # two letters + template country
            ("fr", None, "US", "fr_FR"),  # fr_US is not supported: default sensible locale
            ("es", None, "MX", "es_MX"),
            ("pt", None, "BR", "pt_BR"),
            ("zh", None, "TW", "zh_TW"),
            (None, "de_DE", "DE", "de_DE"),  # nothing requested: template language
            ("xx_YY", "it", "IT", "it_IT"),  # invalid: template language
            ("", None, None, "en_US"),  # nothing at all: English
            ("klingon", "nonsense", None, "en_US"),
        ],
    )
    def test_resolution(self, requested, template_language, template_country, expected):
        assert (
            locales.resolve(
                requested, template_language=template_language, template_country=template_country
            )
            == expected
        )

    @pytest.mark.parametrize("locale", ["es_CO", "id_ID", "nb_NO", "pt_PT"])
    def test_meeting_sites_fall_back_to_english(self, locale):
        assert locales.meeting_site_locale(locale) == "en_US"

    def test_supported_meeting_site_locale_is_kept(self):
        assert locales.meeting_site_locale("fr_FR") == "fr_FR"


class TestRegions:
    @pytest.mark.parametrize(
        ("country", "region", "code"),
        [
            ("US", "AMER", "+1"),
            ("CA", "AMER", "+1"),
            ("MX", "AMER", "+1"),
            ("SG", "APAC", "+65"),
            ("JP", "APAC", "+65"),
            ("AU", "ANZ", "+61"),
            ("NZ", "ANZ", "+61"),
            ("GB", "EMEA", "+44"),
            ("ZA", "EMEA", "+44"),
            ("DE", "EURO", "+49"),
            ("fr", "EURO", "+49"),
        ],
    )
    def test_default_dial_in(self, country, region, code):
        dial_in = regions.default_dial_in(country)
        assert (dial_in.region, dial_in.country_code) == (region, code)

    def test_unknown_country(self):
        assert not regions.is_known("ZZ")
        with pytest.raises(ValueError):
            regions.region("ZZ")
