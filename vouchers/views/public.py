"""Public pages: a service product of the catalogue (the catalogue itself is the Wagtail ServiceCataloguePage),
the agencies on public notice with the objection form, and the credit supervision list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.forms import add_service_errors
from cms.paging import paginate
from marketplace.workflow import IllegalTransition

from ..models import Accreditation, ServiceCataloguePage, ServiceProduct
from ..selectors.catalogue import (
    agency_accreditations_active,
    catalogue_product,
    notice_days_left,
    notice_get,
    notices_public,
    sanctions_standing,
)
from ..services.accreditation import notice_running, objection_raise
from .accreditation_forms import ObjectionForm


def catalogue_page() -> ServiceCataloguePage | None:
    return ServiceCataloguePage.objects.live().first()


def product_context(request, *, pk: int) -> dict:
    """What the product page shows; LookupError when the product is not in the public catalogue."""
    try:
        product = catalogue_product(pk=pk)
    except ServiceProduct.DoesNotExist:
        raise LookupError(pk) from None
    return {
        "product": product,
        "agency": product.agency,
        "accreditations": agency_accreditations_active(product.agency),
        "order_url": f"{reverse('vouchers:order-new')}?product={product.pk}",
    }


def product_detail(request, pk: int):
    """A stable address for a product (/vouchers/services/<pk>/): the catalogue page's route when the site has
    one, else the product rendered here."""
    page = catalogue_page()
    if page is not None:
        return redirect(page.get_url(request) + page.reverse_subpage("product", args=[pk]))
    try:
        context = product_context(request, pk=pk)
    except LookupError:
        raise Http404(_("This service is not in the catalogue.")) from None
    return render(request, "vouchers/product_detail.html", context)


def _notices_page(request, *, form_for: int | None = None, form: ObjectionForm | None = None, status: int = 200):
    page_obj = paginate(request, notices_public(), per_page=20)
    rows = [(accreditation, notice_days_left(accreditation), notice_running(accreditation),
             form if accreditation.pk == form_for else ObjectionForm(auto_id=f"id_%s_{accreditation.pk}"))
            for accreditation in page_obj.object_list]
    return render(request, "vouchers/notices.html", {"page_obj": page_obj, "rows": rows}, status=status)


def notices(request):
    """Agencies on public notice: their particulars, the days left, and an objection form for signed-in users."""
    return _notices_page(request)


@login_required
@require_POST
def objection_create(request, pk: int):
    try:
        accreditation = notice_get(pk=pk)
    except Accreditation.DoesNotExist:
        raise Http404(_("This agency is not on public notice.")) from None
    form = ObjectionForm(request.POST, auto_id=f"id_%s_{accreditation.pk}")
    if form.is_valid():
        try:
            objection_raise(accreditation=accreditation, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(error, form)
        except IllegalTransition:
            form.add_error(None, _("Objections are taken only while the agency is on public notice."))
        else:
            messages.success(request, _("Your objection is recorded. The authority must resolve it before the "
                                        "agency can be accredited."))
            return redirect("vouchers:notices")
    return _notices_page(request, form_for=accreditation.pk, form=form, status=400)


def sanctions(request):
    """信用监管: organisations suspended from voucher programmes, with the reason."""
    return render(request, "vouchers/sanctions.html",
                  {"page_obj": paginate(request, sanctions_standing(), per_page=50)})
