"""factory_boy factories: one per concrete model of the project's apps (STYLE rule 11).

Each builds a saved instance that passes full_clean() on its own (tests/test_factories.py
checks it for every model Django knows in portal, screening, controlhub, billing, wholesale
and partnerhub). Related objects are made by SubFactory and kept consistent: a subscriber's
location belongs to the subscriber's customer, a usage row's partner is its customer's owner.
"""

import hashlib
from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth.models import Permission
from django.utils import timezone
from guardian.shortcuts import assign_perm

from billing.models import (
    BillingReport,
    DailyUsage,
    MonthlyUsage,
    OneTimeCharge,
    ReportType,
    Sku,
    SkuPrice,
    UsageDay,
    UsageMonth,
    WholesaleSubscription,
)
from controlhub.models import (
    Device,
    Domain,
    Location,
    MeetingSite,
    OrganizationSettings,
    PackageAssignment,
    PhoneNumber,
    Subscriber,
    SubscriberActivity,
    Workspace,
)
from partnerhub.models.branding import Branding
from partnerhub.models.sso import (
    OidcIdentityProvider,
    SamlIdentityProvider,
    SsoAssertionUse,
    SsoIdentity,
)
from partnerhub.models.tags import CustomerTag, SubscriptionTag, Tag
from portal.access.roles import ASSIGNED_CUSTOMER_PERMISSION, Role
from portal.models import (
    ApiToken,
    AssignedCustomerPermission,
    AuditEvent,
    Customer,
    CustomerPackage,
    CustomerRoleAssignment,
    CustomerStatus,
    OnboardingTemplate,
    Partner,
    PartnerRoleAssignment,
    PlatformRoleAssignment,
    User,
)
from portal.models.invitations import Invitation
from portal.models.tokens import ApiAuthFailure
from screening.models import DeniedParty, ScreeningCase
from wholesale.models import CustomerSubscription, SetupAssistPhase, SetupAssistRequest

# --- portal ---------------------------------------------------------------------------------


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


class SubPartnerFactory(PartnerFactory):
    """A partner's indirect provider (one level only)."""

    parent = factory.SubFactory(PartnerFactory)


class OnboardingTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OnboardingTemplate

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"Template {n}")
    subscription_id = factory.Sequence(lambda n: f"Sub{n:06}")


class CustomerPackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerPackage

    customer = factory.SubFactory(CustomerFactory)
    package = "webex_calling"
    limit = 10


class PartnerRoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerRoleAssignment

    user = factory.SubFactory(UserFactory)
    partner = factory.SubFactory(PartnerFactory)
    role = Role.PARTNER_FULL_ADMIN


class CustomerRoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerRoleAssignment

    user = factory.SubFactory(UserFactory)
    customer = factory.SubFactory(CustomerFactory)
    role = Role.CUSTOMER_FULL_ADMIN


class PlatformRoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlatformRoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.COMPLIANCE_REVIEWER


class AssignedCustomerPermissionFactory(factory.django.DjangoModelFactory):
    """A partner admin's grant on one customer (django-guardian's direct-FK row)."""

    class Meta:
        model = AssignedCustomerPermission

    user = factory.SubFactory(UserFactory)
    content_object = factory.SubFactory(CustomerFactory)
    permission = factory.LazyFunction(
        lambda: Permission.objects.get(
            content_type__app_label="portal", codename=ASSIGNED_CUSTOMER_PERMISSION
        )
    )


class ApiTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"Token {n}")
    token_hash = factory.Sequence(lambda n: hashlib.sha256(f"token-{n}".encode()).hexdigest())
    prefix = factory.Sequence(lambda n: f"wxp_{n:08}"[:12])
    scopes = factory.LazyFunction(lambda: ["customers:read"])


class AuditEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEvent

    partner = factory.SubFactory(PartnerFactory)
    actor = factory.SubFactory(UserFactory)
    actor_email = factory.SelfAttribute("actor.email")
    action = "customer.update"
    target_type = "customer"
    target_id = factory.Sequence(str)
    target_repr = factory.Sequence(lambda n: f"Customer {n}")


# --- screening ------------------------------------------------------------------------------


class DeniedPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeniedParty

    name = factory.Sequence(lambda n: f"Denied Trading {n}")
    street_address = "1 Harbour Road"
    city = "Nowhere"
    country = "ZZ"
    effective_date = date(2020, 1, 1)


class ScreeningCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScreeningCase

    customer = factory.SubFactory(CustomerFactory, status=CustomerStatus.PROVISIONING)
    fingerprint = factory.Sequence(lambda n: hashlib.sha256(f"case-{n}".encode()).hexdigest())
    screened_name = factory.SelfAttribute("customer.name")
    matched_party = factory.SubFactory(DeniedPartyFactory)
    matched_name = factory.SelfAttribute("matched_party.name")
    matched_on = "name"
    score = Decimal("91.5")
    interrupted_status = CustomerStatus.PROVISIONING


