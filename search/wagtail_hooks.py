"""Operators' "Matches" report: the listings proposed for each demand, and which led to contact."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.reports import ReportView

from cms.spreadsheets import SafeSpreadsheetExportMixin
from cms.wagtail_hooks import OperatorMenuItem
from marketplace.permissions import is_operator

from .matching.selectors import match_proposal_list
from .models import MatchProposal


class MatchProposalFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(label=_("Proposed"), widget=DateRangePickerWidget)
    score = django_filters.NumberFilter(lookup_expr="gte", label=_("Score at least"))
    inquired = django_filters.BooleanFilter(method="filter_inquired", label=_("Led to an inquiry"))
    demand__organisation__province = django_filters.CharFilter(label=_("Demand province"))

    class Meta:
        model = MatchProposal
        fields = []

    def filter_inquired(self, queryset, name, value):
        return queryset.filter(inquired_at__isnull=not value)


class MatchReportView(SafeSpreadsheetExportMixin, ReportView):
    page_title = _("Matches")
    header_icon = "link"
    results_template_name = "search/admin/match_report_results.html"
    filterset_class = MatchProposalFilterSet
    index_url_name = "match_report"
    index_results_url_name = "match_report_results"
    list_export = [
        "created_at",
        "demand.title",
        "demand.organisation.name_zh",
        "listing.identifier",
        "listing.title",
        "score",
        "inquired_at",
    ]
    export_headings = {
        "demand.title": _("Demand"),
        "demand.organisation.name_zh": _("Organisation"),
        "listing.identifier": _("Identifier"),
        "listing.title": _("Listing"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not is_operator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return match_proposal_list()


@hooks.register("register_admin_urls")
def match_report_urls():
    return [
        path("reports/matches/", MatchReportView.as_view(), name="match_report"),
        path(
            "reports/matches/results/",
            MatchReportView.as_view(results_only=True),
            name="match_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def match_report_menu_item():
    return OperatorMenuItem(_("Matches"), reverse("match_report"), icon_name="link", order=900)
