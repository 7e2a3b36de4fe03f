"""Bootstrap 5 on Django's form widgets: one rule for the forms that style their widgets in
Python (accounts) and for the template filters that style them as they render (the registry's
and the first-set's pages)."""

from __future__ import annotations

from django import forms


def bootstrap_class(widget: forms.Widget) -> str:
    """Bootstrap's class for a widget: a check box, a select, or any other control."""
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


def bound_field_class(bound_field, extra: str = "") -> str:
    """The classes of a bound field's widget: Bootstrap's, then `extra`, then `is-invalid`
    when the field has errors."""
    css = bootstrap_class(bound_field.field.widget)
    if extra:
        css += " " + extra
    if bound_field.errors:
        css += " is-invalid"
    return css
