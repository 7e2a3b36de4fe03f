"""Personal API tokens: each user sees, creates and revokes their own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gaoxin.core.errors import DomainError

from .. import selectors, services
from ..forms import ApiTokenCreateForm, ConfirmForm, add_service_errors
from ._common import get_or_404, require_perm


def _render_list(request, form, new_key: str = "", new_token=None, status: int = 200):
    return render(
        request,
        "accounts/token_list.html",
        {
            "form": form,
            "tokens": selectors.api_token_list(user=request.user),
            "new_key": new_key,
            "new_token": new_token,
            "now": timezone.now(),
        },
        status=status,
    )


@never_cache
@login_required
def token_list(request):
    require_perm(request, "accounts.manage_own_tokens")
    return _render_list(request, ApiTokenCreateForm())


@never_cache
@login_required
@require_POST
def token_create(request):
    """Creates the token and shows its key in this one response (never stored, never again)."""
    require_perm(request, "accounts.manage_own_tokens")
    form = ApiTokenCreateForm(request.POST)
    if form.is_valid():
        try:
            token, key = services.api_token_create(
                actor=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
            )
        except (ValidationError, DomainError) as exc:
            add_service_errors(form, exc)
        else:
            return _render_list(request, ApiTokenCreateForm(), new_key=key, new_token=token)
    return _render_list(request, form, status=400)


@login_required
def token_revoke(request, pk: int):
    require_perm(request, "accounts.manage_own_tokens")
    token = get_or_404(selectors.api_token_get, user=request.user, pk=pk)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.api_token_revoke(
                actor=request.user, token=token, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, DomainError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Token %(name)s revoked.") % {"name": token.name})
            return redirect("accounts:token_list")
    return render(request, "accounts/token_revoke.html", {"form": form, "token": token})
