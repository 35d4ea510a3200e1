"""/api/v1/search/: the same parameters and the same body as /api/search/ (search.api builds both), with the
API's error body, throttling and schema."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from search.api import DEFAULT_PER_PAGE, mode_from_params, query_from_params, results_payload
from search.backends.base import FACET_FIELDS, MAX_PER_PAGE, SORTS
from search.selectors import listing_search
from search.semantic.selectors import MODES

from ..schema import ErrorSerializer

HIT_FIELDS = {
    "id": serializers.IntegerField(),
    "score": serializers.FloatField(allow_null=True),
    "title": serializers.CharField(allow_null=True),
    **{name: serializers.JSONField(allow_null=True) for name in (
        "kind", "identifier", "publication_number", "title_zh", "title_en", "owner_name", "owner_kind",
        "province", "city", "ipc_main", "ipc_class", "deal_type", "price", "currency", "legal_status",
        "expiry_date", "published_at", "sector")},
    "url": serializers.CharField(),
    "highlights": serializers.DictField(child=serializers.CharField()),
    "similarity": serializers.FloatField(allow_null=True),
}
RESULTS = inline_serializer("SearchResults", {
    "query": serializers.CharField(allow_blank=True),
    "semantic": serializers.BooleanField(),
    "total": serializers.IntegerField(),
    "page": serializers.IntegerField(),
    "pages": serializers.IntegerField(),
    "per_page": serializers.IntegerField(),
    "sort": serializers.ChoiceField(choices=SORTS),
    "results": inline_serializer("SearchHit", HIT_FIELDS, many=True),
    "facets": serializers.DictField(child=serializers.DictField(child=serializers.IntegerField())),
})
PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Words, Chinese or English"),
    OpenApiParameter("mode", OpenApiTypes.STR, enum=list(MODES), description="hybrid (default), lexical or semantic"),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=list(SORTS)),
    OpenApiParameter("page", OpenApiTypes.INT, description="From 1"),
    OpenApiParameter("per_page", OpenApiTypes.INT, description=f"1 to {MAX_PER_PAGE}; {DEFAULT_PER_PAGE} if left out"),
    OpenApiParameter("price_min", OpenApiTypes.STR, description="Yuan, such as 500000 or 50万"),
    OpenApiParameter("price_max", OpenApiTypes.STR, description="Yuan, such as 500000 or 50万"),
    *[OpenApiParameter(field, OpenApiTypes.STR, many=True, explode=True,
                       description="Facet filter: repeated and/or comma-separated values")
      for field in FACET_FIELDS],
]


class SearchView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="Search published listings, with facet counts", parameters=PARAMETERS,
                   responses={200: RESULTS, 400: ErrorSerializer, 503: ErrorSerializer})
    def get(self, request):
        query = query_from_params(request.query_params)  # SearchError → 400 in api.errors
        results = listing_search(query=query, mode=mode_from_params(request.query_params))
        return Response(results_payload(query, results, request))
