"""API of the innovation projects part (mounted by api.py at /api/institutes/projects…): the
same scoping, selectors and services as the pages. Zone officials, park operators, provincial
reviewers and enterprise users read the projects of the institutes they see; the institute's
managers (its zone's officials, the operator of its park) write. Another role 403, anonymous
401, a project out of scope 404, a gate the stage does not allow 409."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from gaoxin.core.api import ApiPagination, ErrorOut, IdPath
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.enterprises.models import Enterprise

from . import selectors_projects as selectors
from . import services_projects as services
from .models import InstituteMember, Project
from .schemas_projects import (
    InnovationEndIn,
    InnovationGateIn,
    InnovationIncubationIn,
    InnovationIncubationOut,
    InnovationPatentIn,
    InnovationPatentOut,
    InnovationProjectDetailOut,
    InnovationProjectFilters,
    InnovationProjectIn,
    InnovationProjectOut,
    InnovationProjectPatchIn,
    InnovationSpendingIn,
    InnovationSpendingOut,
    InnovationStandardIn,
    InnovationStandardOut,
    InnovationTrainingIn,
    InnovationTrainingOut,
)

router = Router()
READ = {401: ErrorOut, 403: ErrorOut}
ONE = {**READ, 404: ErrorOut}
WRITE = {**ONE, 400: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _money(value) -> str:
    return f"{Decimal(value or 0):.2f}"


def _reader(user) -> None:
    if not user.has_perm("innovation.view_projects"):
        raise PermissionDeniedError(_("Your role does not see the institute projects."))


def _manager(user, project: Project) -> None:
    if not selectors.can_manage(user, project):
        raise PermissionDeniedError(_("You cannot work on the projects of this institute."))


def _project(request, project_id: int) -> Project:
    _reader(request.auth)
    return selectors.project_get(request.auth, project_id)


def project_body(project: Project) -> dict:
    budget = selectors.budget(project)
    return {
        "id": project.pk,
        "institute": project.institute_id,
        "institute_name": project.institute.name,
        "title": project.title,
        "field": project.field,
        "description": project.description,
        "stage": project.stage,
        "stage_since": project.stage_since,
        "lead_member": project.lead_member_id,
        "members": sorted(m.pk for m in project.members.all()),
        "started_on": project.started_on,
        "planned_end": project.planned_end,
        "ended_on": project.ended_on,
        "budget": _money(project.budget),
        "spent": _money(budget["spent"]),
        "overrun": _money(budget["overrun"]),
        "is_sample": project.is_sample,
    }


def _member(m) -> int | None:
    return m.member_id


def detail_body(project: Project) -> dict:
    return {
        **project_body(project),
        "gates": [
            {
                "id": g.pk,
                "gate": g.gate,
                "from_stage": g.from_stage,
                "to_stage": g.to_stage,
                "passed_on": g.passed_on,
                "criteria": [
                    {
                        "criterion": str(r.get("criterion", "")),
                        "evidence": str(r.get("evidence", "")),
                    }
                    for r in g.criteria
                ],
                "has_document": bool(g.document),
                "note": g.note,
            }
            for g in project.gate_passes.all()
        ],
        "spendings": [
            {"id": s.pk, "spent_on": s.spent_on, "amount": _money(s.amount), "purpose": s.purpose}
            for s in project.spendings.all()
        ],
        "patents": [patent_body(p) for p in project.patents.all()],
        "standards": [standard_body(s) for s in project.standards.all()],
        "trainings": [
            {"id": t.pk, "held_on": t.held_on, "topic": t.topic, "people": t.people}
            for t in project.trainings.all()
        ],
        "incubations": [
            incubation_body(i) for i in project.incubations.select_related("enterprise")
        ],
    }


def patent_body(p) -> dict:
    return {
        "id": p.pk,
        "number": p.number,
        "title": p.title,
        "kind": p.kind,
        "status": p.status,
        "filed_on": p.filed_on,
        "granted_on": p.granted_on,
        "member": p.member_id,
    }


def standard_body(s) -> dict:
    return {
        "id": s.pk,
        "title": s.title,
        "level": s.level,
        "number": s.number,
        "status": s.status,
        "started_on": s.started_on,
        "published_on": s.published_on,
        "member": s.member_id,
    }


def incubation_body(i) -> dict:
    return {
        "id": i.pk,
        "enterprise": i.enterprise_id,
        "enterprise_name": i.enterprise.name,
        "incubated_on": i.incubated_on,
        "note": i.note,
    }


def _members(institute, ids, field: str):
    if ids is None:
        return None
    found = {m.pk: m for m in InstituteMember.objects.filter(institute=institute, pk__in=ids)}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise ValidationError(
            {field: [_("Not a member of the institute: %(ids)s.") % {"ids": ", ".join(missing)}]}
        )
    return [found[i] for i in dict.fromkeys(ids)]


def _project_data(institute, payload) -> tuple[dict, list | None]:
    data = payload.dict(exclude_unset=True)
    data.pop("institute", None)
    members = _members(institute, data.pop("members", None), "members")
    for name in ("title", "field", "started_on"):
        if name in data and data[name] is None:
            data.pop(name)
    if "description" in data and data["description"] is None:
        data["description"] = ""
    if "budget" in data:
        data["budget"] = Decimal(data["budget"]) if data["budget"] is not None else Decimal(0)
    if "lead_member" in data and data["lead_member"] is not None:
        lead = _members(institute, [data["lead_member"]], "lead_member")
        data["lead_member"] = lead[0]
    return data, members


@router.get(
    "/projects",
    response={200: list[InnovationProjectOut], **READ},
    summary="The institute projects you see (filters)",
)
@paginate(ApiPagination)
def list_projects(request, filters: Query[InnovationProjectFilters]):
    _reader(request.auth)
    params = {k: v for k, v in filters.dict().items() if v}
    projects = selectors.project_list(request.auth, params).prefetch_related("members")
    return [project_body(p) for p in projects]


@router.post(
    "/projects",
    response={201: InnovationProjectDetailOut, **WRITE},
    summary="Start a project of an institute you manage (in R&D)",
)
def create_project(request, payload: InnovationProjectIn):
    _reader(request.auth)
    institute = selectors.institute_get(request.auth, payload.institute)
    if not selectors.can_manage_institute(request.auth, institute):
        raise PermissionDeniedError(_("You cannot work on the projects of this institute."))
    data, members = _project_data(institute, payload)
    project = services.project_create(
        actor=request.auth, institute=institute, data=data, members=members or []
    )
    return Status(201, detail_body(selectors.project_get(request.auth, project.pk)))


@router.get(
    "/projects/{id}",
    response={200: InnovationProjectDetailOut, **ONE},
    summary="One project: gates passed with evidence, spending, outputs",
)
def get_project(request, id: IdPath):
    return detail_body(_project(request, id))


@router.patch(
    "/projects/{id}",
    response={200: InnovationProjectDetailOut, **WRITE},
    summary="Change a project's facts",
)
def update_project(request, id: IdPath, payload: InnovationProjectPatchIn):
    project = _project(request, id)
    _manager(request.auth, project)
    data, members = _project_data(project.institute, payload)
    services.project_update(actor=request.auth, project=project, data=data, members=members)
    return detail_body(selectors.project_get(request.auth, id))


@router.post(
    "/projects/{id}/gates",
    response={200: InnovationProjectDetailOut, **WRITE},
    summary="Pass the next gate with evidence for every criterion",
    description="409 when the project's stage does not lead through this gate. The evidence "
    "document is uploaded on the page.",
)
def pass_gate(request, id: IdPath, payload: InnovationGateIn):
    project = _project(request, id)
    _manager(request.auth, project)
    services.gate_pass(
        actor=request.auth,
        project=project,
        gate=payload.gate,
        evidence=payload.evidence,
        passed_on=payload.passed_on,
        note=payload.note,
    )
    return detail_body(selectors.project_get(request.auth, id))


@router.post(
    "/projects/{id}/close",
    response={200: InnovationProjectDetailOut, **WRITE},
    summary="Close the project (结题) with a reason",
)
def close_project(request, id: IdPath, payload: InnovationEndIn):
    project = _project(request, id)
    _manager(request.auth, project)
    services.project_close(
        actor=request.auth, project=project, reason=payload.reason, ended_on=payload.ended_on
    )
    return detail_body(selectors.project_get(request.auth, id))


@router.post(
    "/projects/{id}/stop",
    response={200: InnovationProjectDetailOut, **WRITE},
    summary="Stop the project (终止) with a reason",
)
def stop_project(request, id: IdPath, payload: InnovationEndIn):
    project = _project(request, id)
    _manager(request.auth, project)
    services.project_stop(
        actor=request.auth, project=project, reason=payload.reason, ended_on=payload.ended_on
    )
    return detail_body(selectors.project_get(request.auth, id))


@router.post(
    "/projects/{id}/spendings",
    response={201: InnovationSpendingOut, **WRITE},
    summary="Record spending (passing the budget is allowed and shown as an overrun)",
)
def add_spending(request, id: IdPath, payload: InnovationSpendingIn):
    project = _project(request, id)
    _manager(request.auth, project)
    s = services.spending_add(
        actor=request.auth,
        project=project,
        spent_on=payload.spent_on,
        amount=Decimal(payload.amount),
        purpose=payload.purpose,
    )
    return Status(
        201, {"id": s.pk, "spent_on": s.spent_on, "amount": _money(s.amount), "purpose": s.purpose}
    )


def _output_data(project, payload) -> dict:
    data = payload.dict()
    if "member" in data:
        data["member"] = (
            _members(project.institute, [data["member"]], "member")[0]
            if data["member"] is not None
            else None
        )
    return data


@router.post(
    "/projects/{id}/patents",
    response={201: InnovationPatentOut, **WRITE},
    summary="Record a patent of the project",
)
def add_patent(request, id: IdPath, payload: InnovationPatentIn):
    project = _project(request, id)
    _manager(request.auth, project)
    patent = services.patent_add(
        actor=request.auth, project=project, data=_output_data(project, payload)
    )
    return Status(201, patent_body(patent))


@router.post(
    "/projects/{id}/standards",
    response={201: InnovationStandardOut, **WRITE},
    summary="Record a standard the project drafts",
)
def add_standard(request, id: IdPath, payload: InnovationStandardIn):
    project = _project(request, id)
    _manager(request.auth, project)
    standard = services.standard_add(
        actor=request.auth, project=project, data=_output_data(project, payload)
    )
    return Status(201, standard_body(standard))


@router.post(
    "/projects/{id}/trainings",
    response={201: InnovationTrainingOut, **WRITE},
    summary="Record a training the project held",
)
def add_training(request, id: IdPath, payload: InnovationTrainingIn):
    project = _project(request, id)
    _manager(request.auth, project)
    t = services.training_add(actor=request.auth, project=project, data=payload.dict())
    return Status(201, {"id": t.pk, "held_on": t.held_on, "topic": t.topic, "people": t.people})


@router.post(
    "/projects/{id}/incubations",
    response={201: InnovationIncubationOut, **WRITE},
    summary="Record an incubated firm: a registered enterprise, or a new one registered now",
)
def add_incubation(request, id: IdPath, payload: InnovationIncubationIn):
    project = _project(request, id)
    _manager(request.auth, project)
    enterprise = None
    firm = None
    if payload.enterprise is not None:
        enterprise = Enterprise.objects.filter(pk=payload.enterprise).first()
        if enterprise is None:
            raise ValidationError({"enterprise": [_("No such choice: choose one from the list.")]})
    elif payload.name and payload.uscc:
        firm = {"name": payload.name, "uscc": payload.uscc}
        if payload.legal_representative:
            firm["legal_representative"] = payload.legal_representative
    else:
        raise ValidationError(
            {"enterprise": [_("Choose a registered enterprise or give the new firm's facts.")]}
        )
    incubation = services.incubation_add(
        actor=request.auth,
        project=project,
        incubated_on=payload.incubated_on,
        enterprise=enterprise,
        firm=firm,
        note=payload.note,
    )
    return Status(201, incubation_body(incubation))
