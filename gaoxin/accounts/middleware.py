"""Login security: the idle timeout from the login policy and the forced password change."""

from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import idle

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

            minutes = LoginPolicy.current().idle_timeout_minutes
            if idle.is_idle(request, minutes * 60):
                self._log_out_idle(request, minutes)
            elif user.must_change_password and not request.path.startswith(ALLOWED_PREFIXES):
                return self._password_change_required(request)
        response = self.get_response(request)
        self._stamp(request, response)
        return response

    def _log_out_idle(self, request, minutes: int) -> None:
        """End the session; the request goes on as an anonymous one, so pages that need a login
        send the browser to the login page, where the message says why."""
        logout(request)
        if not request.path.startswith("/api/"):
            messages.info(
                request,
                _("You were logged out after %(minutes)d minutes without activity.")
                % {"minutes": minutes},
            )

    def _stamp(self, request, response) -> None:
        """The last-active cookie on every answer to a logged-in user (login included); gone
        after a logout."""
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if (
            user is not None
            and user.is_authenticated
            and session is not None
            and session.session_key
        ):
            idle.stamp(response, session.session_key)
        elif idle.COOKIE_NAME in request.COOKIES:
            idle.forget(response)

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
