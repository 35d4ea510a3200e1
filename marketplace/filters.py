import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Demand
from .models.listings import Sector


class DemandFilter(django_filters.FilterSet):
    sector = django_filters.ChoiceFilter(choices=Sector.choices, label=_("Sector"))
    province = django_filters.CharFilter(label=_("Province"))
    status = django_filters.ChoiceFilter(choices=Demand.Status.choices, label=_("Status"))

    class Meta:
        model = Demand
        fields = []
