"""One filterset per list (STYLE rule 8), used by the HTML list and the API list."""

from django import forms
from django.db.models import Exists, OuterRef, Q

from partnerhub.models import CustomerTag
from partnerhub.selectors import ListStatus, customer_list
from portal.access import permissions as p
from portal.catalogues import packages
from portal.models import CustomerPackage, CustomerStatus, Partner

MANAGED_BY_ALL = "all"


class SubscriptionType:
    SUBSCRIPTION = "subscription"
    TRIAL = "trial"
    CHOICES = [(SUBSCRIPTION, "Subscription"), (TRIAL, "Trial")]
    #: Shown where someone would look for trials (FEATURES PH-3).
    NO_TRIALS = (
        "Webex for wholesale has no trials: a Webex trial cannot be converted to a wholesale "
        "customer, so there is no Start Trial button. Create the customer with a template instead."
    )


class CustomerFilterForm(forms.Form):
    q = forms.CharField(label="Search customers", required=False, max_length=100)
    managed_by = forms.ChoiceField(label="Managed by", required=False)
    product = forms.ChoiceField(
        label="Product", required=False, choices=[("", "All products"), *packages.CHOICES]
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "All statuses"), *ListStatus.CHOICES]
    )
    subscription_type = forms.ChoiceField(
        label="Subscription type",
        required=False,
        choices=[("", "All types"), *SubscriptionType.CHOICES],
    )
    tag = forms.ChoiceField(label="Tag", required=False)


class CustomerFilterSet:
    """Filters the customers a user may see in one partner's hub.

    `data` is a QueryDict (request.GET); unknown values are ignored rather than failing, so a
    shared URL with a stale tag still shows a list.
    """

    def __init__(self, data, *, partner: Partner, user, tags):
        self.partner = partner
        self.user = user
        self.tags = list(tags)
        self.sub_partners = (
            list(partner.sub_partners.visible_to(user, p.PARTNER_VIEW_CUSTOMERS))
            if partner.parent_id is None
            else []
        )
        self.form = CustomerFilterForm(data)
        managed = [("", partner.name)]
        if self.sub_partners:
            managed += [(str(s.pk), f"{s.name} (indirect provider)") for s in self.sub_partners]
            managed.append(
                (MANAGED_BY_ALL, f"{partner.name}: include indirect providers' customers")
            )
        self.form.fields["managed_by"].choices = managed
        self.form.fields["tag"].choices = [("", "All tags")] + [
            (str(t.pk), t.name) for t in self.tags
        ]
        for bound in self.form:
            css = "form-select" if isinstance(bound.field, forms.ChoiceField) else "form-control"
            bound.field.widget.attrs["class"] = f"{css} {css}-sm"
        self.form.is_valid()
        self.values = {
            name: self.form.cleaned_data.get(name) or ""
            for name in self.form.fields
            if name not in self.form.errors
        }

    @property
    def active(self) -> bool:
        return any(self.values.values())

    @property
    def shows_no_trials(self) -> bool:
        return self.values.get("subscription_type") == SubscriptionType.TRIAL

    @property
    def qs(self):
        v = self.values
        managed_by = v.get("managed_by", "")
        customers = customer_list(self.partner, self.user, include_sub_partners=bool(managed_by))
        if managed_by and managed_by != MANAGED_BY_ALL:
            customers = customers.filter(owner_id=managed_by)
        if v.get("q"):
            term = v["q"].strip()
            customers = customers.filter(Q(name__icontains=term) | Q(external_id__icontains=term))
        if v.get("product"):
            customers = customers.filter(
                Exists(
                    CustomerPackage.objects.filter(
                        customer=OuterRef("pk"), package=v["product"]
                    ).exclude(status="deleting")
                )
            )
        if v.get("status") in ListStatus.PROVISIONING_LABELS:
            # The list status of a customer not provisioned is its status: filter on the
            # indexed column, not on the computed status (whose subqueries then ran for every
            # customer of the partner to count the pages: about a second at 10,000 customers).
            customers = customers.filter(status=v["status"])
        elif v.get("status"):
            customers = customers.filter(status=CustomerStatus.PROVISIONED, list_status=v["status"])
        if v.get("subscription_type") == SubscriptionType.TRIAL:
            customers = customers.none()
        if v.get("tag"):
            customers = customers.filter(
                Exists(CustomerTag.objects.filter(customer=OuterRef("pk"), tag_id=v["tag"]))
            )
        return customers

    def by_tag_names(self, names: list[str]):
        """API-5: customers carrying any of these tags (names compared case-insensitively)."""
        wanted = {n.strip().lower() for n in names if n.strip()}
        ids = [t.pk for t in self.tags if t.name.lower() in wanted]
        return self.qs.filter(
            Exists(CustomerTag.objects.filter(customer=OuterRef("pk"), tag_id__in=ids))
        )
