"""What the public sees: the service catalogue (with each agency's record), the agencies on public notice and
the credit supervision list."""

import math
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from marketplace.models import Organisation

from ..models import Accreditation, Objection, Sanction, ServiceCategory, ServiceOrder, ServiceProduct

# An order counts towards the agency's record once the enterprise confirmed the delivery.
COMPLETED = (ServiceOrder.Status.CONFIRMED, ServiceOrder.Status.CLAIMED, ServiceOrder.Status.REDEEMED,
             ServiceOrder.Status.SETTLED)
SORTS = {
    "price": ("price", "pk"),
    "-price": ("-price", "pk"),
    "rating": (F("rating_average").desc(nulls_last=True), "-rating_count", "price", "pk"),
}
DEFAULT_SORT = "price"


def _standing_sanction(organisation_ref: str = "agency") -> Exists:
    return Exists(Sanction.objects.filter(organisation=OuterRef(organisation_ref), lifted_at__isnull=True))


def _active_accreditation(organisation_ref: str = "agency") -> Exists:
    return Exists(Accreditation.objects.filter(agency=OuterRef(organisation_ref),
                                               status=Accreditation.Status.ACTIVE))


def _agency_aggregate(expression, **filters) -> Subquery:
    """One value per agency, computed in the database as a correlated subquery of the catalogue's query."""
    orders = (ServiceOrder.objects.filter(agency=OuterRef("agency"), **filters).order_by()
              .values("agency").annotate(value=expression).values("value"))
    return Subquery(orders)


def with_agency_record(products: QuerySet) -> QuerySet:
    """Each product with its agency's record: orders completed, average rating and how many ratings."""
    return products.annotate(
        orders_completed=Coalesce(_agency_aggregate(Count("pk"), status__in=COMPLETED), Value(0),
                                  output_field=IntegerField()),
        rating_average=_agency_aggregate(Avg("rating"), rating__isnull=False),
        rating_count=Coalesce(_agency_aggregate(Count("rating"), rating__isnull=False), Value(0),
                              output_field=IntegerField()),
    )


def catalogue_products() -> QuerySet:
    """Offered products of agencies that hold an active accreditation and are under no sanction."""
    return with_agency_record(
        ServiceProduct.objects.filter(active=True)
        .filter(_active_accreditation())
        .exclude(_standing_sanction())
        .select_related("agency")
    )


@dataclass(frozen=True)
class CatalogueQuery:
    q: str = ""
    category: str = ""
    city: str = ""
    sort: str = DEFAULT_SORT


def catalogue_search(query: CatalogueQuery) -> QuerySet:
    """The catalogue filtered by a text (Chinese or English, over titles, descriptions and the agency's name),
    a category and the agency's city; sorted by price or by rating."""
    products = catalogue_products()
    for word in query.q.split():
        products = products.filter(
            Q(title_zh__icontains=word) | Q(title_en__icontains=word) | Q(description_zh__icontains=word)
            | Q(description_en__icontains=word) | Q(agency__name_zh__icontains=word)
            | Q(agency__name_en__icontains=word))
    if query.category in ServiceCategory.values:
        products = products.filter(category=query.category)
    if query.city:
        products = products.filter(agency__city=query.city)
    return products.order_by(*SORTS.get(query.sort, SORTS[DEFAULT_SORT]))


def catalogue_cities() -> list[str]:
    """The cities with at least one product in the catalogue (for the filter)."""
    return sorted(set(catalogue_products().exclude(agency__city="").values_list("agency__city", flat=True)))


def catalogue_product(*, pk: int) -> ServiceProduct:
    """One product of the catalogue with its agency's record; ServiceProduct.DoesNotExist if it is not shown."""
    return catalogue_products().get(pk=pk)


def agency_accreditations_active(agency: Organisation) -> QuerySet:
    return Accreditation.objects.filter(agency=agency, status=Accreditation.Status.ACTIVE).select_related("authority")


def notices_public() -> QuerySet:
    """Agencies on public notice, the soonest ending first, with how many objections are open."""
    return (Accreditation.objects.filter(status=Accreditation.Status.NOTICE)
            .select_related("agency", "authority")
            .annotate(open_objections=Count("objections", filter=Q(objections__status=Objection.Status.OPEN)))
            .order_by("notice_ends_at", "pk"))


def notice_get(*, pk: int) -> Accreditation:
    return Accreditation.objects.select_related("agency", "authority").get(pk=pk, status=Accreditation.Status.NOTICE)


def notice_days_left(accreditation: Accreditation, now=None) -> int:
    """Days until the notice ends, a part day counting as one (7 right after verification, 1 on the last day);
    0 once it has ended."""
    if accreditation.notice_ends_at is None:
        return 0
    seconds = (accreditation.notice_ends_at - (now or timezone.now())).total_seconds()
    return max(math.ceil(seconds / 86400), 0)


def sanctions_standing() -> QuerySet:
    """The credit supervision list: sanctions in force, the latest first."""
    return Sanction.objects.filter(lifted_at__isnull=True).select_related("organisation")
