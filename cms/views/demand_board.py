"""The demand board (需求大厅): open demands their SMEs chose to publish, and "I can offer this" responses."""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from marketplace.errors import error_text
from marketplace.models import Demand, Listing, Organisation
from marketplace.models.listings import Sector
from marketplace.permissions import is_member, is_operator, user_organisations
from marketplace.selectors.demands import (
    demand_board_get,
    demand_board_list,
    demand_board_provinces,
    demand_response_open_of,
    demand_responses_for,
)
from marketplace.services.demands import demand_response_create, demand_response_withdraw

DEMANDS_PER_PAGE = 20


class DemandBoardFilter(forms.Form):
    words = forms.CharField(label=_("Words"), required=False, max_length=200)  # not `q`: that is the header's search
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices])
    province = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("All regions"))] + [(p, p) for p in demand_board_provinces()]


class DemandResponseForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organisation.objects.none())
    message = forms.CharField(label=_("What you can offer"), max_length=3000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    listing = forms.ModelChoiceField(label=_("One of your listings (optional)"), required=False,
                                     queryset=Listing.objects.none())

    def __init__(self, *args, organisations: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        self.fields["listing"].queryset = Listing.objects.filter(
            owner__in=organisations, status=Listing.Status.PUBLISHED).order_by("-pk")
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0]
            self.fields["organisation"].widget = forms.HiddenInput()


def demand_board(request):
    form = DemandBoardFilter(request.GET)
    form.is_valid()  # a filter it does not understand is left out (and said so); the valid ones still apply
    filters = form.cleaned_data
    demands = demand_board_list(words=filters.get("words", ""), sector=filters.get("sector", ""),
                                province=filters.get("province", ""))
    page_obj = Paginator(demands, DEMANDS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cms/demand_board.html", {"form": form, "page_obj": page_obj})


def _demand_or_404(pk: int) -> Demand:
    try:
        return demand_board_get(pk=pk)
    except Demand.DoesNotExist:
        raise Http404 from None


def _responders(request, demand: Demand) -> list[Organisation]:
    """The user's organisations that may respond: those trading on the marketplace, not the demand's own."""
    return [organisation for organisation in user_organisations(request.user).exclude(pk=demand.organisation_id)
            if organisation.trades_on_marketplace]


def demand_board_detail(request, pk: int, form: DemandResponseForm | None = None):
    demand = _demand_or_404(pk)
    owner_view = is_member(request.user, demand.organisation) or is_operator(request.user)
    responders = _responders(request, demand)
    context = {
        "demand": demand,
        "owner_view": owner_view,
        "responses": demand_responses_for(demand=demand) if owner_view else [],
        "own_response": demand_response_open_of(demand=demand, organisations=responders) if responders else None,
        "form": form or (DemandResponseForm(organisations=responders) if responders else None),
    }
    return render(request, "cms/demand_board_detail.html", context, status=400 if form else 200)


@require_POST
def demand_respond(request, pk: int):
    demand = _demand_or_404(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(demand_board_path(demand))
    form = DemandResponseForm(request.POST, organisations=_responders(request, demand))
    if not form.is_valid():
        return demand_board_detail(request, pk, form=form)
    try:
        demand_response_create(demand=demand, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return demand_board_detail(request, pk, form=form)
    messages.success(request, _("Your response was sent to the organisation that posted the demand."))
    return redirect(demand_board_path(demand))


@require_POST
def demand_response_withdraw_view(request, pk: int):
    demand = _demand_or_404(pk)
    response = demand_response_open_of(demand=demand, organisations=user_organisations(request.user))
    if response is None:
        raise Http404
    demand_response_withdraw(response=response, actor=request.user)
    messages.success(request, _("Your response is withdrawn."))
    return redirect(demand_board_path(demand))


def demand_board_path(demand: Demand) -> str:
    return reverse("demand_board_detail", args=[demand.pk])
