"""The auditor's pages: the audit trail with filters, one event, the Excel export and the chain
verification. Only the auditor reaches them (三员分立); other roles get 403."""

from __future__ import annotations

import json
import tempfile

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .display import change_rows
from .forms import EventFilterForm
from .hashing import chain_hash, event_content
from .models import GENESIS_HASH, AuditEvent

EVENTS_PER_PAGE = 50


def _require(request, perm: str) -> None:
    if not rules.has_perm(perm, request.user):
        raise PermissionDenied


@login_required
def event_list(request):
    _require(request, "audit.view_events")
    form = EventFilterForm(request.GET or None, user=request.user)
    events = selectors.event_list(user=request.user, filters=request.GET)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "page_obj": page,
            "export_query": request.GET.urlencode(),
            "filtered": bool(selectors.clean_filters(request.GET)),
        },
    )


@login_required
def event_detail(request, pk: int):
    _require(request, "audit.view_events")
    try:
        event = selectors.event_get(user=request.user, pk=pk)
    except AuditEvent.DoesNotExist as exc:
        raise Http404 from exc
    previous = selectors.previous_event(event)
    return render(
        request,
        "audit/event_detail.html",
        {
            "event": event,
            "data_json": json.dumps(event.data, ensure_ascii=False, indent=2, sort_keys=True),
            "content_ok": chain_hash(event.prev_hash, event_content(event), event.hash_algorithm)
            == event.hash,
            "link_ok": event.prev_hash == (previous.hash if previous else GENESIS_HASH),
            "previous": previous,
            "object_type_label": selectors.object_type_label(event.object_type),
            "changes": change_rows(event),
        },
    )


@login_required
def event_export(request):
    """The filtered list as .xlsx, written to a temporary file and streamed from it."""
    _require(request, "audit.export_events")
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes (and so deletes) it
    try:
        services.event_export(actor=request.user, filters=request.GET, out=out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"audit-events-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


PROBLEMS = {
    "link": lambda: _("its link to the previous row is broken (a row was removed or altered)"),
    "content": lambda: _("its content does not match its hash (the row was edited)"),
    "truncated": lambda: _("rows were removed from the end of the chain"),
    "head_missing": lambda: _("the chain head is missing"),
}


@login_required
@require_POST
def event_verify(request):
    """Recompute the whole chain now; the answer is a partial for HTMX or a page."""
    _require(request, "audit.verify_chain")
    result = services.verify_chain()
    bad_visible = (
        result.first_bad_id is not None
        and selectors.visible_events(request.user).filter(pk=result.first_bad_id).exists()
    )
    context = {
        "result": result,
        "problem": PROBLEMS.get(result.code, lambda: result.problem)(),
        "bad_visible": bad_visible,
        "checked_at": timezone.now(),
    }
    template = "audit/_verify_result.html" if request.htmx else "audit/event_verify.html"
    return render(request, template, context)
