"""Login, logout and the password change (forced at first login)."""

from axes.helpers import get_failure_limit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import lockout, services
from ..forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_record_login(user=form.get_user())
        return response

    def form_invalid(self, form):
        """Record the failure of an existing account (axes has counted it by now); when it
        reaches the limit, django-axes's middleware answers with the locked-out page."""
        username = (form.data.get("username") or "").strip()
        if username:
            services.user_record_login_failure(
                username=username,
                failures=getattr(self.request, "axes_failures_since_start", None),
                limit=get_failure_limit(self.request, {"username": username}),
            )
        self._record_address_throttle()
        return super().form_invalid(form)

    def _record_address_throttle(self) -> None:
        """Audit the failure that makes this address reach the throttle: once, since every
        refused attempt after it is counted too (the block lasts from the last one)."""
        ip = getattr(self.request, "axes_ip_address", None)
        count = lockout.address_failures(ip)
        if ip and count == settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            services.login_record_address_throttle(
                ip=ip, failures=count, limit=settings.LOGIN_ADDRESS_FAILURE_LIMIT
            )


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        services.user_record_logout(user=request.user)
    logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("accounts:login")


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_change_password(
                actor=request.user,
                user=request.user,
                new_password=form.cleaned_data["new_password1"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = "dashboard:home"
            return redirect(target)
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "forced": request.user.must_change_password},
    )
