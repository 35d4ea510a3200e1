"""Forms of the accreditation, catalogue and credit supervision pages. They only shape the input; the rules are
the services' (vouchers.services.accreditation, products, sanctions)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.models import Organisation

from ..models import Sanction, ServiceCategory
from ..selectors.catalogue import DEFAULT_SORT, CatalogueQuery

DOCUMENT_SLOTS = 3
SORT_CHOICES = [("price", _("Price, lowest first")), ("-price", _("Price, highest first")),
                ("rating", _("Rating, best first"))]


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Service or agency")}))
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("All categories")), *ServiceCategory.choices])
    city = forms.CharField(label=_("City"), required=False, max_length=50,
                           widget=forms.TextInput(attrs={"list": "catalogue-cities"}))
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def catalogue_query(self) -> CatalogueQuery:
        """The valid part of the search (a value not understood is left out and shown as an error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return CatalogueQuery(q=data.get("q", "").strip(), category=data.get("category", ""),
                              city=data.get("city", "").strip(), sort=data.get("sort") or DEFAULT_SORT)


class ObjectionForm(forms.Form):
    reason = forms.CharField(label=_("Your objection"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                             help_text=_("Facts the authority can check: false papers, unqualified staff, "
                                         "unresolved complaints..."))


class AccreditationApplyForm(forms.Form):
    authority = forms.ModelChoiceField(label=_("Voucher authority"), queryset=Organisation.objects.none(),
                                       empty_label=None)
    legal_entity = forms.CharField(label=_("Legal entity"), max_length=200)
    unified_credit_code = forms.CharField(label=_("Unified social credit code"), max_length=30)
    legal_representative = forms.CharField(label=_("Legal representative"), max_length=100)
    founded = forms.DateField(label=_("Operating since"), widget=forms.DateInput(attrs={"type": "date"}))
    premises = forms.CharField(label=_("Premises"), max_length=300)
    staff_qualifications = forms.CharField(
        label=_("Staff and qualifications"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: 6 registered patent attorneys, 2 lawyers, 3 patent engineers."))
    services_and_prices = forms.CharField(label=_("Services and prices"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, authorities, organisation: Organisation | None = None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        if organisation is not None:  # what the profile already says
            initial.setdefault("legal_entity", organisation.name_zh)
            initial.setdefault("unified_credit_code", organisation.unified_credit_code)
            initial.setdefault("legal_representative", organisation.legal_representative)
            initial.setdefault("premises", organisation.address)
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities
        for slot in range(1, DOCUMENT_SLOTS + 1):
            self.fields[f"document_title_{slot}"] = forms.CharField(
                label=_("Document %(number)s: title") % {"number": slot}, max_length=200, required=False,
                help_text=_("Business licence, attorney certificates, premises lease...") if slot == 1 else "")
            self.fields[f"document_file_{slot}"] = forms.FileField(
                label=_("Document %(number)s: file (PDF or image)") % {"number": slot}, required=False)

    def documents(self, files) -> list[tuple[str, object]]:
        return [(self.cleaned_data.get(f"document_title_{slot}", ""), files.get(f"document_file_{slot}"))
                for slot in range(1, DOCUMENT_SLOTS + 1)]

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in (
            "legal_entity", "unified_credit_code", "legal_representative", "founded", "premises",
            "staff_qualifications", "services_and_prices")}


class ProductForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=ServiceCategory.choices)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description_zh = forms.CharField(label=_("Description (Chinese)"), widget=forms.Textarea(attrs={"rows": 4}))
    description_en = forms.CharField(label=_("Description (English)"), widget=forms.Textarea(attrs={"rows": 4}),
                                     required=False)
    price = forms.DecimalField(label=_("Price (CNY)"), max_digits=14, decimal_places=2)
    delivery_days = forms.IntegerField(label=_("Delivery time (days)"))

    FIELDS = ("category", "title_zh", "title_en", "description_zh", "description_en", "price", "delivery_days")

    @classmethod
    def for_product(cls, product, data=None):
        """The edit form: it carries the values it showed (hidden initial fields), so `changed_data` is what this
        member changed, not what a colleague changed since."""
        form = cls(data, initial={name: getattr(product, name) for name in cls.FIELDS})
        for field in form.fields.values():
            field.show_hidden_initial = True
        return form


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class ObjectionResolveForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("dismiss", _("Dismiss: the objection does not stand")),
        ("uphold", _("Uphold: reject the accreditation"))])
    resolution = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class SanctionImposeForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.exclude(kind__in=Organisation.CLOSED_KINDS).order_by("name_zh"))
    kind = forms.ChoiceField(label=_("Kind of breach"), choices=Sanction.Kind.choices)
    reason = forms.CharField(label=_("Reason (published)"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=4000)
