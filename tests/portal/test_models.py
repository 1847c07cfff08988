import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from portal.audit import Actor
from portal.models import Customer, Partner, User
from portal.services import partner_create
from portal.tenancy import OrganizationQuerySet, TenantQuerySet
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("portal", "controlhub", "billing", "partnerhub")
# Tables that hang off an organization but are not read through the tenant API: guardian's
# per-customer grant table is read only by the access layer itself.
NOT_TENANT_READ = {"portal.AssignedCustomerPermission"}


def test_sub_partners_have_one_level_only():
    top = partner_create(name="Top", actor=Actor.system())
    sub = partner_create(name="Sub", parent=top, actor=Actor.system())
    with pytest.raises(ValidationError, match="one level only"):
        partner_create(name="Sub-sub", parent=sub, actor=Actor.system())
    assert not Partner.objects.filter(name="Sub-sub").exists()


def test_a_partner_with_sub_partners_cannot_become_one():
    top, other = PartnerFactory(), PartnerFactory()
    PartnerFactory(parent=top)
    top.parent = other
    with pytest.raises(ValidationError):
        top.full_clean()


def test_customer_is_managed_by_owner_and_owners_parent():
    top = PartnerFactory()
    sub = PartnerFactory(parent=top)
    customer = Customer.objects.create(name="C", owner=sub)
    assert customer.managing_partner_ids() == [sub.pk, top.pk]
    assert Customer.objects.create(name="D", owner=top).managing_partner_ids() == [top.pk]


def test_users_sign_in_by_email_normalised_to_lower_case():
    user = User.objects.create_user("Mixed.Case@Example.TEST", "pw")
    assert user.email == "mixed.case@example.test"
    assert User.objects.get_by_natural_key("MIXED.case@example.test") == user
    assert not hasattr(user, "username")


def test_every_tenant_model_reads_through_the_scoped_queryset():
    """STYLE rule 3: a model pointing at an organization must offer for_org/visible_to."""
    missing = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model in (Partner, Customer):
            continue
        label = f"{model._meta.app_label}.{model.__name__}"
        points_at_org = any(
            getattr(field, "related_model", None) in (Partner, Customer)
            for field in model._meta.get_fields()
            if field.concrete and field.is_relation
        )
        scoped = isinstance(model._default_manager.all(), TenantQuerySet)
        if points_at_org and label not in NOT_TENANT_READ and not scoped:
            missing.append(label)
    assert missing == []
    assert isinstance(Partner.objects.all(), OrganizationQuerySet)
    assert isinstance(Customer.objects.all(), OrganizationQuerySet)
