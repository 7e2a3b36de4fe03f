from django import template

from gaoxin.accounts.models import LoginPolicy

register = template.Library()


@register.simple_tag
def login_policy() -> LoginPolicy:
    """The login policy in force, for texts that quote its numbers (`{% login_policy as p %}`)."""
    return LoginPolicy.current()
