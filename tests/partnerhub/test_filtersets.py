"""partnerhub.filtersets.PartnerHubCustomerFilterSet: the customers list (PH-3) and the partner
API's customers-by-tags (API-5); it extends wholesale's CustomerFilterSet (API-1)."""

import pytest

from partnerhub import api as partner_api
from partnerhub.filtersets import MANAGED_BY_ALL, PartnerHubCustomerFilterSet
from partnerhub.models import CustomerTag, Tag
from partnerhub.selectors import customer_list
from partnerhub.views.customers import CustomersView
from portal.access.roles import Role
from portal.errors import ApplicationError
from portal.models import CustomerPackage, CustomerStatus
from tests.factories import CustomerFactory, PartnerFactory, partner_admin
from wholesale.filtersets import CustomerFilterSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub():
    partner = PartnerFactory(name="Acme")
    sub = PartnerFactory(parent=partner, name="Sub")
    user = partner_admin(partner, Role.PARTNER_FULL_ADMIN)
    partner_admin(sub, Role.PARTNER_FULL_ADMIN, user=user)
    alpha = CustomerFactory(owner=partner, name="Alpha", external_id="A-1")
    beta = CustomerFactory(owner=partner, name="Beta", status=CustomerStatus.ERROR)
    indirect = CustomerFactory(owner=sub, name="Indirect")
    CustomerFactory(name="Alpha elsewhere")  # another partner's
    CustomerPackage.objects.create(customer=alpha, package="webex_calling", limit=1)
    vip = Tag.objects.create(partner=partner, name="VIP")
    CustomerTag.objects.create(customer=beta, tag=vip)
    return partner, sub, user, alpha, beta, indirect, vip


def filterset(hub, data):
    partner, sub, user, *_ = hub
    return PartnerHubCustomerFilterSet(
        data,
        queryset=customer_list(partner, user, include_sub_partners=True),
        partner=partner,
        user=user,
        tags=Tag.objects.for_org(partner),
    )


def names(hub, data):
    return [c.name for c in filterset(hub, data).qs]


def test_each_filter_narrows(hub):
    partner, sub, user, alpha, beta, indirect, vip = hub
    assert names(hub, {}) == ["Alpha", "Beta"]  # the partner's own unless asked
    assert names(hub, {"managed_by": str(sub.pk)}) == ["Indirect"]
    assert names(hub, {"managed_by": MANAGED_BY_ALL}) == ["Alpha", "Beta", "Indirect"]
    assert names(hub, {"q": "a-1"}) == ["Alpha"]
    assert names(hub, {"product": "webex_calling"}) == ["Alpha"]
    assert names(hub, {"status": CustomerStatus.ERROR}) == ["Beta"]
    assert names(hub, {"subscription_type": "trial"}) == []
    assert names(hub, {"tag": str(vip.pk)}) == ["Beta"]
    assert names(hub, {"tags": "vip, other"}) == ["Beta"]
    assert names(hub, {"externalId": "A-1"}) == ["Alpha"]  # inherited from the API's


def test_a_bad_value_is_ignored_by_the_page_and_a_clear_error_when_validated(hub):
    page = filterset(hub, {"tag": "999999", "q": "alp"})
    assert [c.name for c in page.qs] == ["Alpha"]
    assert page.values == {
        "q": "alp",
        "managed_by": "",
        "product": "",
        "status": "",
        "subscription_type": "",
        "kpi": "",
    }
    with pytest.raises(ApplicationError) as raised:
        page.validated_qs()
    assert raised.value.status == 400 and raised.value.field == "tag"


def test_an_unknown_managed_by_keeps_the_partners_own_customers(hub):
    assert names(hub, {"managed_by": "not-a-sub-partner"}) == ["Alpha", "Beta"]


def test_customers_page_partner_api_and_wholesale_api_share_one_filterset():
    assert CustomersView.filterset_class is PartnerHubCustomerFilterSet
    assert partner_api.PartnerHubCustomerFilterSet is CustomersView.filterset_class
    assert issubclass(CustomersView.filterset_class, CustomerFilterSet)
