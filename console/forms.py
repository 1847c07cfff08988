from django import forms

from billing.models import SKU_ITEM_CHOICES
from portal.catalogues import regions


class PartnerCreateForm(forms.Form):
    name = forms.CharField(label="Organization name", max_length=255)
    country = forms.ChoiceField(
        label="Country", choices=[("", "Choose a country"), *regions.CHOICES]
    )
    admin_email = forms.EmailField(label="Email", max_length=254)
    admin_first_name = forms.CharField(label="First name", max_length=150, required=False)
    admin_last_name = forms.CharField(label="Last name", max_length=150, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = "form-select" if name == "country" else "form-control"
            field.widget.attrs.setdefault("class", css)


class _Styled(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault("class", "form-select" if select else "form-control")


class SubscriptionForm(_Styled):
    """Text fields where the service checks the rule, so a bad value is kept and explained."""

    prefix = "subscription"
    subscription_id = forms.CharField(
        label="Subscription ID", max_length=64, help_text="From the partner's purchase order."
    )
    billing_start = forms.DateField(
        label="Billing start", widget=forms.DateInput(attrs={"type": "date"})
    )
    currency = forms.CharField(
        label="Currency", max_length=3, initial="USD", help_text="ISO 4217, e.g. EUR, GBP, USD."
    )


class SkuForm(_Styled):
    prefix = "sku"
    package = forms.ChoiceField(label="Package, add-on or service", choices=SKU_ITEM_CHOICES)
    sku = forms.CharField(label="SKU code", max_length=64)
    description = forms.CharField(label="Description", max_length=255, required=False)
    transfer_price = forms.CharField(
        label="Transfer price",
        max_length=20,
        help_text="Packages: per license per month. Setup Assist Express: per location; "
        "Standard: per seat. ≥ 0.",
    )


class PriceChangeForm(_Styled):
    prefix = "price"
    package = forms.ChoiceField(label="SKU", choices=SKU_ITEM_CHOICES)
    effective_from = forms.DateField(
        label="Effective from", widget=forms.DateInput(attrs={"type": "date"})
    )
    transfer_price = forms.CharField(label="New transfer price", max_length=20)


class ReviewerForm(_Styled):
    prefix = "reviewer"
    email = forms.EmailField(label="Email", max_length=254)


class DplUploadForm(_Styled):
    file = forms.FileField(
        label="Denied Persons List file",
        help_text="The official tab-separated text file, with its header line.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 20 MB.")
        return upload


class SetupAssistAdvanceForm(_Styled):
    prefix = "phase"
    day = forms.DateField(label="Phase finished on", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label="Note", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
