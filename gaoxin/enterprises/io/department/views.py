"""Pages of the department import: the form with a template per list, the job page (polled
until done: counts, errors, mismatches), the mismatch report as .xlsx. Zone officials only;
another zone's job is 404."""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from gaoxin.core.errors import DomainError
from gaoxin.core.excel import XLSX
from gaoxin.core.models import ImportJob

from ...forms import add_service_errors
from ..forms import MAX_UPLOAD_BYTES
from .forms import DepartmentImportForm
from .importer import MAX_ROWS, list_kind_of
from .kinds import KINDS
from .permissions import can_import
from .report import mismatch_lines, report_filename, write_mismatch_report
from .selectors import RECENT_JOBS, department_job_get, department_job_list
from .services import department_import_submit
from .template import build_template


def _require_importer(user) -> None:
    if not can_import(user):
        raise PermissionDenied


def _job_or_404(user, pk: int) -> ImportJob:
    _require_importer(user)
    try:
        return department_job_get(user=user, pk=pk)
    except ImportJob.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_http_methods(["GET", "POST"])
def department_import(request):
    _require_importer(request.user)
    form = DepartmentImportForm(
        request.POST or None, request.FILES or None, initial={"kind": request.GET.get("kind")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = department_import_submit(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                department=form.cleaned_data["department"],
                reference=form.cleaned_data["reference"],
                upload=form.cleaned_data["file"],
                language=get_language(),
            )
        except DomainError as exc:
            add_service_errors(form, ValidationError({exc.field or "__all__": [exc.message]}))
        else:
            return redirect("enterprises:department_import_status", pk=job.pk)
    jobs = department_job_list(user=request.user)[:RECENT_JOBS]
    return render(
        request,
        "enterprises/department_import.html",
        {
            "form": form,
            "kinds": list(KINDS.values()),
            "jobs": [(job, KINDS.get(job.details.get("list_kind"))) for job in jobs],
            "max_rows": MAX_ROWS,
            "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def department_import_template(request, kind: str):
    _require_importer(request.user)
    list_kind = KINDS.get(kind)
    if list_kind is None:
        raise Http404
    response = HttpResponse(build_template(list_kind), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, list_kind.template_filename)
    return response


@login_required
@require_GET
def department_import_status(request, pk: int):
    job = _job_or_404(request.user, pk)
    template = (
        "enterprises/_department_job.html"
        if request.htmx
        else "enterprises/department_import_status.html"
    )
    context = {"job": job, "list_kind": list_kind_of(job), "mismatches": mismatch_lines(job)}
    return render(request, template, context)


@login_required
@require_GET
def department_import_mismatches(request, pk: int):
    job = _job_or_404(request.user, pk)
    if job.status != ImportJob.Status.SUCCEEDED:
        raise Http404
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    write_mismatch_report(job, out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=report_filename(job), content_type=XLSX)
