"""/api/v1/navigation/: a patent navigation report, the figures of /navigation/ as JSON. The same parameters (the
page's form checks them) and the same selector, so the API, the page and its exports never disagree."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.links import listing_url_for_pk
from navigation.query import ReportForm
from navigation.selectors import navigation_report

from ..errors import NON_FIELD
from ..schema import ErrorSerializer

SECTION = inline_serializer("NavigationSection", {
    "key": serializers.CharField(),
    "title": serializers.CharField(),
    "headers": serializers.ListField(child=serializers.CharField()),
    "rows": serializers.ListField(child=serializers.ListField(child=serializers.JSONField())),
    "note": serializers.CharField(allow_blank=True),
}, many=True)
REPORT = inline_serializer("NavigationReport", {
    "query": serializers.CharField(help_text="The canonical parameters: /navigation/?<query> shows the report"),
    "title": serializers.CharField(),
    "total": serializers.IntegerField(help_text="Patents in the field"),
    "granted": serializers.IntegerField(),
    "applicants": serializers.IntegerField(),
    "years": serializers.ListField(child=serializers.IntegerField(), allow_null=True,
                                   help_text="First and last filing year"),
    "sections": SECTION,
    "listings_total": serializers.IntegerField(),
    "listings": inline_serializer("NavigationListing", {
        "id": serializers.IntegerField(), "identifier": serializers.CharField(),
        "title_zh": serializers.CharField(allow_blank=True), "title_en": serializers.CharField(allow_blank=True),
        "url": serializers.CharField(),
    }, many=True),
})
PARAMETERS = [
    OpenApiParameter("ipc", OpenApiTypes.STR, description="IPC sections, classes, subclasses or groups: G08G B60W"),
    OpenApiParameter("q", OpenApiTypes.STR, description="Any of these words in the title or abstract"),
    OpenApiParameter("region", OpenApiTypes.STR, description="The first applicant's province: 广东省, 北京, Jiangsu"),
    OpenApiParameter("applicants", OpenApiTypes.STR, description="Names or parts of names, separated by semicolons"),
    OpenApiParameter("from", OpenApiTypes.INT, description="Filed from (year)"),
    OpenApiParameter("to", OpenApiTypes.INT, description="Filed until (year)"),
]


class NavigationReportView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="A patent navigation report (landscape) of a field, over all imported patents",
                   parameters=PARAMETERS, responses={200: REPORT, 400: ErrorSerializer})
    def get(self, request):
        form = ReportForm(request.query_params)
        if not form.is_valid():
            raise ValidationError({name: [error["message"] for error in errors]
                                   for name, errors in form.errors.get_json_data().items()})
        query = form.report_query()
        if query.is_empty:
            raise ValidationError({NON_FIELD: [_("Choose a field: IPC codes, keywords, a region or applicants.")]})
        report = navigation_report(query)
        return Response({
            "query": query.querystring(),
            "title": query.describe(),
            "total": report.total,
            "granted": report.granted,
            "applicants": report.applicants,
            "years": list(report.years) if report.years else None,
            "sections": [{"key": s.key, "title": str(s.title), "headers": [str(h) for h in s.headers],
                          "rows": s.rows, "note": str(s.note)} for s in report.sections],
            "listings_total": report.listings_total,
            "listings": [{"id": listing.pk, "identifier": listing.identifier, "title_zh": listing.title_zh,
                          "title_en": listing.title_en, "url": listing_url_for_pk(listing.pk, request)}
                         for listing in report.listings],
        })
