"""The offer form (with its milestones formset) and the easy-access terms form.

Amounts and the royalty rate are taken as typed and checked by deals.terms.terms_validate, the one set of rules
for terms, whose errors come back on these fields (cms.forms.add_service_errors)."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.templatetags.ipmarket import bilingual_value

from .forms import InquiryForm
from .models.easy_access import MAX_DURATION_MONTHS
from .offer_services import NOTE_MAX_LENGTH
from .terms_display import rate_plain
from .terms import MAX_MILESTONES, DealKind, LicenceTerms, Milestone, ReportingPeriod, RoyaltyBase

WHOLE_POOL, CHOSEN_PATENTS = "pool", "chosen"
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AMOUNT_INPUT = {"inputmode": "decimal", "autocomplete": "off"}


def _amount_field(label, **kwargs):
    return forms.CharField(label=label, max_length=30, widget=forms.TextInput(attrs=AMOUNT_INPUT), **kwargs)


class MoneyTermsForm(forms.Form):
    """The terms shared by offers and easy-access licences: where, what for, and the money."""

    field_of_use = forms.CharField(label=_("Field of use"), required=False, max_length=500,
                                   widget=forms.Textarea(attrs={"rows": 2}),
                                   help_text=_("Leave empty for every field."))
    territory = forms.CharField(label=_("Territory"), required=False, max_length=200,
                                help_text=_("For example: mainland China, or worldwide."))
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="CNY",
                               widget=forms.TextInput(attrs={"size": 4, "autocapitalize": "characters"}))
    upfront_fee = _amount_field(_("Upfront fee"), required=False, initial="0.00")
    royalty_rate = forms.CharField(label=_("Running royalty rate (%)"), required=False, max_length=20,
                                   widget=forms.TextInput(attrs=AMOUNT_INPUT),
                                   help_text=_("Leave empty for no running royalty."))
    royalty_base = forms.ChoiceField(label=_("Royalty base"), choices=RoyaltyBase.choices)
    minimum_annual_royalty = _amount_field(_("Minimum annual royalty"), required=False, initial="0.00")
    reporting_period = forms.ChoiceField(label=_("Reporting period"), choices=ReportingPeriod.choices)

    def money_terms(self) -> dict:
        data = self.cleaned_data
        return {
            "field_of_use": data["field_of_use"], "territory": data["territory"], "currency": data["currency"],
            "upfront_fee": data["upfront_fee"] or "0", "royalty_rate": data["royalty_rate"] or None,
            "royalty_base": data["royalty_base"], "reporting_period": data["reporting_period"],
            "minimum_annual_royalty": data["minimum_annual_royalty"] or "0",
        }


class OfferForm(MoneyTermsForm):
    deal_kind = forms.ChoiceField(label=_("Deal type"))
    coverage = forms.ChoiceField(label=_("Covers"), widget=forms.RadioSelect, initial=WHOLE_POOL,
                                 choices=[(WHOLE_POOL, _("The whole pool")),
                                          (CHOSEN_PATENTS, _("Chosen patents of the pool"))])
    patent_ids = forms.TypedMultipleChoiceField(label=_("Patents"), coerce=int, required=False,
                                                widget=forms.CheckboxSelectMultiple)
    start_date = forms.DateField(label=_("Start date"), widget=DATE_INPUT)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DATE_INPUT,
                               help_text=_("Not for an assignment, which has no end."))
    note = forms.CharField(label=_("Note to the other side"), required=False, max_length=NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ["deal_kind", "coverage", "patent_ids", "field_of_use", "territory", "start_date", "end_date",
                   "currency", "upfront_fee", "royalty_rate", "royalty_base", "minimum_annual_royalty",
                   "reporting_period", "note"]

    def __init__(self, *args, listing, patents, **kwargs):
        super().__init__(*args, **kwargs)
        self.listing, self.patents = listing, list(patents)
        kinds = [deal_type.code for deal_type in listing.deal_types.all()]
        self.fields["deal_kind"].choices = [(code, label) for code, label in DealKind.choices if code in kinds]
        if listing.pool_id:
            self.fields["patent_ids"].choices = [
                (patent.pk, f"{patent.publication_number} {bilingual_value(patent, 'title')}")
                for patent in self.patents
            ]
        else:  # one patent: nothing to choose
            del self.fields["coverage"], self.fields["patent_ids"]

    def clean(self):
        data = super().clean()
        if self.listing.pool_id and data.get("coverage") == CHOSEN_PATENTS and not data.get("patent_ids"):
            self.add_error("patent_ids", _("Choose at least one patent, or the whole pool."))
        return data

    def covered_patent_ids(self) -> tuple[int, ...]:
        if self.listing.pool_id and self.cleaned_data["coverage"] == CHOSEN_PATENTS:
            return tuple(self.cleaned_data["patent_ids"])
        return tuple(patent.pk for patent in self.patents)

    def terms(self, milestones: tuple[Milestone, ...]) -> LicenceTerms:
        data = self.cleaned_data
        return LicenceTerms(deal_kind=data["deal_kind"], patent_ids=self.covered_patent_ids(),
                            start_date=data["start_date"], end_date=data["end_date"], milestones=milestones,
                            **self.money_terms())


def offer_initial(*, terms: LicenceTerms | None, listing, patents) -> tuple[dict, list[dict]]:
    """The offer form's and the milestones' initial values: a counter-offer starts from the latest offer's
    terms; a first offer from the listing's currency and asking price, starting today."""
    if terms is None:
        return {"start_date": timezone.localdate(), "currency": listing.currency,
                "upfront_fee": listing.asking_price or Decimal("0.00")}, []
    initial = {name: getattr(terms, name) for name in (
        "deal_kind", "start_date", "end_date", "currency", "territory", "field_of_use", "upfront_fee",
        "royalty_rate", "royalty_base", "minimum_annual_royalty", "reporting_period")}
    if terms.royalty_rate is not None:
        initial["royalty_rate"] = rate_plain(terms.royalty_rate)
    if listing.pool_id:
        whole = set(terms.patent_ids) == {patent.pk for patent in patents}
        initial.update(coverage=WHOLE_POOL if whole else CHOSEN_PATENTS, patent_ids=list(terms.patent_ids))
    milestones = [{"label": m.label, "amount": m.amount, "due_date": m.due_date} for m in terms.milestones]
    return initial, milestones


