from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxLengthValidator
from django.forms.models import fields_for_model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from marketplace.models import DealType, Demand, Listing, Membership, Organisation
from marketplace.organisation_names import organisation_name_clean
from marketplace.selectors.organisations import organisation_find_by_name
from marketplace.services.listings import EDITABLE_FIELDS

from .templatetags.ipmarket import bilingual_value

SIGNUP_KINDS = [Organisation.Kind.UNIVERSITY, Organisation.Kind.RESEARCH_INSTITUTE,
                Organisation.Kind.OPERATING_AGENCY, Organisation.Kind.ENTERPRISE, Organisation.Kind.SERVICE_AGENCY]


def add_service_errors(error: ValidationError, *forms_: forms.Form) -> None:
    """Attach a service's ValidationError to the form that has the field, else as a non-field error."""
    errors = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
    for field, messages in errors.items():
        target = next((f for f in forms_ if field in f.fields), forms_[0])
        target.add_error(field if field in target.fields else None, messages)


class DealTypeField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=DealType.objects.all(), to_field_name="code",
                         widget=forms.CheckboxSelectMultiple, **kwargs)

    def label_from_instance(self, obj):
        return bilingual_value(obj, "name")


def split_codes(text: str) -> list[str]:
    return [code for code in text.replace("，", ",").replace(";", ",").replace("\n", ",").split(",") if code.strip()]


class AccountForm(UserCreationForm):
    """An account alone: for signing up from an invitation's link or asking to join an organisation."""

    email = forms.EmailField(label=_("Email"))

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]


class SignupForm(AccountForm):
    """An account together with a new organisation, which it administers."""

    organisation_name = forms.CharField(label=_("Organisation name (Chinese)"), max_length=200,
                                        help_text=_("Enter your organisation's full registered name."))
    organisation_kind = forms.ChoiceField(label=_("Organisation kind"),
                                          choices=[(k.value, k.label) for k in SIGNUP_KINDS])
    province = forms.CharField(label=_("Province"), max_length=50, required=False)
    city = forms.CharField(label=_("City"), max_length=50, required=False)

    def clean_organisation_name(self):
        """An early answer for a name taken long ago; the service's unique key decides races."""
        name = organisation_name_clean(self.cleaned_data["organisation_name"])
        if not name:
            raise ValidationError(_("Enter the organisation's name."))
        existing = organisation_find_by_name(name=name)
        if existing and not existing.joinable:
            raise ValidationError(_("Staff of this organisation are invited by its administrators; "
                                    "please contact it."), code="closed")
        if existing:
            raise ValidationError(_("This organisation is already registered."), code="taken")
        return name


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)


