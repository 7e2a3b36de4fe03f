"""The login policy page of the security administrator."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError

from .. import services
from ..forms import FLOOR_SIDE, LoginPolicyForm, add_service_errors
from ..models import LoginPolicy
from ._common import require_perm


@login_required
def login_policy(request):
    require_perm(request, "accounts.set_login_policy")
    policy = LoginPolicy.current()
    # The form edits a copy: the service applies the change (and audits it) or refuses it.
    form = LoginPolicyForm(request.POST or None, instance=LoginPolicy.current())
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in FLOOR_SIDE}
        try:
            services.login_policy_update(
                actor=request.user, reason=form.cleaned_data["reason"], **fields
            )
        except (ValidationError, DomainError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The login policy was saved. It applies from now on."))
            return redirect("accounts:login_policy")
    return render(request, "accounts/login_policy.html", {"form": form, "policy": policy})
