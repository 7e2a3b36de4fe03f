"""The subsidy estimator: policies typed in rows or uploaded as .xlsx, the rulebook's result
with its explanation, and the result as Excel. A calculation: it reads and saves nothing.

For enterprise staff, and open to zone officials and provincial reviewers who help them; the
same calculation is offered to visitors without an account at ``public_estimator`` (its own
addresses, no login): only what they type or upload is read, nothing of any enterprise.
"""

from __future__ import annotations

import tempfile

from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from gaoxin.applications.rules import enterprise_of
from gaoxin.core.excel import XLSX
from rulebook.engine.errors import CaseError
from rulebook.firstset import NATIONAL

from .. import rules
from ..choices import InsuranceStatus, QualificationStatus
from ..estimator import (
    MAX_POLICIES,
    EstimateInput,
    error_message,
    error_target,
    estimate,
    province_of_region,
    regime_periods,
)
from ..excel.policies import (
    RESULT_FILENAME,
    TEMPLATE_FILENAME,
    build_policies_template,
    read_policies,
    write_estimate,
)
from ..forms import (
    POLICY_PREFIX,
    EstimatorForm,
    PolicyForm,
    PolicyFormSet,
    policy_formset_data,
    policy_rows,
)
from ..models import InsurancePolicy, Qualification
from ..selectors_insurance import not_subsidised_outside
from ._access import allowed_to

TOTAL_FORMS = f"{POLICY_PREFIX}-TOTAL_FORMS"


# Login first; then enterprise users, zone officials and provincial reviewers.
_estimator_user = allowed_to(rules.can_use_estimator)

# The addresses the page's form, "add a row" button and template link use: the staff ones, or
# the public ones (no login).
STAFF_URLS = {
    "page": "firstset:estimator",
    "row": "firstset:estimator_row",
    "template": "firstset:estimator_template",
}
PUBLIC_URLS = {
    "page": "firstset:public_estimator",
    "row": "firstset:public_estimator_row",
    "template": "firstset:public_estimator_template",
}


@_estimator_user
def estimator(request):
    return _estimator(request, STAFF_URLS)


def public_estimator(request):
    """The estimator for anyone, without an account: the same calculation on typed figures."""
    return _estimator(request, PUBLIC_URLS)


def _estimator(request, urls):
    request.estimator_urls = urls
    if request.method != "POST":
        qualification = _prefill_choice(request)
        if qualification is not None:
            data = _prefill_data(qualification)
            form = EstimatorForm(data)
            formset = PolicyFormSet(data, prefix=POLICY_PREFIX)
            return _calculated(request, form, formset, prefilled=qualification)
        form = EstimatorForm(initial={"province": _default_province(request)})
        return _page(request, form, PolicyFormSet(prefix=POLICY_PREFIX), show_errors=False)
    if "add_row" in request.POST:
        return _add_row_without_js(request)
    form = EstimatorForm(request.POST, request.FILES)
    formset = PolicyFormSet(request.POST, prefix=POLICY_PREFIX)
    return _calculated(request, form, formset)


def _calculated(request, form, formset, **extra):
    """Check the form and rows (or the uploaded file), calculate, and show or download."""
    form_ok = form.is_valid()
    upload = form.cleaned_data.get("policies_file") if form_ok else None
    file_errors: list[dict] = []
    if upload is not None:
        parsed = read_policies(upload.file)
        file_errors = parsed.errors.items
        if not file_errors:
            policies = [policy for _row, policy in parsed.policies]
            formset = PolicyFormSet(policy_formset_data(policies), prefix=POLICY_PREFIX)
    rows_ok = formset.is_valid()
    context = {"file_errors": file_errors, "policies_error": "", **extra}
    if not (form_ok and rows_ok) or file_errors:
        return _page(request, form, formset, **context)
    rows = policy_rows(formset)
    if not rows:
        context["policies_error"] = _("Enter at least one policy, or upload a file.")
        return _page(request, form, formset, **context)
    data = form.estimate_input(rows)
    try:
        result = estimate(data)
    except CaseError as exc:
        _place_error(exc, data, form, formset, context)
        return _page(request, form, formset, **context)
    if request.POST.get("download"):
        return _download(result, data)
    return _page(request, form, formset, result=result, **context)


# --- the logged-in user's own figures (the staff page only) -----------------------------------


def _default_province(request) -> str:
    """The province of the user's enterprise, zone or department; nationwide on the public
    page (which reads nothing of anyone)."""
    user = request.user
    if request.estimator_urls is PUBLIC_URLS or not user.is_authenticated:
        return NATIONAL
    enterprise = enterprise_of(user)
    if enterprise is not None:
        return province_of_region(enterprise.region_code)
    return province_of_region(user.organisation.region_code if user.organisation_id else "")


def _my_qualifications(request):
    """An enterprise user's qualifications in force (nothing for anyone else)."""
    enterprise = enterprise_of(request.user) if request.estimator_urls is STAFF_URLS else None
    if enterprise is None:
        return Qualification.objects.none()
    return Qualification.objects.filter(
        enterprise=enterprise, status=QualificationStatus.QUALIFIED
    ).order_by("-valid_to", "-pk")


