from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from marketplace.services.organisations import user_signup

from ..forms import SignupForm


def signup(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user, organisation = user_signup(
            username=data["username"], email=data["email"], password=data["password1"],
            organisation_name=data["organisation_name"], organisation_kind=data["organisation_kind"],
            province=data["province"], city=data["city"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! You are acting for %(organisation)s.") % {"organisation": organisation})
        return redirect("dashboard")
    return render(request, "registration/signup.html", {"form": form})
