from portal.access.roles import Role
from portal.catalogues import packages
from portal.models import Customer, CustomerPackage, CustomerRoleAssignment


def full_admin_emails(customer: Customer) -> set[str]:
    """The customer's full administrators: its primary admin and every full-admin role holder."""
    emails = set(
        CustomerRoleAssignment.objects.filter(
            customer=customer, role=Role.CUSTOMER_FULL_ADMIN
        ).values_list("user__email", flat=True)
    )
    if customer.primary_email:
        emails.add(customer.primary_email.lower())
    return emails


def customer_package_level(customer: Customer) -> packages.Package | None:
    """The customer's package level: the highest package it was provisioned with."""
    names = CustomerPackage.objects.for_org(customer).exclude(status="deleting")
    return packages.highest(names.values_list("package", flat=True))


def current_subscribers(customer: Customer):
    from controlhub.models import Subscriber

    return Subscriber.objects.for_org(customer).current()


def email_in_use(email: str, *, exclude_subscriber=None) -> bool:
    """Whether a current subscriber of any customer already has this email."""
    from controlhub.models import Subscriber

    qs = Subscriber.objects.current().filter(email__iexact=email)
    if exclude_subscriber is not None:
        qs = qs.exclude(pk=exclude_subscriber.pk)
    return qs.exists()