def _prefill_choice(request):
    pk = request.GET.get("prefill", "")
    if not pk.isdigit():
        return None
    return _my_qualifications(request).filter(pk=int(pk)).first()


def unsubsidised_policies(qualification: Qualification):
    """The qualification's registered policies whose subsidy is not yet in ``used``: not in a
    claim that is open or decided, and not started before an allocation recorded without a
    claim (a subsidy decided outside the platform, as the demo's 2024 ones, paid for the
    policies the enterprise held then). What is granted already is ``granted_before``, so a
    policy counted there must not be estimated again."""
    policies = (
        InsurancePolicy.objects.filter(qualification=qualification)
        .exclude(status=InsuranceStatus.REJECTED)
        .exclude(
            claims__application__status__in=[
                "draft", "in_review", "returned", "publication", "decided"
            ]
        )
        .order_by("starts_on", "pk")
    )  # fmt: skip
    policies = not_subsidised_outside(qualification, policies)
    return policies.distinct()


def _prefill_data(qualification: Qualification) -> dict[str, str]:
    """Form data from a qualification (cap, window, granted so far) and its registered
    policies not yet subsidised (one row each; a renewal chain shares the equipment name, so
    its years count)."""
    policies = unsubsidised_policies(qualification).select_related("previous")[:MAX_POLICIES]
    rows = [
        {
            "id": policy.number,
            "equipment": _chain_name(qualification, policy),
            "start": policy.starts_on,
            "end": policy.ends_on,
            "sum_insured": policy.sum_insured,
            "premium": policy.premium,
        }
        for policy in policies
    ]
    data = policy_formset_data(rows)
    data.update(
        province=province_of_region(qualification.enterprise.region_code),
        has_qualification="on",
        cap="" if qualification.cap is None else str(qualification.cap),
        valid_from=qualification.valid_from.isoformat(),
        valid_to=qualification.valid_to.isoformat(),
        granted_before=str(qualification.used),
    )
    return data


def _chain_name(qualification: Qualification, policy: InsurancePolicy) -> str:
    first = policy
    for _step in range(MAX_POLICIES):
        if first.previous_id is None:
            break
        first = first.previous
    return f"{qualification.equipment_name} ({first.number})"[:100]


def _add_row_without_js(request):
    """The "add a row" button without JavaScript: the same page with one more blank row."""
    data = request.POST.copy()
    try:
        total = int(data.get(TOTAL_FORMS, "0"))
    except ValueError:
        total = 0
    data[TOTAL_FORMS] = str(min(max(total, 0) + 1, MAX_POLICIES))
    form = EstimatorForm(data)
    formset = PolicyFormSet(data, prefix=POLICY_PREFIX)
    return _page(request, form, formset, show_errors=False)


def _place_error(exc: CaseError, data: EstimateInput, form, formset, context) -> None:
    """Put the rulebook's message next to the field it names."""
    message = error_message(exc)
    target = error_target(exc, data)
    if target.kind == "policy" and target.row is not None:
        row_form = formset.forms[target.row]
        row_form.add_error(target.field if target.field in row_form.fields else None, message)
    elif target.kind == "form" and target.field in form.fields:
        form.add_error(target.field, message)
    elif target.kind == "form":
        form.add_error(None, message)
    else:
        context["policies_error"] = message


def _download(result, data: EstimateInput):
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes (and so deletes) it
    write_estimate(result, data, out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=RESULT_FILENAME, content_type=XLSX)


def _page(request, form, formset, *, show_errors: bool = True, result=None, **extra):
    context = {
        "form": form,
        "formset": formset,
        "show_errors": show_errors,
        "result": result,
        "max_policies": MAX_POLICIES,
        "next_index": formset.total_form_count(),
        "file_errors": [],
        "policies_error": "",
        "urls": request.estimator_urls,
        "public": request.estimator_urls is PUBLIC_URLS,
        "regime_periods": regime_periods(),
        "my_qualifications": list(_my_qualifications(request)),
    }
    context.update(extra)
    return render(request, "firstset/estimator.html", context)


@_estimator_user
def estimator_row(request):
    return _estimator_row(request, STAFF_URLS)


def public_estimator_row(request):
    return _estimator_row(request, PUBLIC_URLS)


def _estimator_row(request, urls):
    """One more blank policy row (HTMX): the row, the new form count and the button."""
    try:
        index = int(request.GET.get("index", "0"))
    except ValueError:
        index = 0
    index = min(max(index, 0), MAX_POLICIES - 1)
    row = PolicyForm(prefix=f"{POLICY_PREFIX}-{index}", use_required_attribute=False)
    context = {
        "row_form": row,
        "index": index,
        "next_index": index + 1,
        "max_policies": MAX_POLICIES,
        "show_errors": False,
        "urls": urls,
    }
    return render(request, "firstset/_policy_row_added.html", context)


@_estimator_user
def estimator_template(request):
    return _template()


def public_estimator_template(request):
    return _template()


def _template():
    response = HttpResponse(build_policies_template(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, TEMPLATE_FILENAME)
    return response
