"""The clusters' sections of the zone dashboard (``core.registry.overview_section``):
"output against target" — one figure per target the user sees (year, milestone, actual,
forecast, gap; drawn as lines). (The enterprises by chain segment are a figure of the
dashboard's own "enterprises" section; the chain map shows each segment's output.)
Cells are str, int or Decimal; money in yuan (the dashboard shows 万元); a year or segment
without a figure has None (the dashboard shows "—" and the chart leaves a gap). The section is
rendered by the dashboard's generic ``dashboard/_section.html``."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import Figure, overview_section

from . import cluster_selectors as selectors
from .targets import target_progress

ROLES = [Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER]


def target_figure(target) -> Figure:
    link = reverse("clusters:targets", args=[target.cluster_id])
    rows = [
        {
            "cells": [
                str(row["year"]),
                *(row[key] for key in ("milestone", "actual", "forecast", "gap")),
            ],
            "link": link,
        }
        for row in target_progress(target)
    ]
    return {
        "key": f"cluster-target-{target.pk}",
        "title": f"{target.cluster.name} · {target.name}",
        "columns": [
            _("Year"),
            _("Milestone (10k yuan)"),
            _("Actual (10k yuan)"),
            _("Forecast (10k yuan)"),
            _("Gap (10k yuan)"),
        ],
        "rows": rows,
        "chart": {
            "type": "line",
            "category_column": 0,
            "value_columns": [1, 2, 3, 4],
            "money": True,
        },
        "note": _(
            "Actual: the member enterprises' verified figures; forecast: the last actual plus "
            "the signed, settled and producing leads from their production year."
        ),
    }


@overview_section("cluster-targets", template="dashboard/_section.html", roles=ROLES, order=300)
def cluster_targets_section(user) -> dict | None:
    clusters = list(selectors.visible_clusters(user).order_by("name"))
    if not clusters:
        return None
    figures = [target_figure(t) for t in selectors.visible_targets(user)]
    return {"title": _("Output against target"), "figures": figures}
