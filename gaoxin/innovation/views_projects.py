"""Pages of the institute projects: the list (filters, Excel), a project with its stage
timeline, gate form, budget and outputs, the forms that change it, and the gate evidence
document.

Thin: selectors read, services write and check. A role that reads no institutes gets 403; a
project out of scope 404; a reader who does not manage the institute may not write (403).
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoxin.core.excel import XLSX
from gaoxin.core.forms import run_on_form
from gaoxin.enterprises.scoping import visible_enterprises

from . import excel_projects
from . import selectors_projects as selectors
from . import services_projects as services
from .forms_projects import (
    EndForm,
    GateForm,
    IncubationForm,
    PatentForm,
    ProjectFilterForm,
    ProjectForm,
    SpendingForm,
    StandardForm,
    TrainingForm,
)
from .models import Incubation, Patent, Spending, Standard, Training
from .workflows import PROJECT_WORKFLOW

PER_PAGE = 25


def _readers(view: Callable) -> Callable:
    @login_required
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("innovation.view_projects"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _manager(request, project) -> None:
    if not selectors.can_manage(request.user, project):
        raise PermissionDenied


def submit(form, call: Callable):
    """run_on_form, with field errors of the model (ValidationError) put on the form."""
    try:
        return run_on_form(form, call)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
    return None


def _filters(request) -> ProjectFilterForm:
    user = request.user
    return ProjectFilterForm(
        request.GET or None,
        institutes=selectors.institutes_for(user),
        fields=selectors.fields_of(user),
    )


@_readers
def project_list(request):
    projects = selectors.project_list(request.user, request.GET)
    page = Paginator(projects, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "filters": _filters(request)}
    return render(request, "innovation/projects/project_list.html", context)


@_readers
def project_list_export(request):
    projects = list(selectors.project_list(request.user, request.GET))
    services.projects_exported(actor=request.user, rows=len(projects))
    out = io.BytesIO()
    excel_projects.write_projects(projects, out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "institute-projects.xlsx")
    return response


@_readers
def project_create(request, institute_pk: int):
    institute = selectors.institute_get(request.user, institute_pk)
    if not selectors.can_manage_institute(request.user, institute):
        raise PermissionDenied
    form = ProjectForm(request.POST or None, institute=institute)
    if request.method == "POST" and form.is_valid():
        project = submit(
            form,
            lambda: services.project_create(
                actor=request.user,
                institute=institute,
                data=form.project_data(),
                members=form.cleaned_data["members"],
            ),
        )
        if project is not None:
            messages.success(request, _("The project is created."))
            return redirect("innovation:project_detail", project.pk)
    context = {
        "form": form,
        "institute": institute,
        "title": _("New project"),
        "submit": _("Create the project"),
    }
    return render(request, "innovation/projects/project_form.html", context)


@_readers
def project_update(request, pk: int):
    project = selectors.project_get(request.user, pk)
    _manager(request, project)
    initial = {
        "title": project.title,
        "field": project.field,
        "description": project.description,
        "members": list(project.members.all()),
        "lead_member": project.lead_member,
        "started_on": project.started_on,
        "planned_end": project.planned_end,
        "budget": project.budget,
    }
    form = ProjectForm(request.POST or None, institute=project.institute, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = submit(
            form,
            lambda: services.project_update(
                actor=request.user,
                project=project,
                data=form.project_data(),
                members=form.cleaned_data["members"],
            ),
        )
        if done is not None:
            messages.success(request, _("The project is saved."))
            return redirect("innovation:project_detail", project.pk)
    context = {
        "form": form,
        "institute": project.institute,
        "project": project,
        "title": _("Edit the project"),
        "submit": _("Save"),
    }
    return render(request, "innovation/projects/project_form.html", context)


# --- outputs: one add form and one remove confirmation per kind --------------------------------


def _add_spending(request, project, data):
    return services.spending_add(actor=request.user, project=project, **data)


def _add_incubation(request, project, data):
    firm = None
    if not data["enterprise"]:
        firm = {k: data[k] for k in ("name", "uscc", "legal_representative") if data[k]}
    return services.incubation_add(
        actor=request.user,
        project=project,
        incubated_on=data["incubated_on"],
        enterprise=data["enterprise"],
        firm=firm,
        note=data["note"],
    )


OUTPUTS = {
    "spending": {
        "form": SpendingForm,
        "model": Spending,
        "add": _add_spending,
        "remove": lambda r, obj: services.spending_remove(actor=r.user, spending=obj),
        "title": gettext_lazy("Record spending"),
        "name": gettext_lazy("spending"),
    },
    "patent": {
        "form": PatentForm,
        "model": Patent,
        "add": lambda r, p, d: services.patent_add(actor=r.user, project=p, data=d),
        "remove": lambda r, obj: services.patent_remove(actor=r.user, patent=obj),
        "title": gettext_lazy("Record a patent"),
        "name": gettext_lazy("patent"),
    },
    "standard": {
        "form": StandardForm,
        "model": Standard,
        "add": lambda r, p, d: services.standard_add(actor=r.user, project=p, data=d),
        "remove": lambda r, obj: services.standard_remove(actor=r.user, standard=obj),
        "title": gettext_lazy("Record a standard"),
        "name": gettext_lazy("standard"),
    },
    "training": {
        "form": TrainingForm,
        "model": Training,
        "add": lambda r, p, d: services.training_add(actor=r.user, project=p, data=d),
        "remove": lambda r, obj: services.training_remove(actor=r.user, training=obj),
        "title": gettext_lazy("Record a training"),
        "name": gettext_lazy("training"),
    },
    "incubation": {
        "form": IncubationForm,
        "model": Incubation,
        "add": _add_incubation,
        "remove": lambda r, obj: services.incubation_remove(actor=r.user, incubation=obj),
        "title": gettext_lazy("Record an incubated firm"),
        "name": gettext_lazy("incubated firm"),
    },
}


def _output_form(request, project, kind: str, data=None):
    spec = OUTPUTS[kind]
    kwargs = {"project": project, "prefix": kind}
    if kind == "incubation":
        kwargs["enterprises"] = visible_enterprises(request.user).order_by("name")
    return spec["form"](data, **kwargs)


def _output_forms(request, project) -> dict:
    return {kind: _output_form(request, project, kind) for kind in OUTPUTS}


@_readers
def project_detail(request, pk: int):
    project = selectors.project_get(request.user, pk)
    can_manage = selectors.can_manage(request.user, project)
    gate = selectors.next_gate(project)
    context = {
        "project": project,
        "timeline": selectors.timeline(project),
        "budget": selectors.budget(project),
        "members": project.members.all(),
        "spendings": project.spendings.all(),
        "patents": project.patents.select_related("member"),
        "standards": project.standards.select_related("member"),
        "trainings": project.trainings.all(),
        "incubations": project.incubations.select_related("enterprise"),
        "moves": selectors.moves(project),
        "can_manage": can_manage,
        "gate": PROJECT_WORKFLOW.transition(gate) if gate else None,
        "can_close": PROJECT_WORKFLOW.can(project.stage, "close"),
        "can_stop": PROJECT_WORKFLOW.can(project.stage, "stop"),
    }
    if can_manage:
        if gate:
            context["gate_form"] = GateForm(criteria=selectors.criteria_for(project, gate))
        context["output_forms"] = _output_forms(request, project)
    return render(request, "innovation/projects/project_detail.html", context)


@_readers
def project_gate(request, pk: int):
    """Pass the project's next gate: evidence for each criterion, date, optional document."""
    project = selectors.project_get(request.user, pk)
    _manager(request, project)
    gate = selectors.next_gate(project)
    if gate is None:
        messages.error(request, _("The project has no gate left to pass."))
        return redirect("innovation:project_detail", project.pk)
    criteria = selectors.criteria_for(project, gate)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = GateForm(data, files, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        done = submit(
            form,
            lambda: services.gate_pass(
                actor=request.user,
                project=project,
                gate=gate,
                evidence=form.evidence(),
                passed_on=form.cleaned_data["passed_on"],
                document=form.cleaned_data["document"],
                note=form.cleaned_data["note"],
            ),
        )
        if done is not None:
            messages.success(
                request,
                _("Gate passed: the project is now “%(stage)s”.")
                % {"stage": PROJECT_WORKFLOW.state_label(done.to_stage)},
            )
            return redirect("innovation:project_detail", project.pk)
    context = {"project": project, "form": form, "gate": PROJECT_WORKFLOW.transition(gate)}
    return render(request, "innovation/projects/gate_form.html", context)


@_readers
def project_end(request, pk: int, name: str):
    """Close (结题) or stop (终止) the project, with a reason, after a confirmation."""
    if name not in ("close", "stop"):
        raise Http404
    project = selectors.project_get(request.user, pk)
    _manager(request, project)
    transition = PROJECT_WORKFLOW.transition(name)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service = services.project_close if name == "close" else services.project_stop
        done = submit(
            form,
            lambda: service(
                actor=request.user,
                project=project,
                reason=form.cleaned_data["reason"],
                ended_on=form.cleaned_data["ended_on"],
            ),
        )
        if done is not None:
            messages.success(
                request,
                _("Done: %(move)s. The project is now “%(stage)s”.")
                % {"move": transition.label, "stage": PROJECT_WORKFLOW.state_label(done.stage)},
            )
            return redirect("innovation:project_detail", project.pk)
    context = {
        "project": project,
        "form": form,
        "transition": transition,
        "allowed": PROJECT_WORKFLOW.can(project.stage, name),
    }
    return render(request, "innovation/projects/end_form.html", context)


@_readers
def output_add(request, pk: int, kind: str):
    if kind not in OUTPUTS:
        raise Http404
    project = selectors.project_get(request.user, pk)
    _manager(request, project)
    spec = OUTPUTS[kind]
    form = _output_form(request, project, kind, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = submit(form, lambda: spec["add"](request, project, dict(form.cleaned_data)))
        if done is not None:
            messages.success(request, _("Recorded: %(what)s.") % {"what": spec["name"]})
            return redirect(f"{project_url(project)}#{kind}")
    context = {"project": project, "form": form, "kind": kind, "title": spec["title"]}
    return render(request, "innovation/projects/output_form.html", context)


def project_url(project) -> str:
    from django.urls import reverse

    return reverse("innovation:project_detail", args=[project.pk])


@_readers
def output_remove(request, pk: int, kind: str, item_pk: int):
    """Ask, then remove one output (or spending line) of the project."""
    if kind not in OUTPUTS:
        raise Http404
    project = selectors.project_get(request.user, pk)
    _manager(request, project)
    spec = OUTPUTS[kind]
    item = spec["model"].objects.filter(project=project, pk=item_pk).first()
    if item is None:
        raise Http404
    if request.method == "POST":
        spec["remove"](request, item)
        messages.success(request, _("Removed: %(what)s.") % {"what": spec["name"]})
        return redirect(f"{project_url(project)}#{kind}")
    context = {"project": project, "item": item, "kind": kind, "name": spec["name"]}
    return render(request, "innovation/projects/output_remove.html", context)


@_readers
def gate_document(request, pk: int):
    """The evidence document of a gate pass (audited; scoped like its project)."""
    passed = selectors.gate_pass_get(request.user, pk)
    if not passed.document:
        raise Http404
    services.gate_document_downloaded(actor=request.user, gate_pass=passed)
    name = passed.document.name.rsplit("/", 1)[-1]
    return FileResponse(passed.document.open("rb"), as_attachment=True, filename=name)
