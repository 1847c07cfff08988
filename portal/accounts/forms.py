from django import forms
from django.contrib.auth.forms import SetPasswordForm


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label="Email",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class ChoosePasswordForm(SetPasswordForm):
    """Django's set-password form (the configured password validators), with our labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password2"].label = "New password again"
