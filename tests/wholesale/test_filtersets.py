"""wholesale.filtersets: the customer list's (API-1, extended by Partner Hub's PH-3) and the
sub-partner list's (Indirect providers tab PH-8 and /v1/wholesale/subPartners API-3)."""

import pytest

from partnerhub.filtersets import PartnerHubCustomerFilterSet
from partnerhub.views.sub_partners import SubPartnersView
from portal.api import ids
from portal.errors import ApplicationError
from portal.models import Customer, CustomerOffer, CustomerStatus, PartnerState
from tests.factories import CustomerFactory, PartnerFactory
from wholesale.api import customers as customers_api
from wholesale.api import sub_partners as sub_partners_api
from wholesale.filtersets import CustomerFilterSet, SubPartnerFilterSet
from wholesale.selectors import sub_partner_list, wholesale_customers

pytestmark = pytest.mark.django_db


@pytest.fixture
def customers():
    partner = PartnerFactory()

    def customer(external_id, status):
        return CustomerFactory(
            owner=partner, external_id=external_id, status=status, offer=CustomerOffer.WHOLESALE
        )

    one = customer("EXT-1", CustomerStatus.PROVISIONED)
    two = customer("EXT-2", CustomerStatus.ERROR)
    CustomerFactory(external_id="EXT-1", offer=CustomerOffer.WHOLESALE)  # another partner's
    return wholesale_customers(partner), one, two


def run(filterset_class, data, scoped):
    return list(filterset_class(data, queryset=scoped).validated_qs())


def test_each_customer_filter_narrows(customers):
    scoped, one, two = customers
    assert run(CustomerFilterSet, {}, scoped) == [one, two]
    assert run(CustomerFilterSet, {"externalId": "EXT-1"}, scoped) == [one]
    assert run(CustomerFilterSet, {"orgId": ids.encode(ids.ORGANIZATION, two.pk)}, scoped) == [two]
    assert run(CustomerFilterSet, {"status": "error"}, scoped) == [two]
    assert run(CustomerFilterSet, {"status": ["error", "provisioned"]}, scoped) == [one, two]
    assert run(CustomerFilterSet, {"status": "error,provisioned"}, scoped) == [one, two]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"orgId": "nope"}, "orgId is not an organization id."),
        ({"status": "removed,nope"}, "Unknown status: nope, removed."),
    ],
)
def test_a_bad_customer_value_is_a_clear_application_error(customers, data, message):
    with pytest.raises(ApplicationError) as raised:
        run(CustomerFilterSet, data, customers[0])
    assert (raised.value.status, raised.value.message) == (400, message)


def test_customers_page_and_api_share_the_customer_filterset():
    """The page's FilterSet is the API's, extended with the page's filters (its status is the
    list status, PH-3, so it replaces the API's provisioning status)."""
    assert customers_api.CustomerFilterSet is CustomerFilterSet
    assert issubclass(PartnerHubCustomerFilterSet, CustomerFilterSet)
    for name in ("externalId", "orgId"):
        assert name in PartnerHubCustomerFilterSet.base_filters


@pytest.fixture
def sub_partners():
    parent = PartnerFactory()
    alpha = PartnerFactory(parent=parent, name="Alpha Telecom")
    beta = PartnerFactory(parent=parent, name="Beta Voice", state=PartnerState.SUSPENDED)
    PartnerFactory(parent=PartnerFactory(), name="Alpha Elsewhere")
    return sub_partner_list(parent), alpha, beta


def test_each_sub_partner_filter_narrows(sub_partners):
    scoped, alpha, beta = sub_partners
    assert run(SubPartnerFilterSet, {}, scoped) == [alpha, beta]
    assert run(SubPartnerFilterSet, {"q": " alpha "}, scoped) == [alpha]
    assert run(SubPartnerFilterSet, {"state": "suspended"}, scoped) == [beta]
    assert run(SubPartnerFilterSet, {"provisioningState": " active "}, scoped) == [alpha]


def test_a_bad_sub_partner_state_is_an_error_for_the_api_and_ignored_by_the_page(sub_partners):
    scoped, alpha, beta = sub_partners
    with pytest.raises(ApplicationError) as raised:
        run(SubPartnerFilterSet, {"provisioningState": "gone"}, scoped)
    assert raised.value.message == "provisioningState is one of active, suspended."
    assert list(SubPartnerFilterSet({"state": "gone"}, queryset=scoped).qs) == [alpha, beta]


def test_indirect_providers_tab_and_api_use_the_same_filterset():
    assert SubPartnersView.filterset_class is sub_partners_api.SubPartnerFilterSet
    assert SubPartnersView.filterset_class is SubPartnerFilterSet


def test_scoping_is_the_selectors_not_the_filtersets(customers):
    scoped, one, two = customers
    # Filtering by another partner's customer finds nothing: the FilterSet only narrows.
    stranger = Customer.objects.exclude(pk__in=[one.pk, two.pk]).get(external_id="EXT-1")
    orgid = ids.encode(ids.ORGANIZATION, stranger.pk)
    assert run(CustomerFilterSet, {"orgId": orgid}, scoped) == []