# --- controlhub -----------------------------------------------------------------------------


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    customer = factory.SubFactory(CustomerFactory)
    name = factory.Sequence(lambda n: f"Office {n}")
    address_line1 = "1 Main Street"
    city = "Springfield"
    country = "US"


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    customer = factory.SubFactory(CustomerFactory)
    location = factory.SubFactory(LocationFactory, customer=factory.SelfAttribute("..customer"))
    email = factory.Sequence(lambda n: f"user{n}@customer.example")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"User{n}")
    package = "webex_calling"


class PhoneNumberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PhoneNumber

    customer = factory.SubFactory(CustomerFactory)
    location = factory.SubFactory(LocationFactory, customer=factory.SelfAttribute("..customer"))
    number = factory.Sequence(lambda n: f"+1415666{n:04}")


class WorkspaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workspace

    customer = factory.SubFactory(CustomerFactory)
    location = factory.SubFactory(LocationFactory, customer=factory.SelfAttribute("..customer"))
    name = factory.Sequence(lambda n: f"Hallway {n}")
    package = "common_area_calling"
    extension = factory.Sequence(lambda n: f"{7000 + n}")


class DeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Device

    workspace = factory.SubFactory(WorkspaceFactory)
    customer = factory.SelfAttribute("workspace.customer")
    management = "cisco"
    model = "cisco_8851"
    mac = factory.Sequence(lambda n: f"0C1167{n:06X}")


class MeetingSiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSite

    customer = factory.SubFactory(CustomerFactory)
    name = factory.Sequence(lambda n: f"site-{n}")
    call_in_country = "US"
    call_in_country_code = "+1"
    call_in_region = "AMER"


class PackageAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PackageAssignment

    subscriber = factory.SubFactory(SubscriberFactory)
    customer = factory.SelfAttribute("subscriber.customer")
    package = factory.SelfAttribute("subscriber.package")
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))


class SubscriberActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubscriberActivity

    subscriber = factory.SubFactory(SubscriberFactory)
    customer = factory.SelfAttribute("subscriber.customer")
    day = factory.LazyFunction(lambda: timezone.now().date() - timedelta(days=1))
    calls_placed = 3
    calls_received = 2
    meetings_hosted = 1
    meetings_joined = 1
    minutes = 42


class OrganizationSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationSettings

    customer = factory.SubFactory(CustomerFactory)


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domain

    customer = factory.SubFactory(CustomerFactory)
    name = factory.Sequence(lambda n: f"domain{n}.example")
    verification_token = factory.Sequence(lambda n: f"webex-verify-{n:012}")


# --- billing --------------------------------------------------------------------------------


class WholesaleSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WholesaleSubscription

    partner = factory.SubFactory(PartnerFactory)
    subscription_id = factory.Sequence(lambda n: f"Sub{n:06}")
    billing_start = date(2026, 1, 1)


class SkuFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sku

    subscription = factory.SubFactory(WholesaleSubscriptionFactory)
    package = "webex_calling"
    sku = factory.Sequence(lambda n: f"A-WHL-CALL-{n}")
    description = "Webex Calling, per user per month"
    transfer_price = Decimal("8.50")


class SkuPriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkuPrice

    sku = factory.SubFactory(SkuFactory)
    effective_from = date(2026, 3, 1)
    transfer_price = Decimal("9.00")


class UsageDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UsageDay
        django_get_or_create = ["day"]

    day = factory.Sequence(lambda n: date(2020, 1, 1) + timedelta(days=n))


class DailyUsageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DailyUsage

    subscriber = factory.SubFactory(SubscriberFactory)
    customer = factory.SelfAttribute("subscriber.customer")
    partner = factory.SelfAttribute("customer.owner")
    location = factory.SelfAttribute("subscriber.location")
    package = factory.SelfAttribute("subscriber.package")
    day = date(2026, 2, 1)
    seconds = 86400


class UsageMonthFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UsageMonth
        django_get_or_create = ["month"]

    month = factory.Sequence(lambda n: date(2000 + n // 12, n % 12 + 1, 1))


class MonthlyUsageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthlyUsage

    subscriber = factory.SubFactory(SubscriberFactory)
    customer = factory.SelfAttribute("subscriber.customer")
    partner = factory.SelfAttribute("customer.owner")
    location = factory.SelfAttribute("subscriber.location")
    package = factory.SelfAttribute("subscriber.package")
    month = date(2026, 2, 1)
    seconds = 28 * 86400
    first_day = date(2026, 2, 1)
    last_day = date(2026, 2, 28)


class BillingReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BillingReport

    partner = factory.SubFactory(PartnerFactory)
    type = ReportType.PARTNER
    billing_start_date = date(2026, 1, 1)
    billing_end_date = date(2026, 1, 31)
    created_by = factory.SubFactory(UserFactory)


# --- wholesale ------------------------------------------------------------------------------


class OneTimeChargeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OneTimeCharge

    customer = factory.SubFactory(CustomerFactory)
    partner = factory.SelfAttribute("customer.owner")
    location = factory.SubFactory(LocationFactory, customer=factory.SelfAttribute("..customer"))
    item = "setup_assist_express"
    quantity = 1
    day = date(2024, 4, 10)
    reference = factory.Sequence(lambda n: f"test:{n}")


class SetupAssistRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SetupAssistRequest

    customer = factory.SubFactory(CustomerFactory)
    partner = factory.SelfAttribute("customer.owner")
    location = factory.SubFactory(LocationFactory, customer=factory.SelfAttribute("..customer"))
    seats = 3
    item = "setup_assist_express"
    contact_name = "Pat Contact"
    contact_email = factory.Sequence(lambda n: f"contact{n}@customer.example")
    target_date = date(2024, 5, 1)
    prerequisites = factory.LazyFunction(lambda: ["network", "onboarded", "provisioned"])


class SetupAssistPhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SetupAssistPhase

    request = factory.SubFactory(SetupAssistRequestFactory)
    number = 1
    name = "Discovery and Assessment"
    day = date(2024, 4, 20)


class CustomerSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerSubscription

    customer = factory.SubFactory(CustomerFactory)
    subscription_id = factory.Sequence(lambda n: f"Sub{n:06}")


# --- partnerhub -----------------------------------------------------------------------------


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"tag-{n}")


class CustomerTagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerTag

    customer = factory.SubFactory(CustomerFactory)
    tag = factory.SubFactory(TagFactory, partner=factory.SelfAttribute("..customer.owner"))


class SubscriptionTagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubscriptionTag

    customer = factory.SubFactory(CustomerFactory)
    subscription_id = factory.Sequence(lambda n: f"Sub{n:06}")
    tag = factory.SubFactory(TagFactory, partner=factory.SelfAttribute("..customer.owner"))


class BrandingFactory(factory.django.DjangoModelFactory):
    """A partner's branding; pass customer=… and partner=None for a customer's override."""

    class Meta:
        model = Branding

    partner = factory.SubFactory(PartnerFactory)
    support_url = "https://support.example/"


class SamlIdentityProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SamlIdentityProvider

    partner = factory.SubFactory(PartnerFactory)
    entity_id = factory.Sequence(lambda n: f"https://idp{n}.example/saml")
    metadata_xml = factory.LazyAttribute(
        lambda o: (
            f'<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" '
            f'entityID="{o.entity_id}"/>'
        )
    )
    sso_url = factory.LazyAttribute(lambda o: f"{o.entity_id}/sso")


class OidcIdentityProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OidcIdentityProvider

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"oidc-idp-{n}")
    client_id = factory.Sequence(lambda n: f"client-{n}")
    client_secret = "not-a-real-secret"
    discovery_endpoint = "https://idp.example/.well-known/openid-configuration"


class SsoIdentityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SsoIdentity

    partner = factory.SubFactory(PartnerFactory)
    protocol = "oidc"
    subject = factory.Sequence(lambda n: f"subject-{n}")
    user = factory.SubFactory(UserFactory)


class SsoAssertionUseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SsoAssertionUse

    partner = factory.SubFactory(PartnerFactory)
    protocol = "saml"
    assertion_id = factory.Sequence(lambda n: f"_assertion{n}")
    not_on_or_after = factory.LazyFunction(lambda: timezone.now() + timedelta(minutes=5))


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    user = factory.SubFactory(UserFactory)
    partner = factory.SubFactory(PartnerFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class ApiAuthFailureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiAuthFailure

    address = factory.Sequence(lambda n: f"192.0.2.{n % 250 + 1}")
    window_started_at = factory.LazyFunction(timezone.now)


#: Every project model's factory, looked up by tests/test_factories.py.
FACTORIES = {
    factory_class._meta.model: factory_class
    for factory_class in (
        UserFactory,
        PartnerFactory,
        CustomerFactory,
        InvitationFactory,
        ApiAuthFailureFactory,
        OnboardingTemplateFactory,
        CustomerPackageFactory,
        PartnerRoleAssignmentFactory,
        CustomerRoleAssignmentFactory,
        PlatformRoleAssignmentFactory,
        AssignedCustomerPermissionFactory,
        ApiTokenFactory,
        AuditEventFactory,
        DeniedPartyFactory,
        ScreeningCaseFactory,
        LocationFactory,
        SubscriberFactory,
        PhoneNumberFactory,
        PackageAssignmentFactory,
        SubscriberActivityFactory,
        WorkspaceFactory,
        DeviceFactory,
        MeetingSiteFactory,
        OrganizationSettingsFactory,
        DomainFactory,
        WholesaleSubscriptionFactory,
        SkuFactory,
        SkuPriceFactory,
        UsageDayFactory,
        DailyUsageFactory,
        UsageMonthFactory,
        MonthlyUsageFactory,
        BillingReportFactory,
        CustomerSubscriptionFactory,
        OneTimeChargeFactory,
        SetupAssistRequestFactory,
        SetupAssistPhaseFactory,
        TagFactory,
        CustomerTagFactory,
        SubscriptionTagFactory,
        BrandingFactory,
        SamlIdentityProviderFactory,
        OidcIdentityProviderFactory,
        SsoIdentityFactory,
        SsoAssertionUseFactory,
    )
}


# --- helpers --------------------------------------------------------------------------------


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
