import factory
from guardian.shortcuts import assign_perm

from portal.access.roles import ASSIGNED_CUSTOMER_PERMISSION, Role
from portal.models import (
    Customer,
    CustomerRoleAssignment,
    CustomerStatus,
    Partner,
    PartnerRoleAssignment,
    PlatformRoleAssignment,
    User,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    first_name = "Pat"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    password = factory.django.Password("secret-password")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner {n}")


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.Sequence(lambda n: f"Customer {n}")
    owner = factory.SubFactory(PartnerFactory)
    status = CustomerStatus.PROVISIONED
    country = "US"
    language = "en_US"


def partner_admin(partner: Partner, *roles: Role, user: User | None = None) -> User:
    user = user or UserFactory()
    for role in roles:
        PartnerRoleAssignment.objects.create(user=user, partner=partner, role=role)
    return user


def customer_admin(customer: Customer, *roles: Role, user: User | None = None) -> User:
    user = user or UserFactory()
    for role in roles:
        CustomerRoleAssignment.objects.create(user=user, customer=customer, role=role)
    return user


def assign_customer(user: User, customer: Customer) -> None:
    assign_perm(f"portal.{ASSIGNED_CUSTOMER_PERMISSION}", user, customer)


def compliance_reviewer() -> User:
    user = UserFactory()
    PlatformRoleAssignment.objects.create(user=user, role=Role.COMPLIANCE_REVIEWER)
    return user
