"""Figures for the overview, always computed over what the user may see."""

from __future__ import annotations

from django.db.models import Count, Max, Sum

from gaoxin.enterprises.choices import Stage
from gaoxin.enterprises.models import YearlyFact
from gaoxin.enterprises.scoping import visible_enterprises


def overview(*, user) -> dict:
    enterprises = visible_enterprises(user)
    total = enterprises.count()
    by_stage = dict(
        enterprises.values_list("stage").annotate(n=Count("id")).values_list("stage", "n")
    )
    by_park = list(
        enterprises.values("park__name").annotate(n=Count("id")).order_by("-n", "park__name")
    )
    facts = YearlyFact.objects.filter(enterprise__in=enterprises)
    latest_year = facts.aggregate(y=Max("year"))["y"]
    by_year = list(
        facts.values("year")
        .annotate(
            revenue=Sum("revenue"),
            output_value=Sum("output_value"),
            rnd_expense=Sum("rnd_expense"),
        )
        .order_by("year")
    )
    latest = next((row for row in by_year if row["year"] == latest_year), None)
    return {
        "total": total,
        "sample_count": enterprises.filter(is_sample=True).count(),
        "stages": [
            {"key": key, "label": str(label), "count": by_stage.get(key, 0)}
            for key, label in Stage.choices
        ],
        "by_park": by_park,
        "by_year": by_year,
        "latest_year": latest_year,
        "latest": latest,
    }
