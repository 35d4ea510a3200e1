"""Settlement batches for the treasury: the approved claims of a cycle with totals per agency, exported as CSV
and XLSX, and marked paid with the treasury's reference. Officers of the programme's authority only (404)."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from cms.forms import add_service_errors
from cms.paging import paginate
from cms.spreadsheets import spreadsheet_safe

from ..models import SettlementBatch
from ..selectors.officer import (
    authority_batches,
    batch_agency_totals,
    batch_claims,
    batch_export_rows,
    officer_batch,
    programmes_awaiting_settlement,
)
from ..services.settlement import batch_create, batch_mark_paid
from .officer import _programme_or_404, officer_authority
from .officer_forms import MarkPaidForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _batch_or_404(request, pk: int) -> SettlementBatch:
    try:
        return officer_batch(user=request.user, pk=pk)
    except SettlementBatch.DoesNotExist:
        raise Http404(_("No such settlement batch among your authority's programmes."))


@login_required
def batches(request):
    authority = officer_authority(request)
    return render(request, "vouchers/officer/batches.html", {
        "authority": authority,
        "programmes": [p for p in programmes_awaiting_settlement(authority) if p.unbatched_count],
        "page_obj": paginate(request, authority_batches(authority)),
    })


@login_required
@require_POST
def batch_create_view(request, programme_pk: int):
    programme = _programme_or_404(request, programme_pk)
    try:
        batch = batch_create(programme=programme, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("vouchers:settlement-batches")
    messages.success(request, _("Settlement batch created: export it for the treasury, then mark it paid."))
    return redirect("vouchers:settlement-batch", pk=batch.pk)


def _batch_page(request, batch: SettlementBatch, *, form=None, status: int = 200):
    totals = batch_agency_totals(batch)
    return render(request, "vouchers/officer/batch_detail.html", {
        "batch": batch, "programme": batch.programme, "totals": totals,
        "grand_total": sum((t.total for t in totals), start=0),
        "claims": batch_claims(batch),
        "form": form or MarkPaidForm(),
    }, status=status)


@login_required
def batch_detail(request, pk: int):
    return _batch_page(request, _batch_or_404(request, pk))


@login_required
@require_POST
def batch_mark_paid_view(request, pk: int):
    batch = _batch_or_404(request, pk)
    form = MarkPaidForm(request.POST)
    if form.is_valid():
        try:
            batch_mark_paid(batch=batch, actor=request.user, bank_reference=form.cleaned_data["bank_reference"])
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The batch is paid: its claims are settled and the payments recorded."))
            return redirect("vouchers:settlement-batch", pk=batch.pk)
    return _batch_page(request, _batch_or_404(request, pk), form=form, status=400)


def _headers() -> tuple[list[str], list[str]]:
    return ([_("Agency"), _("Unified social credit code"), _("Number of claims"), _("Total (CNY)")],
            [_("Voucher code"), _("Enterprise"), _("Agency"), _("Service"), _("Invoice number"),
             _("Amount (CNY)"), _("Approved at")])


def _filename(batch: SettlementBatch, extension: str) -> str:
    return f"settlement-{batch.programme_id}-{batch.period_start:%Y-%m}-{batch.pk}.{extension}"


@login_required
def batch_export_csv(request, pk: int):
    """Both tables one after the other, with a UTF-8 byte order mark so that Excel reads the Chinese right."""
    batch = _batch_or_404(request, pk)
    agencies, lines = batch_export_rows(batch)
    agency_header, line_header = _headers()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([spreadsheet_safe(v) for v in agency_header])
    writer.writerows([[spreadsheet_safe(v) for v in row] for row in agencies])
    writer.writerow([])
    writer.writerow([spreadsheet_safe(v) for v in line_header])
    writer.writerows([[spreadsheet_safe(v) for v in row] for row in lines])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(batch, "csv")}"'
    return response


@login_required
def batch_export_xlsx(request, pk: int):
    """Sheet one: per agency; sheet two: the claim lines. Amounts stay numbers (two decimals)."""
    batch = _batch_or_404(request, pk)
    agencies, lines = batch_export_rows(batch)
    agency_header, line_header = _headers()
    workbook = Workbook()
    sheets = [(workbook.active, _("Agencies"), agency_header, agencies, 3),
              (workbook.create_sheet(), _("Redemption claims"), line_header, lines, 5)]
    for sheet, title, header, rows, money_column in sheets:
        sheet.title = title[:31]
        sheet.append([spreadsheet_safe(v) for v in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([spreadsheet_safe(v) for v in row])
        for (cell,) in sheet.iter_rows(min_row=2, min_col=money_column + 1, max_col=money_column + 1):
            cell.number_format = "#,##0.00"
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(batch, "xlsx")}"'
    return response
