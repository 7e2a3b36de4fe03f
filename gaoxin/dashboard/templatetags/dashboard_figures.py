"""``{% figure_view figure as fv %}``: a Figure ready for ``dashboard/_figure.html``."""

from django import template

from gaoxin.dashboard.figures import figure_view as _figure_view

register = template.Library()


@register.simple_tag
def figure_view(figure) -> dict:
    return _figure_view(figure)
