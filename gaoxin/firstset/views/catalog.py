"""The public catalog: browse and search, an entry with its indicators, and the check "does
my model qualify?". No login needed; nothing here writes."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers

from rulebook.engine.errors import CaseError
from rulebook.firstset.indicators import check

from .. import rules, selectors
from ..display import localized
from ..forms import CatalogFilterForm, IndicatorCheckForm
from ..models import CatalogEntry

PAGE_SIZE = 20


def catalog(request):
    edition = selectors.chosen_edition(request.GET)
    queryset = selectors.catalog_entry_list(filters=request.GET)
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = CatalogFilterForm(
        request.GET or None,
        editions=selectors.edition_list(),
        fields=selectors.field_list(edition),
    )
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    context = {
        "edition": edition,
        "page_obj": page_obj,
        "filters": filters,
        "filtered": any(request.GET.get(key) for key in ("q", "field", "support_mode")),
        "can_manage": rules.can_manage_catalog(request.user),
        "can_estimate": rules.can_use_estimator(request.user),
        "partial": partial,
    }
    template = "firstset/_catalog_results.html" if partial else "firstset/catalog.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def entry_detail(request, pk: int):
    entry = _entry_or_404(pk)
    form = IndicatorCheckForm(indicators=entry.indicators.all())
    return render(request, "firstset/entry_detail.html", _detail_context(request, entry, form))


def entry_check(request, pk: int):
    """Check declared values against the entry's indicators. With HTMX the check panel is
    replaced in place; without, the whole entry page comes back with the result."""
    if request.method != "POST":
        return redirect("firstset:entry_detail", pk=pk)
    entry = _entry_or_404(pk)
    form = IndicatorCheckForm(request.POST, indicators=entry.indicators.all())
    result = None
    if form.is_valid():
        try:
            result = check(form.payload())
        except CaseError as exc:
            form.add_error(None, localized(exc.message_zh, exc.message_en))
    context = _detail_context(request, entry, form, result)
    if request.htmx:
        return render(request, "firstset/_check_panel.html", context)
    return render(request, "firstset/entry_detail.html", context)


def _detail_context(request, entry: CatalogEntry, form, result=None) -> dict:
    rows = []
    if result is not None:
        by_name = {item.name: item for item in entry.indicators.all()}
        for row in result["indicators"]:
            rows.append({**row, "indicator": by_name.get(row["name"])})
    return {
        "entry": entry,
        "indicators": entry.indicators.all(),
        "form": form,
        "result": result,
        "result_rows": rows,
        "failing": [row["name"] for row in rows if not row["met"]],
        "can_manage": rules.can_manage_catalog(request.user),
        "can_estimate": rules.can_use_estimator(request.user),
    }


def _entry_or_404(pk: int) -> CatalogEntry:
    try:
        return selectors.catalog_entry_get(pk)
    except CatalogEntry.DoesNotExist as exc:
        raise Http404 from exc
