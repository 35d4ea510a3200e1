"""Public navigation reports: the URL carries the field (shareable as it is); logged-in visitors may save one under
a short code. Exports carry the same parameters."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .exports import XLSX_TYPE, report_csv, report_pdf, report_xlsx
from .models import SavedReport
from .query import ReportForm
from .selectors import navigation_report
from .services import saved_report_create

EXPORT_FORMATS = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_TYPE, "pdf": "application/pdf"}
# Fields a visitor can try at once: the example of the issue and two of the data's other large fields.
EXAMPLES = [
    (urlencode({"ipc": "G08G B60W"}), gettext_lazy("Autonomous driving (G08G, B60W)")),
    (urlencode({"q": "虚拟现实 增强现实"}), gettext_lazy("Virtual and augmented reality")),
    (urlencode({"ipc": "G10L"}), gettext_lazy("Speech recognition and synthesis (G10L)")),
]


def report_view(request):
    return _render_report(request, request.GET, saved=None)


def saved_report_view(request, code: str):
    saved = get_object_or_404(SavedReport, code=code)
    return _render_report(request, QueryDict(saved.parameters), saved=saved)


def _render_report(request, parameters: QueryDict, *, saved: SavedReport | None):
    # Only the form's own parameters make a request for a report (not, say, a campaign tag on a shared link).
    asked = any(key in parameters for key in (*ReportForm.base_fields, "from", "to"))
    form = ReportForm(parameters if asked else None)
    report = query = None
    if form.is_bound and form.is_valid():
        query = form.report_query()
        if query.is_empty:
            form.add_error(None, _("Choose a field: IPC codes, keywords, a region or applicants."))
        else:
            report = navigation_report(query)
    context = {"form": form, "report": report, "query": query, "saved": saved, "examples": EXAMPLES,
               "querystring": query.querystring() if query else "",
               "charts": {section.key: section.chart for section in report.sections} if report else {}}
    return render(request, "navigation/report.html", context, status=400 if form.errors else 200)


def report_export(request, fmt: str):
    if fmt not in EXPORT_FORMATS:
        return HttpResponse(_("Unknown export format."), status=404, content_type="text/plain; charset=utf-8")
    form = ReportForm(request.GET)
    if not form.is_valid() or form.report_query().is_empty:
        return HttpResponse(_("Choose a field first: the export takes the report's parameters."), status=400,
                            content_type="text/plain; charset=utf-8")
    query = form.report_query()
    report = navigation_report(query)
    if fmt == "csv":
        body = report_csv(report)
    elif fmt == "xlsx":
        body = report_xlsx(report)
    else:
        body = report_pdf(report, url=request.build_absolute_uri(f"{reverse('navigation:report')}?"
                                                                  f"{query.querystring()}"))
    response = HttpResponse(body, content_type=EXPORT_FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="patent-navigation.{fmt}"'
    return response


@login_required
@require_POST
def report_save(request):
    form = ReportForm(QueryDict(request.POST.get("parameters", "")))
    if not form.is_valid() or form.report_query().is_empty:
        messages.error(request, _("This report cannot be saved: its parameters are not valid."))
        return redirect("navigation:report")
    query = form.report_query()
    title = request.POST.get("title", "").strip() or query.describe()
    saved, created = saved_report_create(user=request.user, title=title, parameters=query.querystring())
    if created:
        messages.success(request, _("Report saved. Its address stays the same: share it with anyone."))
    else:
        messages.info(request, _("You had already saved this report; here it is."))
    return redirect("navigation:saved", code=saved.code)
