from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Email and password; the labels are the ones people expect on a sign-in page."""

    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    error_messages = {
        "invalid_login": "That email and password do not match an active account.",
        "inactive": "This account is inactive.",
    }


class ApiTokenForm(forms.Form):
    """Issue a /v1 bearer token: a name to recognise it and the Webex scopes it carries."""

    name = forms.CharField(max_length=100, help_text="Where it is used, e.g. “billing system”.")
    scopes = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        from portal.api import scopes

        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = [(s, s) for s in sorted(scopes.ALL)]
