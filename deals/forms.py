from django import forms
from django.utils.translation import gettext_lazy as _

from cms.templatetags.ipmarket import bilingual_value
from marketplace.models import Organisation

from .models import MESSAGE_MAX_LENGTH, REASON_MAX_LENGTH, Deal


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("At most %(n)d characters.") % {"n": MESSAGE_MAX_LENGTH},
    )


class BuyerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return bilingual_value(obj, "name")


class InquiryForm(MessageForm):
    """The first message to a listing's owner; the buyer is asked for only when the user could act for
    several organisations."""

    buyer = BuyerChoiceField(queryset=Organisation.objects.none(), label=_("Inquire for"), empty_label=None,
                             to_field_name="slug")

    field_order = ["buyer", "body"]

    def __init__(self, *args, buyers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buyer"].queryset = buyers
        if buyers.count() < 2:  # nothing to choose: the initial organisation is used, whatever is posted
            self.fields["buyer"].widget = forms.HiddenInput()
            self.fields["buyer"].disabled = True


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for closing"), max_length=REASON_MAX_LENGTH)


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + list(Deal.Status.choices))
