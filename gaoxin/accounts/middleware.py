"""Login security: the idle timeout from the login policy and the forced password change."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

ALLOWED_PREFIXES = (
    "/static/",
    "/i18n/",
    "/accounts/logout/",
    "/accounts/password/",
    "/public/",
    "/healthz",
    "/readyz",
)


class LoginSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            from .models import LoginPolicy

            request.session.set_expiry(LoginPolicy.current().idle_timeout_minutes * 60)
            if user.must_change_password and not request.path.startswith(ALLOWED_PREFIXES):
                return self._password_change_required(request)
        return self.get_response(request)

    def _password_change_required(self, request):
        if request.path.startswith("/api/"):
            body = {
                "error": {
                    "code": "password_change_required",
                    "message": _("Choose a new password before using the system."),
                    "fields": [],
                }
            }
            return JsonResponse(body, status=403)
        return redirect(reverse("accounts:password_change") + "?next=" + request.get_full_path())
