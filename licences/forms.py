from django import forms
from django.utils.translation import gettext_lazy as _

from payments.models import Payment


class TransferConfirmForm(forms.Form):
    payment = forms.ModelChoiceField(queryset=Payment.objects.none(), widget=forms.HiddenInput)
    reference = forms.CharField(label=_("Bank reference"), max_length=255,
                                help_text=_("The reference of the received transfer on the bank statement."))

    def __init__(self, *args, payments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payment"].queryset = payments


class RefundForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, required=False,
                                min_value=0.01, help_text=_("Leave empty to refund everything left."))
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
