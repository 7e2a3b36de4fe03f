"""Account pages of the system administrator (create, edit, reset password) and the security
administrator (role, unlock). Both see the accounts of their zone (see accounts.scoping)."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError

from .. import lockout, selectors, services
from ..choices import ROLE_ORGANISATION_KINDS, Role
from ..forms import (
    UserCreateForm,
    UserFilterForm,
    UserResetPasswordForm,
    UserSetRoleForm,
    UserUnlockForm,
    UserUpdateForm,
    add_service_errors,
)
from ._common import get_or_404, paginate, require_perm

USERS_PER_PAGE = 25


def _can_reset(actor, target) -> bool:
    """Whether to offer "reset password" (the service decides; this only hides a dead end)."""
    return target.pk != actor.pk and target.role not in services.PROTECTED_FROM_RESET


@login_required
def user_list(request):
    require_perm(request, "accounts.view_users")
    filter_form = UserFilterForm(request.GET or None, user=request.user)
    page = paginate(
        request, selectors.user_list(user=request.user, filters=request.GET), USERS_PER_PAGE
    )
    locks = lockout.locked_until([u.username for u in page.object_list])
    rows = [
        {
            "user": u,
            "locked_until": locks.get(u.username),
            "can_reset": _can_reset(request.user, u),
        }
        for u in page.object_list
    ]
    return render(
        request,
        "accounts/user_list.html",
        {
            "filter_form": filter_form,
            "page_obj": page,
            "rows": rows,
            "can_manage": rules.has_perm("accounts.manage_users", request.user),
            "can_assign": rules.has_perm("accounts.assign_roles", request.user),
            "can_unlock": rules.has_perm("accounts.unlock_users", request.user),
        },
    )


@login_required
def user_create(request):
    require_perm(request, "accounts.manage_users")
    form = UserCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user,
                username=data["username"],
                password=data["new_password1"],
                organisation=data["organisation"],
                display_name=data["display_name"],
                title=data["title"],
                email=data["email"],
            )
        except (ValidationError, DomainError) as exc:
            add_service_errors(form, exc, {"password": "new_password1"})
        else:
            messages.success(
                request,
                _(
                    "Account %(username)s created. Pass the initial password on; it must be "
                    "changed at the first login. The security administrator assigns the role."
                )
                % {"username": user.username},
            )
            return redirect("accounts:user_update", pk=user.pk)
    return render(request, "accounts/user_create.html", {"form": form})


@login_required
def user_update(request, pk: int):
    require_perm(request, "accounts.manage_users")
    target = get_or_404(selectors.user_get, user=request.user, pk=pk)
    initial = {
        "display_name": target.display_name,
        "title": target.title,
        "email": target.email,
        "organisation": target.organisation,
        "is_active": target.is_active,
    }
    form = UserUpdateForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            services.user_update(actor=request.user, user=target, reason=reason, **data)
        except (ValidationError, DomainError) as exc:
            add_service_errors(form, exc)
            target.refresh_from_db()
        else:
            messages.success(
                request, _("Account %(username)s saved.") % {"username": target.username}
            )
            return redirect("accounts:user_update", pk=target.pk)
    return render(
        request,
        "accounts/user_update.html",
        {
            "form": form,
            "target": target,
            "locked_until": lockout.locked_until([target.username]).get(target.username),
            "history": selectors.field_history(target),
            "can_reset": _can_reset(request.user, target),
        },
    )


@login_required
def user_reset_password(request, pk: int):
    require_perm(request, "accounts.manage_users")
    target = get_or_404(selectors.user_get, user=request.user, pk=pk)
    form = UserResetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_reset_password(
                actor=request.user,
                user=target,
                new_password=form.cleaned_data["new_password1"],
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, DomainError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The password of %(username)s was reset. Pass the temporary password on; "
                    "it must be changed at the next login."
                )
                % {"username": target.username},
            )
            return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_reset_password.html",
        {"form": form, "target": target, "can_reset": _can_reset(request.user, target)},
    )


@login_required
def user_set_role(request, pk: int):
    require_perm(request, "accounts.assign_roles")
    target = get_or_404(selectors.user_get, user=request.user, pk=pk)
    form = UserSetRoleForm(request.POST or None, initial={"role": target.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_role(
                actor=request.user,
                user=target,
                role=form.cleaned_data["role"],
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, DomainError) as exc:
            add_service_errors(form, exc)
            target.refresh_from_db()
        else:
            messages.success(
                request, _("The role of %(username)s was changed.") % {"username": target.username}
            )
            return redirect("accounts:user_list")
    kind = target.organisation.kind if target.organisation_id else None
    fitting = [label for value, label in Role.choices if kind in ROLE_ORGANISATION_KINDS[value]]
    return render(
        request,
        "accounts/user_set_role.html",
        {"form": form, "target": target, "fitting_roles": fitting},
    )


@login_required
def user_unlock(request, pk: int):
    require_perm(request, "accounts.unlock_users")
    target = get_or_404(selectors.user_get, user=request.user, pk=pk)
    form = UserUnlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_unlock(
                actor=request.user, user=target, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, DomainError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Account %(username)s unlocked.") % {"username": target.username}
            )
            return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_unlock.html",
        {
            "form": form,
            "target": target,
            "locked_until": lockout.locked_until([target.username]).get(target.username),
            "failures": lockout.failures(target.username),
        },
    )
