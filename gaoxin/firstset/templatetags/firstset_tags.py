"""Template helpers of the first-set pages: Bootstrap widgets, money, confidence badges."""

from __future__ import annotations

from django import forms, template

from gaoxin.core.widgets import bound_field_class

from ..display import CONFIDENCE_HELP, CONFIDENCE_STYLE, money, parameter_value, percent2

register = template.Library()


@register.filter
def fs_widget(bound_field, extra_class: str = ""):
    """Render a form field's widget with Bootstrap's classes, marked invalid on error."""
    attrs = {"class": bound_field_class(bound_field, extra_class)}
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{bound_field.auto_id}_error"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(bound_field) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.filter(name="yuan")
def yuan(value) -> str:
    """448000 → 448,000.00."""
    return money(value)


@register.filter(name="percent2")
def percent2_filter(value) -> str:
    """0.03 → 3.00 % (two places, half up)."""
    return percent2(value)


@register.inclusion_tag("firstset/_confidence.html")
def confidence_badge(mark: str):
    """The V / S / I badge with its meaning as a tooltip."""
    return {
        "mark": mark,
        "help": CONFIDENCE_HELP.get(mark, ""),
        "style": CONFIDENCE_STYLE.get(mark, "text-bg-secondary"),
    }


@register.simple_tag
def param_value(value, kind=None):
    return parameter_value(value, kind)
