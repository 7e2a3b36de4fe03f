"""Pages of the policy sandbox (政策沙盒): the draft against the published version in force.

GET shows the saved draft compared (the full page); POST compares criteria and a formula being
edited (JSON text) and answers with the comparison as an htmx fragment — the criteria builder
posts its current criteria here. The export writes the comparison to Excel (audited).
Only the zone officials of the policy's zone: another zone's policy is 404, other roles 403.
"""

from __future__ import annotations

import json
import tempfile
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from gaoxin.core.excel import XLSX
from gaoxin.firstset.display import localized
from rulebook.criteria import CriteriaError, compile_criteria, compile_formula

from .. import rules
from ..builder import error_text
from ..matching.catalog import CATALOG
from ..models import DecimalJSONDecoder, DecimalJSONEncoder, Policy
from ..sandbox import compare as sandbox_compare
from ..sandbox import draft_of, export_filename, sandbox_export
from ..selectors import version_in_force


def _definition(field: str, text: str, compiler) -> Any:
    """Parse JSON text (numbers as Decimal) and compile it; a ValidationError naming the
    clause path otherwise, in the services' format (``path: message``)."""
    try:
        data = json.loads(text, cls=DecimalJSONDecoder)
    except ValueError as error:
        raise ValidationError(_("Not valid JSON: %(error)s") % {"error": error}) from error
    if data is None and field == "formula":
        return None
    try:
        compiler(data, CATALOG)
    except CriteriaError as error:
        if field == "criteria":  # in the words of the builder's rows
            raise ValidationError(error_text(data, error)) from error
        message = localized(error.message_zh, error.message_en)
        raise ValidationError(
            _("%(path)s: %(message)s") % {"path": error.path, "message": message}
        ) from error
    return data


class SandboxForm(forms.Form):
    """Criteria and formula being tried (JSON text) and the date. A formula left out of the
    request altogether is the saved draft's (or the published one's); posted empty, none."""

    criteria = forms.CharField(label=gettext_lazy("Criteria"), widget=forms.Textarea)
    formula = forms.CharField(
        label=gettext_lazy("Benefit formula"), required=False, widget=forms.Textarea
    )
    as_of = forms.DateField(label=gettext_lazy("As of"), required=False)

    def clean_criteria(self):
        return _definition("criteria", self.cleaned_data["criteria"], compile_criteria)

    def clean_formula(self):
        text = self.cleaned_data["formula"].strip()
        return _definition("formula", text, compile_formula) if text else None


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=gettext_lazy("As of"), required=False)


def _policy(user, pk: int) -> Policy:
    """The policy, if the user manages it: 403 for other roles, 404 for another zone's."""
    if not rules.can_manage(user):  # a zone official (of any zone, checked next)
        raise PermissionDenied
    policy = get_object_or_404(Policy.objects.select_related("zone"), pk=pk)
    if not rules.can_manage(user, policy):
        raise Http404
    return policy


def _as_of(data) -> tuple[Any, AsOfForm]:
    form = AsOfForm(data)
    day = form.cleaned_data.get("as_of") if form.is_valid() else None
    return day or timezone.localdate(), form


def _json_text(value: Any, indent: int | None = None) -> str:
    if value is None:
        return ""
    return json.dumps(value, cls=DecimalJSONEncoder, ensure_ascii=False, indent=indent)


def _posted(request, policy: Policy, draft) -> SandboxForm:
    """The POSTed definition; a formula field left out means the draft's (or published)."""
    data = request.POST.copy()
    if "formula" not in data:
        base = draft or version_in_force(policy, timezone.localdate())
        data["formula"] = _json_text(base.formula if base else None)
    return SandboxForm(data)


@login_required
@require_http_methods(["GET", "POST"])
def manage_sandbox(request, pk: int):
    policy = _policy(request.user, pk)
    draft = draft_of(policy)
    if request.method == "POST":
        form = _posted(request, policy, draft)
        context: dict[str, Any] = {"policy": policy, "form": form}
        if form.is_valid():
            as_of = form.cleaned_data["as_of"] or timezone.localdate()
            context["result"] = sandbox_compare(
                user=request.user,
                policy=policy,
                criteria=form.cleaned_data["criteria"],
                formula=form.cleaned_data["formula"],
                as_of=as_of,
            )
        if request.htmx:
            return render(request, "policies/manage/_sandbox.html", context)
        context = _page(request, policy, draft, context)
        return render(request, "policies/manage/sandbox.html", context)
    as_of, as_of_form = _as_of(request.GET)
    context = {"policy": policy, "as_of_form": as_of_form}
    if draft is not None:
        context["result"] = sandbox_compare(
            user=request.user,
            policy=policy,
            criteria=draft.criteria,
            formula=draft.formula,
            as_of=as_of,
            draft=draft,
        )
    return render(request, "policies/manage/sandbox.html", _page(request, policy, draft, context))


def _page(request, policy: Policy, draft, context: dict[str, Any]) -> dict[str, Any]:
    """The full page's context: the date form, the draft and the "try other values" form
    prefilled with the draft's definition (or the published version's)."""
    as_of, as_of_form = _as_of(request.GET if request.method == "GET" else request.POST)
    base = draft or version_in_force(policy, as_of)
    context.setdefault("as_of_form", as_of_form)
    context.update(
        draft=draft,
        as_of=as_of,
        try_criteria=request.POST.get("criteria")
        or _json_text(base.criteria if base else None, indent=2),
        try_formula=request.POST.get("formula")
        if "formula" in request.POST
        else _json_text(base.formula if base else None),
    )
    return context


@login_required
@require_http_methods(["GET", "POST"])
def manage_sandbox_export(request, pk: int):
    """GET: the saved draft compared on ``as_of``; POST: the posted criteria and formula."""
    policy = _policy(request.user, pk)
    draft = draft_of(policy)
    if request.method == "POST":
        form = _posted(request, policy, draft)
        if not form.is_valid():
            return HttpResponseBadRequest(_("The criteria are not valid."))
        criteria, formula = form.cleaned_data["criteria"], form.cleaned_data["formula"]
        as_of, compared = form.cleaned_data["as_of"] or timezone.localdate(), None
    else:
        if draft is None:
            raise Http404(_("The policy has no draft version."))
        as_of, _form = _as_of(request.GET)
        criteria, formula, compared = draft.criteria, draft.formula, draft
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    sandbox_export(
        user=request.user,
        policy=policy,
        criteria=criteria,
        formula=formula,
        as_of=as_of,
        draft=compared,
        out=out,
    )
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=export_filename(policy, as_of), content_type=XLSX
    )
