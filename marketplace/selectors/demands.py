from django.db.models import Q, QuerySet

from ..filters import DemandFilter
from ..models import Demand, DemandResponse, Organisation


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


def demand_board_list(*, words: str = "", sector: str = "", province: str = "") -> QuerySet:
    """Open demands their owners published, newest first: every word (Chinese or English, as typed) in the
    title, the description or the organisation's name; of one sector and one province if given."""
    demands = Demand.objects.filter(published=True, status=Demand.Status.OPEN).select_related("organisation")
    for word in words.split()[:10]:
        demands = demands.filter(Q(title__icontains=word) | Q(description__icontains=word)
                                 | Q(organisation__name_zh__icontains=word) | Q(organisation__name_en__icontains=word))
    if sector:
        demands = demands.filter(sector=sector)
    if province:
        demands = demands.filter(province=province)
    return demands


def demand_board_provinces() -> list[str]:
    return sorted(set(Demand.objects.filter(published=True, status=Demand.Status.OPEN).exclude(province="")
                      .values_list("province", flat=True)))


def demand_board_get(*, pk: int) -> Demand:
    """A demand on the board (published; closed ones stay readable); DoesNotExist otherwise."""
    return Demand.objects.select_related("organisation").prefetch_related("deal_types").get(pk=pk, published=True)


def demand_responses_for(*, demand: Demand) -> QuerySet:
    return DemandResponse.objects.filter(demand=demand).select_related("organisation", "listing", "created_by")


def demand_response_open_of(*, demand: Demand, organisations) -> DemandResponse | None:
    return DemandResponse.objects.filter(demand=demand, organisation__in=organisations,
                                         status=DemandResponse.Status.OPEN).first()
