from django import forms
from django.utils.translation import gettext_lazy as _

from .models import REASON_MAX_LENGTH


class SignForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Signing binds your organisation to this agreement as it stands in the PDF."),
    )


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Reason for voiding"), max_length=REASON_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 3}))
