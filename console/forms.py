from django import forms

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
