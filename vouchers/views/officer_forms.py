"""The officers' forms: they only gather and type the input; the services decide what is allowed."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import split_codes

from ..models import Programme, ServiceCategory

HUNDRED = Decimal(100)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def places(text: str) -> list[str]:
    """"江苏省，浙江省" → ["江苏省", "浙江省"] (commas of either width, semicolons or new lines)."""
    return [place.strip() for place in split_codes(text or "")]


class ProgrammeForm(forms.Form):
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    description_zh = forms.CharField(label=_("Description (Chinese)"), widget=forms.Textarea(attrs={"rows": 4}),
                                     required=False)
    description_en = forms.CharField(label=_("Description (English)"), widget=forms.Textarea(attrs={"rows": 4}),
                                     required=False)
    budget = forms.DecimalField(label=_("Initial budget (CNY)"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    face_value_rule = forms.ChoiceField(label=_("Face value"), choices=Programme.FaceValue.choices,
                                        widget=forms.RadioSelect)
    face_value = forms.DecimalField(label=_("Face value per voucher (CNY)"), max_digits=12, decimal_places=2,
                                    min_value=Decimal("0.01"), required=False,
                                    help_text=_("For a fixed face value."))
    annual_cap_per_sme = forms.DecimalField(
        label=_("Annual cap per SME (CNY)"), max_digits=12, decimal_places=2, min_value=Decimal("0.01"),
        required=False, help_text=_("Across all of the authority's programmes in a calendar year; blank for no cap."))
    copay_percent = forms.DecimalField(
        label=_("The voucher pays at most (percent of a service's price)"), max_digits=5, decimal_places=1,
        min_value=Decimal(1), max_value=HUNDRED,
        help_text=_("60 means the voucher pays at most 60 percent of the price and the SME pays the other 40 "
                    "percent."))
    categories = forms.MultipleChoiceField(label=_("Eligible service categories"), choices=ServiceCategory.choices,
                                           widget=forms.CheckboxSelectMultiple)
    applications_open = forms.DateField(label=_("Applications open"), widget=DATE)
    applications_close = forms.DateField(label=_("Applications close"), widget=DATE)
    voucher_validity_days = forms.IntegerField(label=_("A voucher is valid for (days)"), min_value=1, initial=120)
    claim_deadline = forms.DateField(label=_("Claim deadline"), widget=DATE)
    max_employees = forms.IntegerField(label=_("At most employees"), min_value=1, required=False)
    max_annual_revenue = forms.DecimalField(label=_("At most annual revenue (CNY)"), max_digits=14, decimal_places=2,
                                            min_value=Decimal(0), required=False)
    eligible_provinces = forms.CharField(label=_("Eligible provinces"), required=False,
                                         help_text=_("Separated by commas, e.g. 江苏省, 浙江省; blank: anywhere."))
    eligible_cities = forms.CharField(label=_("Eligible cities"), required=False,
                                      help_text=_("Separated by commas, e.g. 苏州市; blank: any city."))
    review_stages = forms.TypedChoiceField(label=_("Claim review stages"), coerce=int,
                                           choices=Programme._meta.get_field("review_stages").choices)
    settlement_cycle = forms.ChoiceField(label=_("Settlement cycle"), choices=Programme.SettlementCycle.choices)

    # Fields the service refuses to change once the programme is open (vouchers were issued under them).
    FIXED_ONCE_OPEN = ("face_value_rule", "face_value", "copay_percent", "voucher_validity_days", "review_stages")

    def __init__(self, *args, programme: Programme | None = None, **kwargs):
        if programme is not None:
            kwargs.setdefault("initial", self.initial_for(programme))
        super().__init__(*args, **kwargs)
        if programme is not None:
            del self.fields["budget"]  # more money goes through the funding form, onto the ledger
            if programme.status != Programme.Status.DRAFT:
                for name in self.FIXED_ONCE_OPEN:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Fixed once the programme is open.")

    @staticmethod
    def initial_for(programme: Programme) -> dict:
        initial = {name: getattr(programme, name) for name in (
            "name_zh", "name_en", "description_zh", "description_en", "face_value_rule", "face_value",
            "annual_cap_per_sme", "categories", "applications_open", "applications_close", "voucher_validity_days",
            "claim_deadline", "max_employees", "max_annual_revenue", "review_stages", "settlement_cycle")}
        initial["copay_percent"] = (programme.copay_ratio * HUNDRED).normalize()
        initial["eligible_provinces"] = ", ".join(programme.eligible_provinces)
        initial["eligible_cities"] = ", ".join(programme.eligible_cities)
        return initial

    def service_fields(self) -> dict:
        """The cleaned data as the programme services take it."""
        data = dict(self.cleaned_data)
        data.pop("budget", None)
        data["copay_ratio"] = (data.pop("copay_percent") / HUNDRED).quantize(Decimal("0.001"))
        data["eligible_provinces"] = places(data["eligible_provinces"])
        data["eligible_cities"] = places(data["eligible_cities"])
        return data


class FundForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount to add (CNY)"), max_digits=14, decimal_places=2,
                                min_value=Decimal("0.01"))
    memo = forms.CharField(label=_("Appropriation or note"), max_length=200, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("Note (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ApproveApplicationForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount granted (CNY)"), max_digits=12, decimal_places=2,
                                min_value=Decimal("0.01"), required=False,
                                help_text=_("Blank: the amount asked for."))


class MarkPaidForm(forms.Form):
    bank_reference = forms.CharField(label=_("Treasury payment reference"), max_length=100)
