"""The access backend: every role, the partner hierarchy, guardian assignments, restrictions."""

import itertools

import pytest

from portal.access import permissions as p
from portal.access import roles as r
from portal.access.entitlements import acting_on_behalf_of, entitlements
from portal.access.roles import Role
from portal.models import Customer, Partner, PartnerAccess, User
from tests import demo
from tests.factories import (
    CustomerFactory,
    PartnerFactory,
    assign_customer,
    compliance_reviewer,
    customer_admin,
    partner_admin,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme():
    partner = PartnerFactory(name="Test Acme")
    sub = PartnerFactory(name="Test Sub", parent=partner)
    return {
        "partner": partner,
        "sub": sub,
        "restricted": CustomerFactory(owner=partner, restricted_by_partner=True),
        "open": CustomerFactory(owner=partner, restricted_by_partner=False),
        "sub_customer": CustomerFactory(owner=sub),
        "other": CustomerFactory(),
    }


def fresh(user):
    return User.objects.get(pk=user.pk)


class TestPartnerRoles:
    def test_full_admin_gets_every_partner_permission_but_indirect_providers(self, acme):
        user = partner_admin(acme["partner"], Role.PARTNER_FULL_ADMIN)
        assert entitlements(user, acme["partner"]) == r.PARTNER_FULL
        assert not user.has_perm(p.PARTNER_VIEW_SUBPARTNERS, acme["partner"])

    def test_readonly_admin_only_reads(self, acme):
        user = partner_admin(acme["partner"], Role.PARTNER_READONLY_ADMIN)
        assert user.has_perm(p.PARTNER_VIEW_CUSTOMERS, acme["partner"])
        assert not user.has_perm(p.PARTNER_CREATE_CUSTOMERS, acme["partner"])
        assert not user.has_perm(p.PARTNER_MANAGE_TEMPLATES, acme["partner"])
        assert entitlements(user, acme["restricted"]) == r.CUSTOMER_READ
        assert not user.has_perm(p.ORG_MANAGE_USERS, acme["open"])

    def test_full_admin_manages_every_customer_unrestricted(self, acme):
        user = partner_admin(acme["partner"], Role.PARTNER_FULL_ADMIN)
        for customer in (acme["restricted"], acme["open"]):
            assert entitlements(user, customer) == r.PARTNER_CUSTOMER_FULL
        assert user.has_perm(p.ORG_MANAGE_RESTRICTED_MODE, acme["restricted"])
        assert entitlements(user, acme["other"]) == frozenset()

    def test_partner_admin_reaches_only_assigned_customers(self, acme):
        user = partner_admin(acme["partner"], Role.PARTNER_ADMIN)
        assert user.has_perm(p.PARTNER_VIEW_CUSTOMERS, acme["partner"])
        assert not user.has_perm(p.PARTNER_VIEW_ALL_CUSTOMERS, acme["partner"])
        assert entitlements(user, acme["open"]) == frozenset()
        assign_customer(user, acme["open"])
        user = fresh(user)
        assert entitlements(user, acme["open"]) == r.PARTNER_CUSTOMER_FULL
        assert entitlements(user, acme["restricted"]) == frozenset()

    def test_assignment_without_a_role_in_the_owner_grants_nothing(self, acme):
        stranger = partner_admin(PartnerFactory(), Role.PARTNER_ADMIN)
        assign_customer(stranger, acme["open"])
        assert entitlements(fresh(stranger), acme["open"]) == frozenset()

    def test_wholesale_admin_provisions_but_does_not_administer_customers(self, acme):
        user = partner_admin(acme["partner"], Role.WHOLESALE_ADMIN)
        assert user.has_perm(p.PARTNER_WHOLESALE_WRITE, acme["partner"])
        assert not user.has_perm(p.PARTNER_MANAGE_ADMINS, acme["partner"])
        assert entitlements(user, acme["open"]) == frozenset()

    def test_roles_add_up(self, acme):
        user = partner_admin(acme["partner"], Role.PARTNER_READONLY_ADMIN, Role.WHOLESALE_ADMIN)
        assert user.has_perm(p.PARTNER_WHOLESALE_WRITE, acme["partner"])
        assert user.has_perm(p.PARTNER_VIEW_ADMINS, acme["partner"])


class TestHierarchy:
    def test_full_plus_wholesale_admin_gets_indirect_providers_and_cross_launch(self, acme):
        user = partner_admin(acme["partner"], Role.PARTNER_FULL_ADMIN, Role.WHOLESALE_ADMIN)
        assert user.has_perm(p.PARTNER_VIEW_SUBPARTNERS, acme["partner"])
        in_sub = entitlements(user, acme["sub"])
        assert in_sub == r.CROSS_LAUNCH_PERMISSIONS
        for unavailable in r.CROSS_LAUNCH_UNAVAILABLE:
            assert unavailable not in in_sub
        assert p.PARTNER_VIEW_SUBPARTNERS not in in_sub  # one level only
        assert acting_on_behalf_of(user, acme["sub"]) == acme["partner"]

    def test_full_admin_alone_cannot_cross_launch(self, acme):
        user = partner_admin(acme["partner"], Role.PARTNER_FULL_ADMIN)
        assert entitlements(user, acme["sub"]) == frozenset()
        assert entitlements(user, acme["sub_customer"]) == frozenset()

    def test_parent_manages_sub_partner_customers(self, acme):
        user = partner_admin(acme["partner"], Role.PARTNER_FULL_ADMIN, Role.WHOLESALE_ADMIN)
        assert entitlements(user, acme["sub_customer"]) == r.PARTNER_CUSTOMER_FULL
        assert acting_on_behalf_of(user, acme["sub_customer"]) == acme["partner"]

    def test_sub_partner_admin_sees_nothing_of_parent_or_siblings(self, acme):
        sibling = PartnerFactory(parent=acme["partner"])
        user = partner_admin(acme["sub"], Role.PARTNER_FULL_ADMIN, Role.WHOLESALE_ADMIN)
        assert user.has_perm(p.PARTNER_VIEW, acme["sub"])
        assert not user.has_perm(p.PARTNER_VIEW_SUBPARTNERS, acme["sub"])
        assert entitlements(user, acme["partner"]) == frozenset()
        assert entitlements(user, sibling) == frozenset()
        assert entitlements(user, acme["open"]) == frozenset()
        assert entitlements(user, acme["sub_customer"]) == r.PARTNER_CUSTOMER_FULL


class TestCustomerRoles:
    def test_full_admin_with_mode_off_has_everything_customers_may_have(self, acme):
        user = customer_admin(acme["open"], Role.CUSTOMER_FULL_ADMIN)
        assert entitlements(user, acme["open"]) == r.CUSTOMER_FULL
        assert user.has_perm(p.ORG_MANAGE_USERS, acme["open"])
        assert user.has_perm(p.ORG_CHANGE_PACKAGE, acme["open"])

    def test_restricted_mode_subtracts_the_restrictions(self, acme):
        user = customer_admin(acme["restricted"], Role.CUSTOMER_FULL_ADMIN)
        assert entitlements(user, acme["restricted"]) == r.CUSTOMER_FULL - r.RESTRICTED_BY_PARTNER
        assert user.has_perm(p.ORG_EDIT_USER_DETAILS, acme["restricted"])
        assert not user.has_perm(p.ORG_MANAGE_USERS, acme["restricted"])
        assert not user.has_perm(p.ORG_EDIT_COMPANY_NAME, acme["restricted"])

    def test_customer_admins_never_get_partner_only_settings(self, acme):
        user = customer_admin(acme["open"], Role.CUSTOMER_FULL_ADMIN)
        for perm in r.PARTNER_ONLY_CUSTOMER_PERMISSIONS:
            assert not user.has_perm(perm, acme["open"])

    def test_readonly_admin_only_reads(self, acme):
        user = customer_admin(acme["open"], Role.CUSTOMER_READONLY_ADMIN)
        assert entitlements(user, acme["open"]) == r.CUSTOMER_READ

    def test_user_and_device_admin(self, acme):
        user = customer_admin(acme["open"], Role.USER_DEVICE_ADMIN)
        assert user.has_perm(p.ORG_MANAGE_USERS, acme["open"])
        assert user.has_perm(p.ORG_MANAGE_DEVICES, acme["open"])
        assert not user.has_perm(p.ORG_MANAGE_DOMAINS, acme["open"])
        assert not user.has_perm(p.ORG_VIEW_AUDIT, acme["open"])

    def test_customer_admin_has_nothing_at_partner_level(self, acme):
        user = customer_admin(acme["open"], Role.CUSTOMER_FULL_ADMIN)
        assert entitlements(user, acme["partner"]) == frozenset()
        assert entitlements(user, acme["restricted"]) == frozenset()
        assert acting_on_behalf_of(user, acme["open"]) is None

    def test_only_the_orgs_own_full_admin_approves_a_partner_attach(self, acme):
        perm = p.ORG_APPROVE_PARTNER_ATTACH
        assert customer_admin(acme["open"], Role.CUSTOMER_FULL_ADMIN).has_perm(perm, acme["open"])
        assert not customer_admin(acme["open"], Role.CUSTOMER_READONLY_ADMIN).has_perm(
            perm, acme["open"]
        )
        partner = partner_admin(acme["partner"], Role.PARTNER_FULL_ADMIN, Role.WHOLESALE_ADMIN)
        for customer in (acme["open"], acme["sub_customer"]):
            assert not partner.has_perm(perm, customer)
        assert r.CUSTOMER_ONLY_PERMISSIONS.isdisjoint(r.PARTNER_CUSTOMER_FULL)

    def test_partner_admins_are_never_restricted(self, acme):
        user = partner_admin(acme["partner"], Role.PARTNER_FULL_ADMIN)
        assert user.has_perm(p.ORG_MANAGE_USERS, acme["restricted"])


class TestPartnerAccessAfterAttach:
    """PV-8, CH-7: an attach to a licensed org makes the partner provisioning admin only."""

    @pytest.fixture
    def attached(self, acme):
        return CustomerFactory(
            owner=acme["partner"],
            restricted_by_partner=False,
            partner_access=PartnerAccess.PROVISIONING_ADMIN,
        )

    def test_the_access_value_is_the_models(self):
        assert r.PROVISIONING_ADMIN_ACCESS == PartnerAccess.PROVISIONING_ADMIN

    @pytest.mark.parametrize("role", [Role.PARTNER_FULL_ADMIN, Role.PARTNER_ADMIN])
    def test_partner_roles_are_capped_to_provisioning(self, acme, attached, role):
        user = partner_admin(acme["partner"], role)
        assign_customer(user, attached)
        user = fresh(user)
        assert entitlements(user, attached) == r.PROVISIONING_ADMIN_PERMISSIONS
        assert user.has_perm(p.ORG_MANAGE_USERS, attached)
        assert user.has_perm(p.ORG_CHANGE_PACKAGE, attached)
        for perm in (
            p.ORG_EDIT_USER_DETAILS,
            p.ORG_MANAGE_USER_ROLES,
            p.ORG_EDIT_COMPANY_NAME,
            p.ORG_MANAGE_DOMAINS,
            p.ORG_MANAGE_AUTHENTICATION,
            p.ORG_VIEW_SETTINGS,
            p.ORG_VIEW_AUDIT,
            p.ORG_MANAGE_RESTRICTED_MODE,
        ):
            assert not user.has_perm(perm, attached), perm
        if role == Role.PARTNER_FULL_ADMIN:  # elsewhere the same admin keeps everything
            assert entitlements(user, acme["open"]) == r.PARTNER_CUSTOMER_FULL

    def test_readonly_partner_admins_only_see_the_users(self, acme, attached):
        user = partner_admin(acme["partner"], Role.PARTNER_READONLY_ADMIN)
        assert entitlements(user, attached) == r.CUSTOMER_READ & r.PROVISIONING_ADMIN_PERMISSIONS
        assert not user.has_perm(p.ORG_MANAGE_USERS, attached)

    def test_parent_admins_of_a_sub_partners_attached_org_are_capped_too(self, acme):
        attached = CustomerFactory(
            owner=acme["sub"], partner_access=PartnerAccess.PROVISIONING_ADMIN
        )
        user = partner_admin(acme["partner"], Role.PARTNER_FULL_ADMIN, Role.WHOLESALE_ADMIN)
        assert entitlements(user, attached) == r.PROVISIONING_ADMIN_PERMISSIONS

    def test_a_full_admin_attach_is_not_capped(self, acme):
        attached = CustomerFactory(owner=acme["partner"], partner_access=PartnerAccess.FULL_ADMIN)
        user = partner_admin(acme["partner"], Role.PARTNER_FULL_ADMIN)
        assert entitlements(user, attached) == r.PARTNER_CUSTOMER_FULL

    def test_the_orgs_own_admins_are_not_affected(self, attached):
        user = customer_admin(attached, Role.CUSTOMER_FULL_ADMIN)
        assert entitlements(user, attached) == r.CUSTOMER_FULL

    def test_sql_agrees(self, acme, attached):
        users = [
            partner_admin(acme["partner"], Role.PARTNER_FULL_ADMIN),
            partner_admin(acme["partner"], Role.PARTNER_READONLY_ADMIN),
            partner_admin(acme["partner"], Role.PARTNER_FULL_ADMIN, Role.WHOLESALE_ADMIN),
            customer_admin(attached, Role.CUSTOMER_FULL_ADMIN),
        ]
        for user, perm in itertools.product(users, p.all_codenames()):
            if perm.startswith("org."):
                in_sql = Customer.objects.visible_to(user, perm).filter(pk=attached.pk).exists()
                assert in_sql == user.has_perm(perm, attached), (user, perm)

    def test_provisioning_is_a_subset_of_what_partners_get(self):
        assert r.PROVISIONING_ADMIN_PERMISSIONS <= r.PARTNER_CUSTOMER_FULL
        assert p.all_codenames() >= r.PROVISIONING_ADMIN_PERMISSIONS


class TestPlatform:
    def test_compliance_reviewer_has_no_organization(self, acme):
        user = compliance_reviewer()
        assert user.has_perm(p.COMPLIANCE_REVIEW)
        assert entitlements(user, acme["partner"]) == frozenset()
        assert entitlements(user, acme["open"]) == frozenset()

    def test_nobody_else_reviews(self, acme):
        assert not partner_admin(acme["partner"], Role.PARTNER_FULL_ADMIN).has_perm(
            p.COMPLIANCE_REVIEW
        )

    def test_inactive_users_have_nothing(self, acme):
        user = partner_admin(acme["partner"], Role.PARTNER_FULL_ADMIN)
        user.is_active = False
        user.save()
        user = fresh(user)
        assert not user.has_perm(p.PARTNER_VIEW, acme["partner"])
        assert not Partner.objects.visible_to(user).exists()


def test_every_role_codename_is_declared():
    declared = p.all_codenames()
    tables = [
        r.PARTNER_ROLE_PERMISSIONS,
        r.CUSTOMER_ROLE_PERMISSIONS,
        r.PLATFORM_ROLE_PERMISSIONS,
        r.PARTNER_ROLE_CUSTOMER_PERMISSIONS,
    ]
    used = set().union(*(perms for table in tables for perms in table.values()))
    used |= r.RESTRICTED_BY_PARTNER | r.INDIRECT_PROVIDER_PERMISSIONS
    assert used <= declared
    assert r.RESTRICTED_BY_PARTNER <= r.PARTNER_CUSTOMER_FULL


DEMO_EMAILS = [
    demo.ACME_ADMIN,
    demo.ACME_READONLY,
    demo.ACME_SALES,
    demo.NORTHWIND_ADMIN,
    demo.GLOBEX_ADMIN,
    demo.CONTOSO_ADMIN,
    demo.CONTOSO_READONLY,
    demo.FABRIKAM_ADMIN,
    demo.TAILSPIN_ADMIN,
    demo.WIDE_WORLD_ADMIN,
    demo.COMPLIANCE,
]


@pytest.mark.parametrize("email", DEMO_EMAILS)
def test_sql_scoping_agrees_with_python_entitlements(email):
    """visible_to(user, perm) in SQL and has_perm(perm, org) in Python are the same rule."""
    user = User.objects.get(email=email)
    organizations = list(Partner.objects.select_related("parent")) + list(
        Customer.objects.select_related("owner__parent")
    )
    partner_perms = [c for c in p.all_codenames() if c.startswith("partner.")]
    customer_perms = [c for c in p.all_codenames() if c.startswith("org.")]
    # One query per (model, codename), then every organization is checked against it in Python:
    # the same comparison as one query per organization, without growing with the demo data.
    visible = {}
    for model, perms in ((Partner, partner_perms), (Customer, customer_perms)):
        for perm in perms:
            visible[model, perm] = set(
                model.objects.visible_to(user, perm).values_list("pk", flat=True)
            )
    for organization, perm in itertools.chain(
        itertools.product([o for o in organizations if isinstance(o, Partner)], partner_perms),
        itertools.product([o for o in organizations if isinstance(o, Customer)], customer_perms),
    ):
        in_sql = organization.pk in visible[type(organization), perm]
        assert in_sql == user.has_perm(perm, organization), (email, organization, perm)


def test_demo_roles_land_where_the_issue_says():
    def can(email, perm, obj):
        return User.objects.get(email=email).has_perm(perm, obj)

    acme, northwind, globex = (
        Partner.objects.get(pk=i) for i in (demo.ACME, demo.NORTHWIND, demo.GLOBEX)
    )
    contoso, fabrikam, tailspin = (
        Customer.objects.get(pk=i) for i in (demo.CONTOSO, demo.FABRIKAM, demo.TAILSPIN)
    )
    assert can(demo.ACME_ADMIN, p.PARTNER_VIEW_SUBPARTNERS, acme)
    assert can(demo.ACME_ADMIN, p.PARTNER_VIEW, northwind)  # cross-launch
    assert can(demo.ACME_ADMIN, p.ORG_VIEW, tailspin)
    assert can(demo.ACME_SALES, p.ORG_VIEW, contoso)
    assert not can(demo.ACME_SALES, p.ORG_VIEW, fabrikam)
    assert not can(demo.NORTHWIND_ADMIN, p.PARTNER_VIEW, acme)
    assert not can(demo.GLOBEX_ADMIN, p.PARTNER_VIEW, acme)
    assert can(demo.GLOBEX_ADMIN, p.PARTNER_VIEW, globex)
    assert not can(demo.CONTOSO_ADMIN, p.ORG_MANAGE_USERS, contoso)  # restricted
    assert can(demo.FABRIKAM_ADMIN, p.ORG_MANAGE_USERS, fabrikam)  # mode off
    assert can(demo.COMPLIANCE, p.COMPLIANCE_REVIEW, None)
