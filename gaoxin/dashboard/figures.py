"""One :class:`~gaoxin.core.registry.Figure` shown three ways — chart, table, Excel — from the
same rows, so the three can never disagree.

- :func:`figure_view` turns a figure into what ``dashboard/_figure.html`` renders: its cells as
  text (money in 万元, two places, as the column header says), the chart's data for
  ``static/js/figures.js`` (categories, one series per value column, the link of each row),
  and the address of its Excel export;
- :func:`find_figure` finds a figure by key among the sections a user sees (the export
  rebuilds the figure for the requesting user, so a key they do not see is not found);
- :func:`write_figure` writes its columns and rows to a workbook: money as numbers in 万元,
  as on the page and in the header.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import IO

from django.urls import reverse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from gaoxin.core.excel import text_cell
from gaoxin.core.money import format_wan, to_wan

CHART_TYPES = ("bar", "line", "funnel")


def money_columns(figure: dict) -> set[int]:
    """The columns holding money (yuan): the chart's value columns when it says ``money``,
    and any listed in ``chart["money_columns"]`` (money shown in the table, not drawn)."""
    chart = figure.get("chart") or {}
    columns = set(chart.get("money_columns") or ())
    return columns | set(chart.get("value_columns") or ()) if chart.get("money") else columns


def category_column(figure: dict) -> int:
    return int((figure.get("chart") or {}).get("category_column") or 0)


def cell_text(value, money: bool) -> str:
    """A cell as the table shows it: money in 万元 (two places), counts with separators."""
    if value is None or value == "":
        return "—"
    if money:
        return format_wan(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _chart_number(value, money: bool) -> str | None:
    """A value for the chart: a string of the exact number (JSON has no Decimal), in 万元
    for money; ``None`` for an unknown value (a gap in a line)."""
    if value is None or value == "":
        return None
    return str(to_wan(value)) if money else str(value)


def chart_data(figure: dict) -> dict | None:
    """What figures.js draws: ``{type, categories, series: [{name, data}], links, money}``."""
    chart = figure.get("chart") or {}
    if chart.get("type") not in CHART_TYPES or not figure.get("rows"):
        return None
    category, money = category_column(figure), money_columns(figure)
    values = list(chart.get("value_columns") or ())
    rows, columns = figure["rows"], figure["columns"]
    return {
        "type": chart["type"],
        "money": bool(money),
        "categories": [str(row["cells"][category]) for row in rows],
        "series": [
            {
                "name": str(columns[index]),
                "data": [_chart_number(row["cells"][index], index in money) for row in rows],
            }
            for index in values
        ],
        "links": [row.get("link") or "" for row in rows],
    }


def figure_view(figure: dict) -> dict:
    """The figure as ``dashboard/_figure.html`` renders it."""
    money, category = money_columns(figure), category_column(figure)
    key = str(figure["key"])
    dom_id = "figure-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)
    rows = []
    for row in figure.get("rows") or ():
        cells = [
            {
                "text": cell_text(value, index in money),
                "numeric": isinstance(value, int | Decimal) and not isinstance(value, bool),
                "category": index == category,
            }
            for index, value in enumerate(row["cells"])
        ]
        rows.append({"cells": cells, "link": row.get("link") or ""})
    return {
        "key": key,
        "dom_id": dom_id,
        "script_id": dom_id + "-data",
        "title": figure.get("title", ""),
        "note": figure.get("note", ""),
        "columns": [
            {"label": label, "numeric": index in money or _numeric_column(figure, index)}
            for index, label in enumerate(figure.get("columns") or ())
        ],
        "rows": rows,
        "chart": chart_data(figure),
        "export_url": reverse("dashboard:figure_export", kwargs={"key": key}),
    }


def _numeric_column(figure: dict, index: int) -> bool:
    return any(
        isinstance(row["cells"][index], int | Decimal) and not isinstance(row["cells"][index], bool)
        for row in figure.get("rows") or ()
    )


def find_figure(sections, key: str) -> dict | None:
    """The figure ``key`` among ``sections`` (``registry.overview_sections(user)``)."""
    for _section, context in sections:
        for figure in context.get("figures") or ():
            if str(figure.get("key")) == key:
                return figure
    return None


def _sheet_title(title: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip()[:31] or "Figure"


def _cell(sheet, value, money: bool):
    if money and value not in (None, ""):
        cell = WriteOnlyCell(sheet, value=to_wan(value))
        cell.number_format = "#,##0.00"
        return cell
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return value
    return text_cell(sheet, value)


def write_figure(figure: dict, out: IO[bytes]) -> None:
    """The figure's columns and rows as a workbook (one sheet named after it)."""
    money = money_columns(figure)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(figure.get("title") or figure["key"]))
    sheet.freeze_panes = "A2"
    sheet.append([text_cell(sheet, label, bold=True) for label in figure.get("columns") or ()])
    for row in figure.get("rows") or ():
        sheet.append(
            [_cell(sheet, value, index in money) for index, value in enumerate(row["cells"])]
        )
    workbook.save(out)
