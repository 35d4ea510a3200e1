from django import forms
from django.utils.translation import gettext_lazy as _

from cms.templatetags.ipmarket import bilingual_value
from marketplace.models import Organisation

from .attachment_services import MAX_FILES_PER_MESSAGE
from .models import MESSAGE_MAX_LENGTH, REASON_MAX_LENGTH, Deal


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; each is checked as a file here, and for what it is by the service."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("At most %(n)d characters.") % {"n": MESSAGE_MAX_LENGTH},
    )
    files = MultipleFileField(
        label=_("Attachments"), required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,image/jpeg,image/png,image/webp,image/gif"}),
        help_text=_("Optional: up to %(n)d PDF files (20 MB each) or images (5 MB each).")
        % {"n": MAX_FILES_PER_MESSAGE},
    )
    confidential = forms.BooleanField(
        label=_("Mark the attached files confidential"), required=False, label_suffix="",
        help_text=_("When the listing asks for an NDA, the buyer sees these files only after accepting it."),
    )

    def __init__(self, *args, can_mark_confidential: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_mark_confidential:  # only the listing owner's side marks files confidential
            del self.fields["confidential"]


class BuyerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return bilingual_value(obj, "name")


class InquiryForm(MessageForm):
    """The first message to a listing's owner; the buyer is asked for only when the user could act for
    several organisations."""

    buyer = BuyerChoiceField(queryset=Organisation.objects.none(), label=_("Inquire for"), empty_label=None,
                             to_field_name="slug")

    field_order = ["buyer", "body", "files"]

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


class NdaAcceptForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(label=_("I have read the NDA and accept it for my organisation."), label_suffix="",
                                 error_messages={"required": _("Tick the box to accept the NDA.")})
