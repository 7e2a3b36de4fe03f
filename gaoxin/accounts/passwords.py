"""Password rules and lockout settings read from the security administrator's LoginPolicy."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _policy():
    from .models import LoginPolicy

    return LoginPolicy.current()


# "symbol" is any character that is none of the other three: punctuation, spaces, and also
# Chinese characters (which have no case).
CLASS_TESTS = (
    ("lower", lambda c: c.islower()),
    ("upper", lambda c: c.isupper()),
    ("digit", lambda c: c.isdigit()),
    ("symbol", lambda c: not (c.islower() or c.isupper() or c.isdigit())),
)


def _class_label(name: str) -> str:
    return {
        "lower": _("lower-case letters"),
        "upper": _("upper-case letters"),
        "digit": _("digits"),
        "symbol": _("symbols"),
    }[name]


def missing_classes(password: str) -> list[str]:
    """The character classes (lower, upper, digit, symbol) the password does not use."""
    return [name for name, test in CLASS_TESTS if not any(test(c) for c in password)]


def character_classes(password: str) -> int:
    """How many of the four classes (lower, upper, digit, symbol) the password uses."""
    return len(CLASS_TESTS) - len(missing_classes(password))


class PolicyLengthValidator:
    def validate(self, password, user=None):
        minimum = _policy().password_min_length
        if len(password) < minimum:
            raise ValidationError(
                ngettext(
                    "The password must have at least %(min)d character; it has %(length)d.",
                    "The password must have at least %(min)d characters; it has %(length)d.",
                    minimum,
                )
                % {"min": minimum, "length": len(password)},
                code="password_too_short",
            )

    def get_help_text(self):
        return _("At least %(min)d characters.") % {"min": _policy().password_min_length}


class CharacterClassValidator:
    def validate(self, password, user=None):
        minimum = _policy().password_min_classes
        missing = missing_classes(password)
        used = len(CLASS_TESTS) - len(missing)
        if used < minimum:
            raise ValidationError(
                _(
                    "The password must mix at least %(min)d of: lower-case letters, "
                    "upper-case letters, digits, symbols. It uses %(used)d; add %(needed)d more "
                    "from: %(missing)s."
                )
                % {
                    "min": minimum,
                    "used": used,
                    "needed": minimum - used,
                    "missing": ", ".join(str(_class_label(name)) for name in missing),
                },
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
