"""The zone dashboard's section "pipeline" (招商): the pipeline funnel and the signings by
chain segment, as :class:`gaoxin.core.registry.Figure` dicts (table, chart, drill-down)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import Figure, overview_section

from .funnel import funnel
from .scoping import visible_leads
from .selectors import signing_list


def funnel_figure(user) -> Figure:
    base = reverse("investment:lead_list")
    return {
        "key": "pipeline-funnel",
        "title": _("Pipeline funnel"),
        "columns": [pgettext("funnel stage", "Stage"), _("Reached"), _("Now in it")],
        "rows": [
            {
                "cells": [row["label"], row["reached"], row["current"]],
                "link": f"{base}?status={row['status']}",
            }
            for row in funnel(visible_leads(user))
        ],
        "chart": {"type": "funnel", "category_column": 0, "value_columns": [1], "money": False},
        "note": _("A lead reached a stage when it entered it or any later one."),
    }


def signings_figure(user) -> Figure:
    base = reverse("investment:signing_list")
    groups = (
        signing_list(user)
        .order_by()
        .values("segment", "segment__name")
        .annotate(count=Count("pk"), amount=Sum("amount"))
        .order_by("-amount", "segment__name")
    )
    rows = [
        {
            "cells": [
                g["segment__name"] or _("No chain segment"),
                g["count"],
                g["amount"] or Decimal(0),
            ],
            "link": f"{base}?segment={g['segment']}" if g["segment"] else base,
        }
        for g in groups
    ]
    return {
        "key": "signings-by-segment",
        "title": _("Signings by segment"),
        "columns": [_("Chain segment"), _("Signings"), _("Agreed investment (10k yuan)")],
        "rows": rows,
        "chart": {"type": "bar", "category_column": 0, "value_columns": [2], "money": True},
        "note": _(
            "Agreed investment of the signed agreements, by the segment they were signed for."
        ),
    }


@overview_section(
    "pipeline",
    template="dashboard/_section.html",
    roles=[Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER],
    order=30,
)
def pipeline_section(user) -> dict | None:
    if not visible_leads(user).exists():
        return None
    return {
        "key": "pipeline",
        "title": _("Investment pipeline"),
        "link": reverse("investment:funnel"),
        "link_label": _("Open the funnel"),
        "figures": [funnel_figure(user), signings_figure(user)],
    }
