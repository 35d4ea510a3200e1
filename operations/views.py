"""The operations dashboard and the yearly city report: the operation centre's staff only."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from cms.forms import add_service_errors
from marketplace.permissions import is_operator

from .exports import FORMATS, table_response
from .forms import CityPopulationForm, PeriodForm, YearForm
from .kpis import kpi_tiles
from .selectors.cities import city_indicators
from .services import city_population_save
from .tables import SPECS_BY_KEY, table_build, tables_build


def operator_required(view):
    """Anonymous visitors are sent to log in; members of anything but the operation centre get 403."""
    @login_required
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not is_operator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)
    return checked


@operator_required
def dashboard(request):
    form = PeriodForm.for_request(request.GET)
    context = {"form": form, "tables": [], "tiles": []}
    if form.is_valid():
        tables = tables_build(form.period)
        context.update(tables=tables, tiles=kpi_tiles(form.period, {t.key: t for t in tables}),
                       query=_period_query(form))
    return render(request, "operations/dashboard.html", context)


def _period_query(form: PeriodForm) -> str:
    period = form.period
    return f"start={period.start.isoformat()}&end={period.end.isoformat()}&grain={period.grain}"


KPI_KEY = "kpis"


@operator_required
def table_export(request, key: str, export_format: str):
    spec = SPECS_BY_KEY.get(key)
    if (spec is None and key != KPI_KEY) or export_format not in FORMATS:
        raise Http404
    form = PeriodForm.for_request(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(" ".join(str(e) for errors in form.errors.values() for e in errors))
    period = form.period
    if spec is None:  # the tiles, as a two-column table
        tables = tables_build(period)
        columns, title = [_("Figure"), pgettext("key figure", "Value")], _("Key figures")
        rows = [[tile.label, tile.value] for tile in kpi_tiles(period, {t.key: t for t in tables})]
    else:
        table = table_build(spec, period)
        columns, rows, title = table.columns, table.rows, table.title
    return table_response(columns=columns, rows=rows, export_format=export_format,
                          filename=f"{key}-{period.start:%Y%m%d}-{period.end:%Y%m%d}-{period.grain}",
                          sheet_title=title)


# The yearly city report -----------------------------------------------------------------------------------

CITY_COLUMNS = (
    ("province", gettext_lazy("Province")), ("city", gettext_lazy("City")), ("population", gettext_lazy("Population")),
    ("population_year", gettext_lazy("Population of year")), ("invention_patents", gettext_lazy("Invention patents in force")),
    ("per_10k", gettext_lazy("Invention patents per 10,000 people")), ("listings_published", gettext_lazy("Listings published")),
    ("licences", gettext_lazy("Licences recorded")), ("patents_licensed", gettext_lazy("Patents licensed or assigned")),
    ("licence_income", gettext_lazy("Licence income collected (CNY)")), ("voucher_spend", gettext_lazy("Voucher spend (CNY)")),
    ("demands", gettext_lazy("Demands posted")),
)


def _city_table(year: int) -> list[list]:
    return [[row.province, row.city, row.population, row.population_year, row.figures["invention_patents"],
             row.patents_per_10k, *(row.figures[name] for name, _label in CITY_COLUMNS[6:])]
            for row in city_indicators(year)]


@operator_required
def city_report(request, population_form: CityPopulationForm | None = None):
    form = YearForm.for_request(request.GET)
    context = {"form": form, "population_form": population_form or CityPopulationForm(),
               "columns": [str(label) for _name, label in CITY_COLUMNS], "rows": []}
    if form.is_valid():
        context.update(year=form.cleaned_data["year"], rows=_city_table(form.cleaned_data["year"]))
    return render(request, "operations/city_report.html", context, status=400 if population_form else 200)


@operator_required
@require_POST
def city_population(request):
    form = CityPopulationForm(request.POST)
    if form.is_valid():
        try:
            saved = city_population_save(**form.cleaned_data, actor=request.user)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("Population of %(city)s in %(year)s saved.")
                             % {"city": saved.city, "year": saved.year})
            return redirect(f"{reverse('operations:city-report')}?year={saved.year}")
    return city_report(request, population_form=form)


@operator_required
def city_report_export(request, export_format: str):
    form = YearForm.for_request(request.GET)
    if export_format not in FORMATS:
        raise Http404
    if not form.is_valid():
        return HttpResponseBadRequest(" ".join(str(e) for errors in form.errors.values() for e in errors))
    year = form.cleaned_data["year"]
    return table_response(columns=[str(label) for _name, label in CITY_COLUMNS], rows=_city_table(year),
                          filename=f"city-indicators-{year}", export_format=export_format,
                          sheet_title=str(year))
