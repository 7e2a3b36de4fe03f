"""Pages for Excel in and out: the template, the upload, the job page (polled), the export."""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from gaoxin.core.dbrouter import replica_view
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.core.excel import XLSX
from gaoxin.core.models import ImportJob

from .. import scoping
from .export import export_filename
from .forms import MAX_UPLOAD_BYTES, EnterpriseImportForm
from .importer import KIND, MAX_ROWS
from .scope import scope_for_user
from .services import enterprise_export, import_job_submit
from .template import TEMPLATE_FILENAME, build_template

RECENT_JOBS = 5


def _import_scope(user):
    if not scoping.can_import(user):
        raise PermissionDenied
    try:
        return scope_for_user(user)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc


@login_required
@require_GET
def import_template(request):
    scope = _import_scope(request.user)
    response = HttpResponse(build_template(scope.park_names()), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, TEMPLATE_FILENAME)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_import(request):
    scope = _import_scope(request.user)
    form = EnterpriseImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_submit(
                actor=request.user, upload=form.cleaned_data["file"], language=get_language()
            )
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        return redirect("enterprises:import_status", pk=job.pk)
    jobs = ImportJob.objects.filter(created_by=request.user, kind=KIND)[:RECENT_JOBS]
    return render(
        request,
        "enterprises/import.html",
        {
            "form": form,
            "jobs": jobs,
            "parks": scope.park_names(),
            "park_required": scope.park_required,
            "max_rows": MAX_ROWS,
            "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def import_status(request, pk: int):
    job = get_object_or_404(ImportJob, pk=pk, kind=KIND, created_by=request.user)
    template = "enterprises/_import_job.html" if request.htmx else "enterprises/import_status.html"
    return render(request, template, {"job": job})


@login_required
@require_GET
@replica_view
def export(request):
    if not scoping.can_list(request.user):
        raise PermissionDenied
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    enterprise_export(user=request.user, filters=request.GET, out=out)
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=export_filename(timezone.localdate()), content_type=XLSX
    )
