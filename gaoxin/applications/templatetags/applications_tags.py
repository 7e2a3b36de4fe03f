"""Template tags of applications: a fact's name, and the 申报 button the policy page includes
(``{% load applications_tags %}{% apply_button policy %}``), so policies imports nothing of
this app."""

from __future__ import annotations

from django import template

from gaoxin.firstset.display import is_chinese
from gaoxin.policies.matching.catalog import fact_label

from .. import rules
from ..choices import OPEN_STATUSES
from ..models import Application

register = template.Library()


@register.filter
def fact_name(key: str) -> str:
    return fact_label(key, is_chinese())


@register.inclusion_tag("applications/_apply_button.html", takes_context=True)
def apply_button(context, policy):
    user = context.get("user")
    shown = (
        policy.delivery_mode == "apply" and policy.status == "published" and rules.can_apply(user)
    )
    existing = None
    if shown:
        existing = Application.objects.filter(
            policy=policy, enterprise=rules.enterprise_of(user), status__in=OPEN_STATUSES
        ).first()
    return {
        "shown": shown,
        "policy": policy,
        "existing": existing,
        "csrf_token": context.get("csrf_token"),
    }
