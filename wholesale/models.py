"""A customer's wholesale subscription as the customer list sees it (FEATURES PH-3).

The list's subscription states (active, expiring soon, suspended, expired) are derived from
this row (its service term, OP-1: start, end, auto-renew) and `Customer.suspended_at`;
license overage, ready for order setup, invited and no recent activity come from the
subscribers, package limits and admins' sign-ins (see partnerhub.selectors).
"""

from django.db import models

from portal.models import Customer
from portal.tenancy import TenantQuerySet


class SubscriptionState(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"


class CustomerSubscriptionQuerySet(TenantQuerySet):
    org_field = "customer"


class CustomerSubscription(models.Model):
    customer = models.OneToOneField(Customer, on_delete=models.CASCADE, related_name="subscription")
    subscription_id = models.CharField(max_length=64)
    state = models.CharField(
        max_length=16, choices=SubscriptionState.choices, default=SubscriptionState.ACTIVE
    )
    expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the service term ends (the day after its last day, 00:00 UTC); empty "
        "for a subscription with no term.",
    )
    term_start = models.DateField(null=True, blank=True, help_text="The service term's first day.")
    auto_renew = models.BooleanField(
        default=False, help_text="Renewed for another term of the same length when it ends."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CustomerSubscriptionQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["state", "expires_at"])]

    def __str__(self):
        return self.subscription_id
