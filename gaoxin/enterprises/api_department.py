"""The department import's API (部门数据导入), mounted at /api/department-imports: the same
permissions, form checks and services as the pages. Zone officials only (403 for any other role,
401 anonymous); another zone's job is 404."""

import datetime
import enum

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import get_language
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from gaoxin.core.api import ErrorOut, IdPath
from gaoxin.core.models import ImportJob

from .io.department.forms import DepartmentImportForm
from .io.department.kinds import KINDS
from .io.department.permissions import require_importer
from .io.department.report import field_label
from .io.department.selectors import department_job_get
from .io.department.services import department_import_submit

router = Router(tags=["department imports"])

DepartmentListKind = enum.Enum("DepartmentListKind", {code: code for code in KINDS}, type=str)


class ImportErrorOut(Schema):
    row: int | None
    column: str
    cell: str
    message: str


class MismatchOut(Schema):
    row: int
    enterprise_id: int
    enterprise: str
    uscc: str
    record_id: int
    year: int | None
    field: str
    label: str
    declared: str
    department: str


class DepartmentImportOut(Schema):
    id: int
    status: str
    list: str
    department: str
    reference: str
    file_name: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    rows: int
    written: int
    created: int
    updated: int
    unchanged: int
    verified: int
    mismatched: int
    not_covered: int
    mismatch_count: int
    error_count: int
    errors: list[ImportErrorOut]
    mismatches: list[MismatchOut]


def job_body(job: ImportJob) -> dict:
    details = job.details or {}
    return {
        "id": job.pk,
        "status": job.status,
        "list": details.get("list_kind", ""),
        "department": details.get("department", ""),
        "reference": details.get("reference", ""),
        "file_name": job.original_filename,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "rows": job.row_count,
        "written": details.get("written", 0),
        "created": job.created_count,
        "updated": job.updated_count,
        "unchanged": job.unchanged_count,
        "verified": details.get("verified", 0),
        "mismatched": details.get("mismatched", 0),
        "not_covered": details.get("not_covered", 0),
        "mismatch_count": details.get("mismatch_count", 0),
        "error_count": job.error_count,
        "errors": [
            {
                "row": error.get("row"),
                "column": error.get("column", ""),
                "cell": error.get("cell", ""),
                "message": error.get("message", ""),
            }
            for error in job.errors or []
        ],
        "mismatches": [
            {**item, "label": field_label(item["subject"], item["field"])}
            for item in details.get("mismatches", [])
        ],
    }


@router.post(
    "",
    response={202: DepartmentImportOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Import a department's list",
    description=(
        "Multipart: `kind` (high_tech, srdi, little_giant, statistics, tax), `department` "
        "(e.g. 郑州市科学技术局), `reference` (the document number or batch, e.g. "
        "豫科〔2025〕12号) and `file` (.xlsx, the template's columns). Answers 202 with the job; "
        "poll `GET /api/department-imports/{id}` until `status` is `succeeded` or `failed`. "
        "All or nothing: a failed job lists every bad row's row, column and message and wrote "
        "nothing. Zone officials only."
    ),
)
def submit_import(
    request,
    kind: Form[DepartmentListKind],
    department: Form[str],
    reference: Form[str],
    file: File[UploadedFile],
):
    require_importer(request.auth)
    form = DepartmentImportForm(
        {"kind": kind.value, "department": department, "reference": reference},
        {"file": file},
    )
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    job = department_import_submit(
        actor=request.auth,
        kind=form.cleaned_data["kind"],
        department=form.cleaned_data["department"],
        reference=form.cleaned_data["reference"],
        upload=form.cleaned_data["file"],
        language=get_language(),
    )
    return Status(202, job_body(job))


@router.get(
    "/{int:job_id}",
    response={200: DepartmentImportOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A department import: status, counts, errors, mismatches",
    description=(
        "`written` counts the rows that changed the registry, `verified` the pending "
        "declarations the list confirmed, `mismatched` those it contradicts (they stay pending; "
        "`mismatches` lists enterprise, field, declared value and department value, money in "
        "yuan). Another zone's job is 404."
    ),
)
def get_import(request, job_id: IdPath):
    require_importer(request.auth)
    try:
        job = department_job_get(user=request.auth, pk=job_id)
    except ImportJob.DoesNotExist as exc:
        raise Http404 from exc
    return job_body(job)
