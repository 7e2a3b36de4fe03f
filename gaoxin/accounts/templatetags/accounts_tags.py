from django import template
from django.conf import settings

from gaoxin.accounts.models import LoginPolicy

register = template.Library()


@register.simple_tag
def login_policy() -> LoginPolicy:
    """The login policy in force, for texts that quote its numbers (`{% login_policy as p %}`)."""
    return LoginPolicy.current()


@register.simple_tag
def address_throttle() -> dict:
    """The throttle on one client address across usernames (settings, not the policy)."""
    return {
        "limit": settings.LOGIN_ADDRESS_FAILURE_LIMIT,
        "minutes": settings.LOGIN_ADDRESS_WINDOW_MINUTES,
    }
