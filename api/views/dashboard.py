"""The dashboard page where users (and organisation administrators, for their members) manage API tokens.
A new key is shown once, on the page the creation returns; only its hash is stored."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import ApiTokenForm
from ..models import ApiToken
from ..selectors import api_token_users, api_tokens_visible
from ..services import api_token_create, api_token_revoke


@login_required
def token_page(request):
    users = api_token_users(actor=request.user)
    form = ApiTokenForm(request.POST or None, users=users, initial={"user": request.user})
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, key = api_token_create(user=form.cleaned_data["user"], name=form.cleaned_data["name"],
                                          actor=request.user, expires_at=form.expires_at())
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            created = {"token": token, "key": key}
            form = ApiTokenForm(users=users, initial={"user": request.user})
    return render(request, "api/tokens.html", {
        "form": form, "created": created, "tokens": api_tokens_visible(actor=request.user),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def token_revoke_page(request, pk: int):
    try:
        token = api_tokens_visible(actor=request.user).get(pk=pk)
    except ApiToken.DoesNotExist:
        raise Http404(_("No such token among those you manage.")) from None
    api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token “%(name)s” is revoked: requests with it are refused from now on.")
                     % {"name": token.name})
    return redirect("api:token-page")
