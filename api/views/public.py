"""Read endpoints open to anyone: published listings, their patents and pools, organisations, the service
catalogue and the demand board. Each reads through the selector the site's page uses."""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.permissions import AllowAny

from marketplace.models import Listing, Organisation
from marketplace.models.listings import Sector
from marketplace.selectors.demands import demand_board_get, demand_board_list
from marketplace.selectors.listings import listing_get_public, listing_list_published
from marketplace.selectors.organisations import organisation_get_public, organisation_list_public
from vouchers.models.agencies import ServiceCategory
from vouchers.selectors.catalogue import SORTS, CatalogueQuery, catalogue_product, catalogue_search

from ..selectors import patent_list_public, pool_list_public
from ..serializers.public import (
    DemandSerializer,
    ListingSerializer,
    OrganisationSerializer,
    PatentSerializer,
    PoolSerializer,
    ServiceProductSerializer,
)
from .common import int_pk


class PublicReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [AllowAny]


class ListingFilter(django_filters.FilterSet):
    sector = django_filters.ChoiceFilter(choices=Sector.choices)
    deal_type = django_filters.CharFilter(field_name="deal_types__code", distinct=True)
    owner = django_filters.CharFilter(field_name="owner__slug", help_text="The owner organisation's slug")
    offers = django_filters.ChoiceFilter(choices=[("patent", "patent"), ("pool", "pool")], method="filter_offers")

    class Meta:
        model = Listing
        fields = []

    def filter_offers(self, queryset, name, value):
        return queryset.filter(pool__isnull=(value == "patent"))


@extend_schema_view(list=extend_schema(summary="Published listings, newest first"),
                    retrieve=extend_schema(summary="One published listing"))
class ListingViewSet(PublicReadViewSet):
    serializer_class = ListingSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ListingFilter
    queryset = Listing.objects.none()  # for the schema; the selectors below give the rows

    def get_queryset(self):
        return listing_list_published()

    def get_object(self):
        return listing_get_public(pk=int_pk(self.kwargs["pk"]))


@extend_schema_view(list=extend_schema(summary="Patents offered by published listings"),
                    retrieve=extend_schema(summary="One patent, by its publication number"))
class PatentViewSet(PublicReadViewSet):
    serializer_class = PatentSerializer
    lookup_field = "publication_number"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return patent_list_public()

    def get_object(self):
        return patent_list_public().get(publication_number=self.kwargs["publication_number"])


@extend_schema_view(list=extend_schema(summary="Patent pools offered by published listings"),
                    retrieve=extend_schema(summary="One pool, by its slug"))
class PoolViewSet(PublicReadViewSet):
    serializer_class = PoolSerializer
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return pool_list_public()

    def get_object(self):
        return pool_list_public().get(slug=self.kwargs["slug"])


@extend_schema_view(
    list=extend_schema(summary="Organisations, most published listings first", parameters=[
        OpenApiParameter("kind", OpenApiTypes.STR, enum=[kind for kind in Organisation.Kind.values
                                                          if kind != Organisation.Kind.OPERATION_CENTRE])]),
    retrieve=extend_schema(summary="One organisation, by its slug"))
class OrganisationViewSet(PublicReadViewSet):
    serializer_class = OrganisationSerializer
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        kind = self.request.query_params.get("kind", "")
        return organisation_list_public(kind=kind if kind in Organisation.Kind.values else "")

    def get_object(self):
        return organisation_list_public().get(pk=organisation_get_public(slug=self.kwargs["slug"]).pk)


@extend_schema_view(
    list=extend_schema(summary="The voucher service catalogue", parameters=[
        OpenApiParameter("q", OpenApiTypes.STR, description="Words in the title, description or agency name"),
        OpenApiParameter("category", OpenApiTypes.STR, enum=ServiceCategory.values),
        OpenApiParameter("city", OpenApiTypes.STR),
        OpenApiParameter("sort", OpenApiTypes.STR, enum=list(SORTS))]),
    retrieve=extend_schema(summary="One service product of the catalogue"))
class ServiceProductViewSet(PublicReadViewSet):
    serializer_class = ServiceProductSerializer

    def get_queryset(self):
        params = self.request.query_params
        return catalogue_search(CatalogueQuery(q=params.get("q", "")[:200], category=params.get("category", ""),
                                               city=params.get("city", "")[:50], sort=params.get("sort", "")))

    def get_object(self):
        return catalogue_product(pk=int_pk(self.kwargs["pk"]))


@extend_schema_view(
    list=extend_schema(summary="Published open demands (the demand board), newest first", parameters=[
        OpenApiParameter("q", OpenApiTypes.STR, description="Every word in the title, description or "
                                                             "organisation name"),
        OpenApiParameter("sector", OpenApiTypes.STR, enum=Sector.values),
        OpenApiParameter("province", OpenApiTypes.STR)]),
    retrieve=extend_schema(summary="One published demand"))
class DemandViewSet(PublicReadViewSet):
    serializer_class = DemandSerializer

    def get_queryset(self):
        params = self.request.query_params
        sector = params.get("sector", "")
        return demand_board_list(words=params.get("q", "")[:200], sector=sector if sector in Sector.values else "",
                                 province=params.get("province", "")[:50]).prefetch_related("deal_types")

    def get_object(self):
        return demand_board_get(pk=int_pk(self.kwargs["pk"]))


__all__ = [
    "DemandViewSet",
    "ListingViewSet",
    "OrganisationViewSet",
    "PatentViewSet",
    "PoolViewSet",
    "ServiceProductViewSet",
]
