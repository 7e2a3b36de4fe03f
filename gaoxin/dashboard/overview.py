"""The dashboard's own overview section: the enterprises the user sees, by stage, qualification,
park, chain segment and year; every row drills down to the enterprise list filtered by it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import overview_section

from . import selectors

READERS = (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER)


def list_link(**query) -> str:
    """The enterprise list filtered by ``query`` (the drill-down of a figure's row)."""
    return f"{reverse('enterprises:list')}?{urlencode(query)}"


def _counts(key, title, column, rows, note="") -> dict:
    """A count figure: (label, count, link) rows as a bar chart."""
    return {
        "key": key,
        "title": title,
        "columns": [column, _("Enterprises")],
        "rows": [{"cells": [label, n], "link": link} for label, n, link in rows],
        "chart": {"type": "bar", "category_column": 0, "value_columns": [1], "money": False},
        "note": note,
    }


def stage_figure(data: dict) -> dict:
    rows = [(s["label"], s["count"], list_link(stage=s["key"])) for s in data["stages"]]
    return _counts("enterprises-stage", _("Enterprises by stage"), _("Stage"), rows)


def qualification_figure(data: dict) -> dict:
    rows = [
        (q["label"], q["count"], list_link(qualification=q["key"])) for q in data["qualifications"]
    ]
    note = _("An enterprise holding several qualifications counts under each.")
    return _counts(
        "enterprises-qualification",
        _("Enterprises by qualification"),
        _("Qualification"),
        rows,
        note,
    )


def park_figure(data: dict) -> dict:
    rows = [
        (row["name"] or _("Not in a park"), row["n"], list_link(park=row["filter"]))
        for row in data["by_park"]
    ]
    return _counts("enterprises-park", _("Enterprises by park"), _("Park"), rows)


def segment_figure(data: dict) -> dict:
    rows = [(s["name"], s["n"], list_link(segment=s["pk"])) for s in data["segments"]]
    note = _("An enterprise in two chain segments counts in each.")
    return _counts(
        "enterprises-segment",
        _("Enterprises by chain segment"),
        _("Chain segment"),
        rows,
        note,
    )


def year_figure(data: dict) -> dict:
    """Revenue and output value by year (yuan; shown in 万元), a year whose reporting is not
    complete marked with * and explained in the note."""
    rows, notes = [], []
    for row in data["by_year"]:
        label = f"{row['year']}*" if row["incomplete"] else str(row["year"])
        cells = [label, row["revenue"], row["output_value"], row["enterprises"]]
        rows.append({"cells": cells, "link": list_link(year=row["year"])})
        if row["incomplete"]:
            notes.append(_incomplete_note(row))
    return {
        "key": "enterprises-year",
        "title": _("Revenue and output value by year (10k yuan)"),
        "columns": [
            _("Year"),
            _("Revenue (10k yuan)"),
            _("Output value (10k yuan)"),
            _("Enterprises with figures"),
        ],
        "rows": rows,
        "chart": {"type": "line", "category_column": 0, "value_columns": [1, 2], "money": True},
        "note": " ".join(
            [_("Verified figures; a year links to the enterprises with figures that year."), *notes]
        ),
    }


def _incomplete_note(row: dict) -> str:
    if row["reporting"]:
        return _(
            "* %(year)s: reporting still open, %(n)s enterprises with verified figures so far; "
            "not comparable with the years before."
        ) % {"year": row["year"], "n": row["enterprises"]}
    return _(
        "* %(year)s: only %(n)s enterprises with verified figures, fewer than the year before; "
        "not comparable."
    ) % {"year": row["year"], "n": row["enterprises"]}


@overview_section("enterprises", template="dashboard/_section.html", roles=READERS, order=10)
def enterprises_section(user) -> dict | None:
    """Nothing when the user sees no enterprise (the overview then says how to add some)."""
    data = selectors.enterprise_figures(user=user)
    if not sum(row["n"] for row in data["by_park"]):
        return None
    figures = [stage_figure(data), qualification_figure(data), park_figure(data)]
    if data["segments"]:
        figures.append(segment_figure(data))
    if data["by_year"]:
        figures.append(year_figure(data))
    return {"title": _("Enterprises"), "figures": figures}
