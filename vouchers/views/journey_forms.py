"""Forms of the enterprise's and the agency's voucher pages. They only shape input: the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Programme

REASON = forms.Textarea(attrs={"rows": 3})


class ApplicationForm(forms.Form):
    employees = forms.IntegerField(label=_("Employees"), min_value=0)
    annual_revenue = forms.DecimalField(label=_("Annual revenue (CNY)"), min_value=0, max_digits=14,
                                        decimal_places=2)
    amount_requested = forms.DecimalField(label=_("Amount asked for (CNY)"), min_value=0.01, max_digits=12,
                                          decimal_places=2, required=False)
    purpose = forms.CharField(label=_("What the voucher is for"), max_length=2000, widget=REASON)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        if programme.face_value_rule == Programme.FaceValue.CAPPED:
            self.fields["amount_requested"].required = True
            self.fields["amount_requested"].help_text = _("At most %(cap)s CNY per enterprise and year.") % {
                "cap": programme.annual_cap_per_sme}
        else:
            del self.fields["amount_requested"]


class OrderForm(forms.Form):
    voucher = forms.TypedChoiceField(label=_("Voucher"), coerce=int)
    price = forms.DecimalField(label=_("Agreed price (CNY)"), min_value=0.01, max_digits=12, decimal_places=2,
                               help_text=_("The published price, or the quote you agreed with the agency."))
    note = forms.CharField(label=_("What is needed"), max_length=2000, required=False, widget=REASON)

    def __init__(self, *args, voucher_rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voucher"].choices = [
            (row.voucher.pk, _("%(code)s · %(balance)s CNY left") % {"code": row.voucher.code,
                                                                     "balance": row.balance})
            for row in voucher_rows]


class ConfirmForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Rating"), coerce=int, widget=forms.RadioSelect,
                                    choices=[(n, "★" * n) for n in range(5, 0, -1)])
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False, widget=REASON)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=REASON)


class DeliverForm(forms.Form):
    deliverable = forms.FileField(label=_("Deliverable (PDF or image)"))
    note = forms.CharField(label=_("Delivery note"), max_length=2000, required=False, widget=REASON)


class ClaimForm(forms.Form):
    invoice_number = forms.CharField(label=_("Invoice number"), max_length=60)
    contract = forms.FileField(label=_("Service contract (PDF or image)"))
    copay_proof = forms.FileField(label=_("Proof of the enterprise's co-payment (PDF or image)"))


class ResubmitForm(forms.Form):
    invoice_number = forms.CharField(label=_("Invoice number"), max_length=60, required=False,
                                     help_text=_("Leave empty to keep the one given."))
    contract = forms.FileField(label=_("Corrected service contract"), required=False)
    copay_proof = forms.FileField(label=_("Corrected proof of co-payment"), required=False)
