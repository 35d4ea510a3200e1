"""Forms of the royalty, statement and dispute pages: they collect input; the services judge it (so a NaN or a
negative figure gets the service's message, not a generic one)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Dispute
from .models.disputes import NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from .royalties import NOTE_MAX_LENGTH as REPORT_NOTE_MAX_LENGTH
from .statements import GRANULARITIES


class RoyaltyReportForm(forms.Form):
    period_start = forms.DateField(widget=forms.HiddenInput)
    base_amount = forms.CharField(label=_("Sales base"), max_length=40,
                                  widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=REPORT_NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if units:
            self.fields["base_amount"].label = _("Units sold")


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Why is the report void?"), max_length=500)


class StatementForm(forms.Form):
    granularity = forms.ChoiceField(label=_("Per"), choices=[(k, v[1]) for k, v in GRANULARITIES.items()],
                                    required=False)
    period = forms.CharField(label=_("Period"), required=False, max_length=10,
                             widget=forms.TextInput(attrs={"placeholder": "2026-Q1 / 2026-03"}))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"), required=False,
                           help_text=_("PDF or image (JPEG, PNG, WebP, GIF), up to 20 MB."))
    title = forms.CharField(label=_("What the file shows"), required=False, max_length=200)


class DisputeOpenForm(EvidenceForm):
    reason = forms.CharField(label=_("What is the dispute about?"), max_length=REASON_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 6}))

    field_order = ["reason", "file", "title"]


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Mediation note"), max_length=NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 4}))


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Dispute.Outcome.choices)
    outcome_text = forms.CharField(label=_("Outcome details"), max_length=NOTE_MAX_LENGTH,
                                   widget=forms.Textarea(attrs={"rows": 4}))
