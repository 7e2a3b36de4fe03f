"""Template helpers of the registry pages: Bootstrap widgets, 万元 figures, sorting, history."""

from __future__ import annotations

from decimal import Decimal

from django import forms, template
from django.utils.translation import gettext_lazy as _

from gaoxin.core.money import format_wan
from gaoxin.core.widgets import bound_field_class

register = template.Library()

TEN_THOUSAND = Decimal(10000)

ACTION_LABELS = {
    "enterprises.enterprise.create": _("Registered"),
    "enterprises.enterprise.update": _("File changed"),
    "enterprises.yearly_fact.create": _("Figures recorded"),
    "enterprises.yearly_fact.update": _("Figures changed"),
    "enterprises.yearly_fact.delete": _("Figures deleted"),
    "enterprises.qualification.add": _("Qualification added"),
    "enterprises.qualification.update": _("Qualification changed"),
    "enterprises.qualification.remove": _("Qualification removed"),
    "enterprises.contact.add": _("Contact added"),
    "enterprises.contact.update": _("Contact changed"),
    "enterprises.contact.remove": _("Contact removed"),
    "enterprises.contact.reveal": _("Phone number shown"),
    "enterprises.declaration.submit": _("Declared for verification"),
    "enterprises.declaration.verify": _("Declaration verified"),
    "enterprises.declaration.reject": _("Declaration rejected"),
}


@register.filter
def bs_widget(bound_field):
    """Render a form field's widget with Bootstrap's classes, marked invalid on error."""
    return bound_field.as_widget(attrs={"class": bound_field_class(bound_field)})


@register.filter
def is_checkbox(bound_field) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.filter
def wan(value) -> str:
    """Yuan shown in 万元 (10 000 yuan) with two places; "—" when unknown."""
    return format_wan(value)


@register.filter
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@register.simple_tag(takes_context=True)
def sort_query(context, sort: str) -> str:
    """The current query string with `sort` replaced and back on the first page."""
    query = context["request"].GET.copy()
    query["sort"] = sort
    query.pop("page", None)
    return query.urlencode()
