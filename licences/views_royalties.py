"""Royalty pages: a licence's reporting periods with the report form (previewed server-side), voiding, the
invoices list, and royalty statements (HTML, CSV, PDF)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.forms import add_service_errors
from cms.paging import paginate
from cms.views.dashboard import acting_organisation
from deals.terms import RoyaltyBase
from marketplace.models import Organisation
from marketplace.permissions import is_operator, user_organisations
from marketplace.workflow import IllegalTransition

from .forms_royalties import RoyaltyReportForm, StatementForm, VoidForm
from .models import Licence, RoyaltyReport
from .royalties import royalty_compute, royalty_report_file, royalty_report_void
from .royalties_selectors import (
    instalments_for,
    licence_period_rows,
    period_rows_to_show,
    licence_user_files_reports,
    royalty_reports_voided,
)
from .selectors import licence_get_for_user
from .statements import statement_build, statement_csv, statement_organisation_for_user, statement_pdf, statement_period

INVOICES_PER_PAGE = 30


def _licence_or_404(request, pk: int) -> Licence:
    try:
        return licence_get_for_user(pk=pk, user=request.user)
    except Licence.DoesNotExist:
        raise Http404(_("No such licence."))


@login_required
def licence_royalties(request, pk: int):
    """The licence's periods; its licensee files the next due one (`preview` computes, `file` files)."""
    licence = _licence_or_404(request, pk)
    rows = licence_period_rows(licence=licence)
    due = next((row for row in rows if row.fileable), None)
    rows, later_periods = period_rows_to_show(rows)
    can_file = due is not None and licence_user_files_reports(licence=licence, user=request.user)
    units = licence.terms.royalty_base == RoyaltyBase.UNITS
    form = RoyaltyReportForm(request.POST or None, units=units,
                             initial={"period_start": due.period.start if due else None})
    preview = None
    if request.method == "POST":
        if not can_file:
            raise Http404(_("There is no period to report."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                if "file" in request.POST:
                    royalty_report_file(licence=licence, period_start=data["period_start"],
                                        base_amount=data["base_amount"], note=data["note"], actor=request.user)
                    messages.success(request, _("The royalty report is filed."))
                    return redirect("royalties:licence", pk=licence.pk)
                preview = royalty_compute(licence=licence, period_start=data["period_start"],
                                          base_amount=data["base_amount"])
            except ValidationError as error:
                add_service_errors(error, form)
    return render(request, "licences/licence_royalties.html", {
        "licence": licence, "terms": licence.terms, "base_label": RoyaltyBase(licence.terms.royalty_base).label,
        "units": units, "rows": rows, "later_periods": later_periods, "due": due, "can_file": can_file,
        "form": form, "preview": preview, "voided": royalty_reports_voided(licence=licence),
        "is_operator": is_operator(request.user), "void_form": VoidForm(),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def royalty_report_void_view(request, pk: int):
    report = RoyaltyReport.objects.filter(pk=pk).first()
    if report is None or not is_operator(request.user):
        raise Http404(_("No such report."))
    form = VoidForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        royalty_report_void(report=report, actor=request.user, reason=form.cleaned_data["reason"])
    except IllegalTransition:
        messages.warning(request, _("This report was already void."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report is void; the licensee can file the period again."))
    return redirect("royalties:licence", pk=report.licence_id)


@login_required
def invoices(request):
    """The acting organisation's instalments (royalty invoices among them); every one for operators."""
    if is_operator(request.user) and not request.GET.get("mine"):
        organisation = None
    elif user_organisations(request.user).exists():
        organisation = acting_organisation(request)
    else:
        return render(request, "dashboard/no_organisation.html")
    return render(request, "licences/invoices.html", {
        "organisation": organisation,
        "page_obj": paginate(request, instalments_for(organisation=organisation), per_page=INVOICES_PER_PAGE),
    })


@login_required
def statements(request):
    """The acting organisation's statement (the operation centre's for operators of no other organisation)."""
    if user_organisations(request.user).exists():
        organisation = acting_organisation(request)
    elif is_operator(request.user):
        organisation = Organisation.objects.filter(kind=Organisation.Kind.OPERATION_CENTRE).first()
    else:
        organisation = None
    if organisation is None:
        return render(request, "dashboard/no_organisation.html")
    return redirect("royalties:statement", organisation_pk=organisation.pk)


def _statement(request, organisation_pk: int):
    try:
        organisation = statement_organisation_for_user(pk=organisation_pk, user=request.user)
    except Organisation.DoesNotExist:
        raise Http404(_("No such organisation."))
    form = StatementForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    period = statement_period(granularity=data.get("granularity", ""), key=data.get("period", ""))
    return statement_build(organisation=organisation, period=period)


def _query(period) -> str:
    return f"?granularity={period.granularity}&period={period.key}"


@login_required
def statement(request, organisation_pk: int):
    built = _statement(request, organisation_pk)
    period = built.period
    form = StatementForm(initial={"granularity": period.granularity, "period": period.key})
    base = reverse("royalties:statement", args=[organisation_pk])
    return render(request, "licences/statement.html", {
        "statement": built, "form": form, "query": _query(period),
        "previous_url": base + _query(period.shifted(-1)), "next_url": base + _query(period.shifted(1)),
        "organisations": _statement_choices(request.user),
    })


def _statement_choices(user):
    """Whose statements the user may switch to: its organisations; for operators, every recipient and the
    operation centre (which keeps the commission)."""
    if not is_operator(user):
        return user_organisations(user)
    return Organisation.objects.filter(
        Q(distributions__isnull=False) | Q(kind=Organisation.Kind.OPERATION_CENTRE)).distinct().order_by("name_zh")


def _filename(built, extension: str) -> str:
    return f"royalty-statement-{built.organisation.pk}-{built.period.key}.{extension}"


@login_required
def statement_csv_view(request, organisation_pk: int):
    built = _statement(request, organisation_pk)
    # A byte-order mark so that Excel opens the UTF-8 (Chinese names) correctly.
    response = HttpResponse("\ufeff" + statement_csv(built), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(built, "csv")}"'
    return response


@login_required
def statement_pdf_view(request, organisation_pk: int):
    built = _statement(request, organisation_pk)
    response = HttpResponse(statement_pdf(built), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(built, "pdf")}"'
    return response