class MilestoneForm(forms.Form):
    label = forms.CharField(label=_("Milestone"), max_length=200, required=False,
                            widget=forms.TextInput(attrs={"placeholder": _("e.g. first sale")}))
    amount = _amount_field(_("Amount"), required=False)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE_INPUT)

    def milestone(self) -> Milestone | None:
        """The row's milestone; None for an empty row (the spare rows of the formset)."""
        data = self.cleaned_data
        if not (data.get("label") or data.get("amount") or data.get("due_date")):
            return None
        return Milestone(label=data["label"], amount=data["amount"] or "0", due_date=data["due_date"])


MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=1, max_num=MAX_MILESTONES, validate_max=True)


def milestones_of(formset) -> tuple[Milestone, ...]:
    return tuple(m for m in (form.milestone() for form in formset.forms) if m is not None)


class EasyAccessForm(MoneyTermsForm):
    enabled = forms.BooleanField(label=_("Offer this easy-access licence on the listing's page"), required=False)
    duration_months = forms.IntegerField(label=_("Term (months from the day a buyer accepts)"), min_value=1,
                                         max_value=MAX_DURATION_MONTHS, initial=36)

    field_order = ["enabled", "duration_months", "field_of_use", "territory", "currency", "upfront_fee",
                   "royalty_rate", "royalty_base", "minimum_annual_royalty", "reporting_period"]

    def terms(self) -> LicenceTerms:
        """The stored part of the terms; kind, patents and dates are set by the service."""
        return LicenceTerms(deal_kind=DealKind.NON_EXCLUSIVE, patent_ids=(), start_date=timezone.localdate(),
                            end_date=None,
                            **self.money_terms())


class EasyAccessAcceptForm(InquiryForm):
    """For which organisation the easy-access licence is accepted (asked only of someone who could act for
    several); no message."""

    body = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buyer"].label = _("Accept for")
