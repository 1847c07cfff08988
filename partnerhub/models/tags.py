"""Custom tags (FEATURES PH-12, API-5): a partner's labels for customers and subscriptions.

Every admin of the partner sees them; full admins and partner admins edit them.
"""

from django.db import models
from django.db.models.functions import Lower

from portal.models import Customer, Partner
from portal.tenancy import TenantQuerySet

#: Webex: "Each tag has a character limit of 25 … a limit of 5 tags per organization".
TAG_NAME_MAX = 25
TAGS_PER_CUSTOMER = 5


class TagQuerySet(TenantQuerySet):
    org_field = "partner"


class Tag(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=TAG_NAME_MAX)
    description = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "partner", name="unique_tag_name_per_partner")
        ]

    def __str__(self):
        return self.name


class CustomerTagQuerySet(TenantQuerySet):
    org_field = "customer"


class CustomerTag(models.Model):
    """A tag on a customer organization."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="tag_links")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="customer_links")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CustomerTagQuerySet.as_manager()

    class Meta:
        ordering = ["tag__name"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "tag"], name="unique_customer_tag")
        ]
        indexes = [models.Index(fields=["tag", "customer"])]

    def __str__(self):
        return f"{self.customer_id}: {self.tag_id}"


class SubscriptionTag(models.Model):
    """A tag on one subscription of a customer (API-5 subscription tags)."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="subscription_tag_links"
    )
    subscription_id = models.CharField(max_length=64)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="subscription_links")

    objects = CustomerTagQuerySet.as_manager()

    class Meta:
        ordering = ["subscription_id", "tag__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "subscription_id", "tag"], name="unique_subscription_tag"
            )
        ]
        indexes = [models.Index(fields=["tag", "customer"])]

    def __str__(self):
        return f"{self.customer_id}/{self.subscription_id}: {self.tag_id}"
