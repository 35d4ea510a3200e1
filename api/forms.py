from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("What uses the token, such as “ERP sync” or “analytics script”."))
    user = forms.ModelChoiceField(label=_("For"), queryset=None, empty_label=None)
    valid_days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=3650, required=False,
                                    help_text=_("Leave empty for a token that stays valid until it is revoked."))

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users

    def expires_at(self):
        days = self.cleaned_data.get("valid_days")
        return timezone.now() + timedelta(days=days) if days else None
