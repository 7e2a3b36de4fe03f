"""The verification queue (核验) and evidence downloads.

Officials of a zone see the pending declarations of its enterprises, old and new side by side
with the evidence, and verify or reject them — one at a time or several at once. Writes go
through `services`; another zone's declaration is "not found".
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.audit.services import record as audit
from gaoxin.core.errors import DomainError, PermissionDeniedError

from . import scoping, services
from . import selectors_verification as selectors
from .choices import RecordSubject
from .models import Attachment
from .provenance_display import changes, source_text
from .services.declarations import describe

PAGE_SIZE = 25


def _require_queue(user) -> None:
    if not scoping.can_use_verification_queue(user):
        raise PermissionDenied


def _row(record) -> dict:
    return {
        "record": record,
        "what": describe(record),
        "changes": changes(record),
        "source": source_text(record),
    }


@login_required
def queue(request):
    user = request.user
    _require_queue(user)
    filters = {"subject": request.GET.get("subject", ""), "q": request.GET.get("q", "").strip()}
    records = selectors.queue(user=user, filters=filters)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "enterprises/verification/queue.html",
        {
            "page": page,
            "rows": [_row(r) for r in page.object_list],
            "total": page.paginator.count,
            "filters": filters,
            "subjects": RecordSubject.choices,
        },
    )


def _record_or_404(user, pk: int):
    try:
        return selectors.record_get(user=user, pk=pk)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


@login_required
def record_detail(request, pk: int):
    user = request.user
    _require_queue(user)
    record = _record_or_404(user, pk)
    return render(
        request,
        "enterprises/verification/detail.html",
        {**_row(record), "can_decide": record.is_pending},
    )


def _decide(request, pk: int, *, verify: bool):
    user = request.user
    _require_queue(user)
    record = _record_or_404(user, pk)
    reason = request.POST.get("reason", "")
    try:
        if verify:
            services.declaration_verify(actor=user, record=record, reason=reason)
            messages.success(
                request,
                _("Verified %(what)s of %(enterprise)s.")
                % {"what": describe(record), "enterprise": record.enterprise},
            )
        else:
            services.declaration_reject(actor=user, record=record, reason=reason)
            messages.success(
                request,
                _("Rejected %(what)s of %(enterprise)s; the enterprise has been told why.")
                % {"what": describe(record), "enterprise": record.enterprise},
            )
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("enterprises:verification_detail", pk=record.pk)
    return redirect("enterprises:verification_queue")


@login_required
@require_POST
def record_verify(request, pk: int):
    return _decide(request, pk, verify=True)


@login_required
@require_POST
def record_reject(request, pk: int):
    return _decide(request, pk, verify=False)


@login_required
@require_POST
def bulk_verify(request):
    user = request.user
    _require_queue(user)
    ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit() and len(v) < 10]
    records = selectors.pending_for_user(user=user, ids=ids)
    if records and request.POST.get("confirm") != "1":
        messages.error(request, _("Confirm that you have checked the evidence first."))
        return redirect("enterprises:verification_queue")
    if not records:
        messages.error(request, _("Tick the declarations to verify first."))
        return redirect("enterprises:verification_queue")
    try:
        count = services.declarations_verify(
            actor=user, records=records, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        messages.error(request, _("Nothing was verified. %(message)s") % {"message": exc.message})
        return redirect("enterprises:verification_queue")
    messages.success(request, _("Verified %(count)s declarations.") % {"count": count})
    return redirect("enterprises:verification_queue")


@login_required
def attachment_download(request, pk: int):
    """An evidence file, to those who may see its enterprise, always as a download."""
    try:
        attachment = Attachment.objects.select_related("enterprise").get(pk=pk)
    except Attachment.DoesNotExist as exc:
        raise Http404 from exc
    if not scoping.can_view(request.user, attachment.enterprise):
        raise Http404
    from django.db import transaction

    with transaction.atomic():
        audit(
            action="enterprises.attachment.download",
            actor=request.user,
            obj=attachment.enterprise,
            summary=_("Downloaded the evidence file %(name)s") % {"name": attachment.original_name},
            data={"attachment_id": attachment.pk},
        )
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