class JoinRequestForm(forms.Form):
    message = forms.CharField(label=_("Message to the administrators"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Optional: who you are and what you do for the organisation."))


class ActingOrganisationForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Acting for"),
                                          to_field_name="slug", empty_label=None)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ListingSourceForm(forms.Form):
    EXISTING, NEW = "existing", "new"
    source = forms.ChoiceField(label=_("Patent"), widget=forms.RadioSelect, initial=EXISTING, choices=[
        (EXISTING, _("A patent already in the database")), (NEW, _("A patent not yet in the database"))])
    publication_number = forms.CharField(label=_("Publication number"), max_length=40, required=False,
                                         help_text=_("For example CN1109268C."))

    def clean(self):
        data = super().clean()
        if data.get("source") == self.EXISTING and not data.get("publication_number", "").strip():
            self.add_error("publication_number", _("Enter the patent's publication number."))
        return data


class NewPatentForm(forms.Form):
    publication_number = forms.CharField(label=_("Publication number"), max_length=40)
    title_zh = forms.CharField(label=_("Title (Chinese)"), required=False)
    title_en = forms.CharField(label=_("Title (English)"), required=False)
    abstract_zh = forms.CharField(label=_("Abstract (Chinese)"), widget=forms.Textarea(attrs={"rows": 4}),
                                  required=False)
    abstract_en = forms.CharField(label=_("Abstract (English)"), widget=forms.Textarea(attrs={"rows": 4}),
                                  required=False)
    ipc_codes = forms.CharField(label=_("IPC codes"), required=False,
                                help_text=_("Comma-separated, main code first, e.g. H01M4/58, H01M10/05."))
    application_number = forms.CharField(label=_("Application number"), max_length=40, required=False)
    application_date = forms.DateField(label=_("Application date"), required=False,
                                       widget=forms.DateInput(attrs={"type": "date"}))
    publication_date = forms.DateField(label=_("Publication date"), required=False,
                                       widget=forms.DateInput(attrs={"type": "date"}))

    def service_fields(self) -> dict:
        return {**self.cleaned_data, "ipc_codes": split_codes(self.cleaned_data["ipc_codes"])}


class ListingDetailsForm(forms.Form):
    """The owner-editable fields of a listing, with the model's own validators."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Listing, fields=EDITABLE_FIELDS))
        self.fields["deal_types"] = DealTypeField(label=_("Deal types"))
        for name in ("description_zh", "description_en"):
            self.fields[name].widget.attrs["rows"] = 5

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["deal_types"] = [deal_type.code for deal_type in data["deal_types"]]
        return data


class ImageUploadForm(forms.Form):
    image = forms.FileField(label=_("Image"), widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
                            help_text=_("JPEG, PNG, WebP or GIF, up to 5 MB."))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class AttachmentUploadForm(forms.Form):
    file = forms.FileField(label=_("PDF file"), widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}),
                           help_text=_("PDF, up to 20 MB."))
    title = forms.CharField(label=_("Title"), max_length=200)


class OrganisationProfileForm(forms.Form):
    """An organisation's public profile. Each text field carries the value the page showed (a hidden initial),
    so only the fields this administrator changed are saved: another administrator's edit of other fields,
    saved in the meantime, is kept."""

    TEXT_FIELDS = (
        "name_en", "description_zh", "description_en", "website", "contact_email", "contact_phone", "address")
    DESCRIPTION_MAX_LENGTH = 5000

    logo = forms.FileField(label=_("Logo"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
                           help_text=_("JPEG, PNG, WebP or GIF, up to 5 MB; shown on your public page."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        logo = self.fields.pop("logo")
        model_fields = fields_for_model(Organisation, fields=[n for n in self.TEXT_FIELDS if n != "website"])
        website = Organisation._meta.get_field("website")
        model_fields["website"] = forms.URLField(label=capfirst(website.verbose_name), required=False,
                                                 max_length=website.max_length, assume_scheme="https")
        self.fields.update({name: model_fields[name] for name in self.TEXT_FIELDS})
        self.fields["logo"] = logo
        for name in self.TEXT_FIELDS:
            self.fields[name].show_hidden_initial = True
        for name in ("description_zh", "description_en"):
            self.fields[name].widget.attrs["rows"] = 5
            self.fields[name].validators.append(MaxLengthValidator(self.DESCRIPTION_MAX_LENGTH))
        self.fields["contact_phone"].widget.attrs["inputmode"] = "tel"

    def changed_fields(self) -> dict:
        """The fields this administrator changed: text fields that differ from what the page showed, a new logo,
        or False to remove the logo."""
        changed = {name: self.cleaned_data[name] for name in self.TEXT_FIELDS if name in self.changed_data}
        logo = self.cleaned_data.get("logo")
        if logo is False or isinstance(logo, UploadedFile):  # removed, or a new upload
            changed["logo"] = logo
        return changed


class DemandForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}))
    sector = fields_for_model(Demand, fields=["sector"])["sector"]
    ipc_hints = forms.CharField(label=_("IPC hints"), required=False,
                                help_text=_("Optional, comma-separated, e.g. H01M, C01B."))
    budget_min = forms.DecimalField(label=_("Budget from (CNY)"), required=False, min_value=0, max_digits=14,
                                    decimal_places=2)
    budget_max = forms.DecimalField(label=_("Budget up to (CNY)"), required=False, min_value=0, max_digits=14,
                                    decimal_places=2)
    deal_types = DealTypeField(label=_("Wanted deal types"), required=False)
    province = forms.CharField(label=_("Province"), max_length=50, required=False)
    city = forms.CharField(label=_("City"), max_length=50, required=False)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["ipc_hints"] = split_codes(data["ipc_hints"])
        data["deal_types"] = [deal_type.code for deal_type in data["deal_types"]]
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Shown to the owner, who can revise and resubmit."))

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give a reason."))
        return reason
