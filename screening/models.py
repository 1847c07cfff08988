"""Restricted/Denied Persons screening (FEATURES PV-2, seed 001 "Restricted and Denied Persons
Checks"): the imported list and the review cases it opens."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q

from portal.models import Customer
from portal.states import StateMachine
from portal.tenancy import TenantQuerySet

#: After this long without a decision onboarding stops (seed 001: 72 hours).
REVIEW_DEADLINE = timedelta(hours=72)


#: Decimal places of a screening score, as computed (screening.services.Match) and stored.
SCORE_PLACES = 1


class DeniedParty(models.Model):
    """One entry of the Denied Persons List, as imported by `manage.py import_dpl`.

    Platform data, not tenant data: every customer of every partner is screened against it.
    """

    name = models.CharField(max_length=500)
    street_address = models.CharField(max_length=500, blank=True)
    city = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True, help_text="As given in the list")
    postal_code = models.CharField(max_length=50, blank=True)
    effective_date = models.DateField(null=True, blank=True)
    expiration_date = models.DateField(null=True, blank=True)
    standard_order = models.CharField(max_length=20, blank=True)
    last_update = models.DateField(null=True, blank=True)
    action = models.CharField(max_length=100, blank=True)
    fr_citation = models.CharField("FR citation", max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "denied parties"

    def __str__(self):
        return self.name

    @property
    def address(self) -> str:
        parts = [self.street_address, self.city, self.state, self.postal_code, self.country]
        return ", ".join(part for part in parts if part)


class ScreeningCaseStatus(models.TextChoices):
    OPEN = "open", "Waiting for review"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    EXPIRED = "expired", "Expired after 72 hours"


#: The review state machine: a case is decided once.
#: A case is decided once: approved or rejected by a reviewer, or expired after 72 hours.
CASE_TRANSITIONS = {
    ScreeningCaseStatus.OPEN: frozenset(
        {ScreeningCaseStatus.APPROVED, ScreeningCaseStatus.REJECTED, ScreeningCaseStatus.EXPIRED}
    ),
}


class ScreeningCaseQuerySet(TenantQuerySet):
    org_field = "customer"

    def open(self):
        return self.filter(status=ScreeningCaseStatus.OPEN)


class ScreeningCase(models.Model):
    """A customer whose name or address resembled a listed party, waiting for a reviewer."""

    states = StateMachine(CASE_TRANSITIONS, changed_at="decided_at")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="screening_cases")
    status = models.CharField(
        max_length=16, choices=ScreeningCaseStatus.choices, default=ScreeningCaseStatus.OPEN
    )
    #: What was screened (name and billing address), so a decision applies to exactly that.
    fingerprint = models.CharField(max_length=64)
    screened_name = models.CharField(max_length=255)
    screened_address = models.CharField(max_length=500, blank=True)
    #: The best match, copied so the case survives a re-import of the list.
    matched_party = models.ForeignKey(
        DeniedParty, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    matched_name = models.CharField(max_length=500)
    matched_address = models.CharField(max_length=1000, blank=True)
    matched_on = models.CharField(max_length=16, help_text="name or address")
    #: 0–100, at the precision Match.stored_score computes (SCORE_PLACES decimal places).
    score = models.DecimalField(max_digits=4 + SCORE_PLACES, decimal_places=SCORE_PLACES)
    #: Every entry above the threshold: [{"name", "address", "score", "matchedOn"}]
    matches = models.JSONField(default=list, blank=True)
    #: The customer's status when screening stopped it (provisioning or updating): approval
    #: resumes exactly that work.
    interrupted_status = models.CharField(max_length=32)
    opened_at = models.DateTimeField(auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)

    objects = ScreeningCaseQuerySet.as_manager()

    class Meta:
        ordering = ["opened_at", "id"]
        constraints = [
            # One open case per customer: a retried screening must not open a second one.
            models.UniqueConstraint(
                fields=["customer"],
                condition=Q(status="open"),
                name="one_open_screening_case_per_customer",
            )
        ]
        indexes = [models.Index(fields=["status", "opened_at"])]

    def __str__(self):
        return f"{self.screened_name} ~ {self.matched_name} ({self.score})"

    @property
    def deadline(self):
        return self.opened_at + REVIEW_DEADLINE
