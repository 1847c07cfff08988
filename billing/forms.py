from datetime import timedelta

from django import forms

from billing import usage
from billing.models import ReportType
from billing.services import earliest_report_day

#: Service error fields (the API's names) → form fields.
FIELD_FOR_ERROR = {
    "billingStartDate": "billing_start_date",
    "billingEndDate": "billing_end_date",
    "type": "type",
    "subPartnerOrgId": "sub_partner",
}


class ReportForm(forms.Form):
    """Collects the request; billing.services.billing_report_create holds the rules and its
    errors are shown next to the field they name."""

    billing_start_date = forms.CharField(
        label="Start date", widget=forms.DateInput(attrs={"type": "date"})
    )
    billing_end_date = forms.CharField(
        label="End date", widget=forms.DateInput(attrs={"type": "date"})
    )
    type = forms.ChoiceField(label="Report type", choices=ReportType.choices)
    sub_partner = forms.ChoiceField(label="Sub-partner", required=False)

    def __init__(self, *args, sub_partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_partner"].choices = [("", "All customers")] + [
            (str(partner.pk), partner.name) for partner in sub_partners
        ]
        if not sub_partners:
            del self.fields["sub_partner"]
        # The browser's date picker offers only the days the service accepts.
        today = usage.today_utc()
        for name in ("billing_start_date", "billing_end_date"):
            self.fields[name].widget.attrs.update(
                min=earliest_report_day(today).isoformat(),
                max=(today - timedelta(days=1)).isoformat(),
            )
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def add_service_error(self, error) -> None:
        field = FIELD_FOR_ERROR.get(error.field)
        self.add_error(field if field in self.fields else None, error.message)
        self.mark_invalid()

    def full_clean(self):
        super().full_clean()
        self.mark_invalid()

    def mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                css = widget.attrs.get("class", "")
                if "is-invalid" not in css.split():
                    widget.attrs["class"] = f"{css} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"
