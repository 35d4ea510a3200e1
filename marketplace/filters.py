import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import DealType, Demand, Listing, Organisation, Patent
from .models.listings import Sector


class ListingFilter(django_filters.FilterSet):
    """Filters for the public listing index (IPC, deal type, owner kind, province, legal status …)."""

    q = django_filters.CharFilter(method="filter_text", label=_("Keywords"))
    ipc_section = django_filters.CharFilter(method="filter_ipc_section", label=_("IPC section"))
    ipc_class = django_filters.CharFilter(method="filter_ipc_class", label=_("IPC class"))
    deal_type = django_filters.ModelMultipleChoiceFilter(
        field_name="deal_types", queryset=DealType.objects.all(), to_field_name="code", label=_("Deal type"),
        distinct=True, widget=forms.CheckboxSelectMultiple,
    )
    owner_kind = django_filters.ChoiceFilter(
        field_name="owner__kind", choices=Organisation.Kind.choices, label=_("Owner kind")
    )
    province = django_filters.CharFilter(field_name="owner__province", label=_("Province"))
    legal_status = django_filters.ChoiceFilter(
        field_name="patent__legal_status", choices=Patent.LegalStatus.choices, label=_("Legal status")
    )
    sector = django_filters.ChoiceFilter(choices=Sector.choices, label=_("Sector"))
    offer = django_filters.ChoiceFilter(
        method="filter_offer", choices=[("patent", _("Patent")), ("pool", _("Pool"))], label=_("Offer")
    )
    owner = django_filters.CharFilter(field_name="owner__slug", label=_("Owner"))

    class Meta:
        model = Listing
        fields = []

    def filter_text(self, queryset, name, value):
        """Plain title / number matching; ranked full-text search is the search app's job."""
        text = value.strip()
        return queryset.filter(Q(title_zh__icontains=text) | Q(title_en__icontains=text)
                               | Q(patent__publication_number__iexact=text.replace(" ", ""))) if text else queryset

    def filter_ipc_section(self, queryset, name, value):
        section = value.strip().upper()[:1]
        return queryset.filter(Q(patent__ipc_section=section) | Q(pool__patents__ipc_section=section)).distinct()

    def filter_ipc_class(self, queryset, name, value):
        klass = value.strip().upper()[:3]
        return queryset.filter(Q(patent__ipc_class=klass) | Q(pool__patents__ipc_class=klass)).distinct()

    def filter_offer(self, queryset, name, value):
        return queryset.filter(pool__isnull=(value == "patent"))


class DemandFilter(django_filters.FilterSet):
    sector = django_filters.ChoiceFilter(choices=Sector.choices, label=_("Sector"))
    province = django_filters.CharFilter(label=_("Province"))
    status = django_filters.ChoiceFilter(choices=Demand.Status.choices, label=_("Status"))

    class Meta:
        model = Demand
        fields = []
