from django.db.models import QuerySet

from ..filters import DemandFilter
from ..models import Demand, Organisation


def demand_list_open(*, filters: dict | None = None) -> QuerySet:
    queryset = Demand.objects.filter(status=Demand.Status.OPEN).select_related("organisation").prefetch_related(
        "deal_types"
    )
    if filters:
        filterset = DemandFilter(filters, queryset=queryset)
        return filterset.qs if filterset.is_valid() else queryset.none()
    return queryset


def demand_list_for_organisation(*, organisation: Organisation) -> QuerySet:
    return Demand.objects.filter(organisation=organisation).prefetch_related("deal_types")


def demand_count_open() -> int:
    return Demand.objects.filter(status=Demand.Status.OPEN).count()


def demand_get_managed(*, pk: int, user) -> Demand:
    """A demand of one of the user's organisations; DoesNotExist for anyone else's."""
    return Demand.objects.filter(organisation__memberships__user=user).get(pk=pk)
