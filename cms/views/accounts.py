"""Sign-up (with a new organisation, from an invitation's link, or asking to join) and answering invitations."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from marketplace.models import Invitation, Organisation
from marketplace.selectors.invitations import invitation_get_by_token
from marketplace.services.invitations import (
    invitation_accept, invitation_decline, user_signup_invited, user_signup_requesting,
)
from marketplace.selectors.organisations import organisation_find_by_name
from marketplace.services.organisations import user_signup
from marketplace.workflow import IllegalTransition

from ..forms import AccountForm, JoinRequestForm, SignupForm, add_service_errors

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@ratelimit(key="ip", rate=lambda group, request: settings.SIGNUP_RATE_LIMIT, method="POST", block=True)
def signup(request):
    """A new account with a new organisation; `?invitation=<token>` or `?join=<slug>` make it an account that
    answers an invitation or asks to join an existing organisation instead."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    if "invitation" in request.GET:
        return _signup_invited(request, _invitation_or_404(request.GET["invitation"]))
    if "join" in request.GET:
        organisation = get_object_or_404(Organisation.objects.exclude(kind__in=Organisation.CLOSED_KINDS),
                                         slug=request.GET["join"])
        return _signup_requesting(request, organisation)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, organisation = user_signup(
                username=data["username"], email=data["email"], password=data["password1"],
                organisation_name=data["organisation_name"], organisation_kind=data["organisation_kind"],
                province=data["province"], city=data["city"],
            )
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            login(request, user, backend=MODEL_BACKEND)
            messages.success(request, _("Welcome! You are acting for %(organisation)s.")
                             % {"organisation": organisation})
            return redirect("dashboard")
    taken = None
    if form.has_error("organisation_name", code="taken"):
        taken = organisation_find_by_name(name=form.data.get("organisation_name", ""))
    return render(request, "registration/signup.html", {"form": form, "taken": taken})


def _signup_invited(request, invitation: Invitation):
    form = AccountForm(request.POST or None, initial={"email": invitation.email})
    form.fields["email"].disabled = True  # the account takes the invited address: the link proves it
    if request.method == "POST" and form.is_valid():
        try:
            user = user_signup_invited(invitation=invitation, username=form.cleaned_data["username"],
                                       password=form.cleaned_data["password1"])
        except IllegalTransition:
            messages.error(request, _("This invitation has already been answered or revoked."))
            return redirect("invitation", token=invitation.token)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            login(request, user, backend=MODEL_BACKEND)
            messages.success(request, _("Welcome! You are now a member of %(organisation)s.")
                             % {"organisation": invitation.organisation})
            return redirect("dashboard")
    return render(request, "registration/signup.html", {"form": form, "invitation": invitation})


def _signup_requesting(request, organisation: Organisation):
    form = AccountForm(request.POST or None)
    request_form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and request_form.is_valid():
        try:
            user = user_signup_requesting(organisation=organisation, username=form.cleaned_data["username"],
                                          email=form.cleaned_data["email"], password=form.cleaned_data["password1"],
                                          message=request_form.cleaned_data["message"])
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            login(request, user, backend=MODEL_BACKEND)
            messages.success(request, _("Welcome! Your request to join %(organisation)s was sent to its "
                                        "administrators.") % {"organisation": organisation})
            return redirect("dashboard")
    return render(request, "registration/signup.html",
                  {"form": form, "request_form": request_form, "joining": organisation})


def _invitation_or_404(token: str) -> Invitation:
    try:
        return invitation_get_by_token(token=token)
    except Invitation.DoesNotExist:
        raise Http404(_("No such invitation.")) from None


def invitation(request, token):
    """The e-mailed link: who invites, and the buttons to answer (after signing in with the invited address)."""
    invitation = _invitation_or_404(token)
    user = request.user
    return render(request, "registration/invitation.html", {
        "invitation": invitation,
        "addressed_to_user": user.is_authenticated and user.email.strip().lower() == invitation.email,
        "is_member": user.is_authenticated and invitation.organisation.memberships.filter(user=user).exists(),
        "login_url": reverse("login") + "?" + urlencode({"next": request.path}),
        "signup_url": reverse("signup") + "?" + urlencode({"invitation": token}),
    })


@login_required
@require_POST
def invitation_answer(request, token, answer):
    invitation = _invitation_or_404(token)
    if answer not in ("accept", "decline"):
        raise Http404
    try:
        if answer == "accept":
            invitation_accept(invitation=invitation, user=request.user)
        else:
            invitation_decline(invitation=invitation, user=request.user)
    except IllegalTransition:
        messages.error(request, _("This invitation has already been answered or revoked."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if answer == "accept":
            messages.success(request, _("You are now a member of %(organisation)s.")
                             % {"organisation": invitation.organisation})
        else:
            messages.success(request, _("Invitation declined."))
    return redirect("invitation", token=token)
