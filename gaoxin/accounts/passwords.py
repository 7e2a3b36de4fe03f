"""Password rules and lockout settings read from the security administrator's LoginPolicy."""

from __future__ import annotations

import string
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _policy():
    from .models import LoginPolicy

    return LoginPolicy.current()


def character_classes(password: str) -> int:
    """How many of the four classes (lower, upper, digit, symbol) the password uses."""
    classes = [
        any(c.islower() for c in password),
        any(c.isupper() for c in password),
        any(c.isdigit() for c in password),
        any(c in string.punctuation or not c.isalnum() for c in password),
    ]
    return sum(classes)


class PolicyLengthValidator:
    def validate(self, password, user=None):
        minimum = _policy().password_min_length
        if len(password) < minimum:
            raise ValidationError(
                ngettext(
                    "The password must have at least %(min)d character.",
                    "The password must have at least %(min)d characters.",
                    minimum,
                )
                % {"min": minimum},
                code="password_too_short",
            )

    def get_help_text(self):
        return _("At least %(min)d characters.") % {"min": _policy().password_min_length}


class CharacterClassValidator:
    def validate(self, password, user=None):
        minimum = _policy().password_min_classes
        if character_classes(password) < minimum:
            raise ValidationError(
                _(
                    "The password must mix at least %(min)d of: lower-case letters, "
                    "upper-case letters, digits, symbols."
                )
                % {"min": minimum},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _(
            "At least %(min)d of: lower-case letters, upper-case letters, digits, symbols."
        ) % {"min": _policy().password_min_classes}


def failure_limit(request, credentials) -> int:
    """django-axes: failed logins before lockout (AXES_FAILURE_LIMIT)."""
    return _policy().failure_limit


def cooloff_time(request=None) -> timedelta:
    """django-axes: how long a lockout lasts (AXES_COOLOFF_TIME)."""
    return timedelta(minutes=_policy().lockout_minutes)
