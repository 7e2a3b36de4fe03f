"""The qualification program (资格审定) on the applications machinery — owned by the
declarations-and-qualifications work (see docs/firstset.md). Functions as in
``gaoxin.applications.programs.Program``:

- ``freeze``: on submission, re-check the request (no ban, the round open, every declared model
  still meets every indicator and has evidence) and compute the requested premium-subsidy cap:
  P1 (``subsidy_ratio`` of the national parameters at the date, 80 %) × the expected premium
  over the window, rounded to the fen half-up; the declarations move draft → declared;
- ``decide``: the decision grants the Qualification (cap = the decided amount, the round's
  window) and verifies the declared models;
- ``replay``: the cap recomputed from the stored trace's inputs;
- ``context``: what the panel shows (edit, detail, review modes).
"""

from __future__ import annotations

import datetime
import secrets
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import OrganisationKind, Role
from gaoxin.applications.choices import ApplicationStatus
from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError
from gaoxin.core.money import format_yuan
from rulebook.firstset import NATIONAL
from rulebook.firstset.calc import parameter_sets

from .bans import require_not_banned
from .choices import DeclarationStatus
from .models import Declaration, Qualification, QualificationRequest
from .services_qualifications import require_declarable, require_open
from .workflows import DECLARATION

FEN = Decimal("0.01")
REGIME = "cn_2024"
VERIFY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
PROVINCES = {"41": "河南省", "33": "浙江省", "11": "北京市", "31": "上海市", "32": "江苏省"}


def request_of(application) -> QualificationRequest:
    try:
        return application.firstset_qualification_request
    except QualificationRequest.DoesNotExist as exc:
        raise DomainError(
            _("The qualification request is missing: start the application from the round."),
            field="request",
        ) from exc


def subsidy_ratio(on: datetime.date) -> tuple[Decimal, dict[str, Any], str]:
    """P1 at ``on``: (ratio, the parameter's value with its reference, parameters version)."""
    params = parameter_sets()[NATIONAL]
    value = params.at("subsidy_ratio", on)
    return Decimal(str(value.value)), value.as_dict(), params.version


def requested_cap(expected_premium: Decimal, on: datetime.date) -> tuple[Decimal, list, str]:
    """(cap, trace steps, parameters version) for an expected premium over the window."""
    ratio, parameter, version = subsidy_ratio(on)
    cap = (ratio * Decimal(expected_premium)).quantize(FEN, rounding=ROUND_HALF_UP)
    steps = [
        {
            "step": "expected_premium",
            "parameter": None,
            "value": str(expected_premium),
            "reference": None,
        },
        {
            "step": "subsidy_ratio",
            "parameter": "P1 subsidy_ratio",
            "value": str(ratio),
            "reference": parameter["reference"],
            "effective": parameter["effective"],
        },
        {
            "step": "cap",
            "parameter": None,
            "value": str(cap),
            "reference": None,
            "formula": f"{ratio} × {expected_premium} = {cap}",
        },
    ]
    return cap, steps, version


def _declaration_row(declaration: Declaration) -> dict[str, Any]:
    return {
        "id": declaration.pk,
        "model": declaration.model_name,
        "entry": declaration.entry.equipment_name,
        "meets_all": declaration.meets_all,
        "rows": (declaration.check_result or {}).get("indicators", []),
    }


def freeze(actor, application, today):
    request = request_of(application)
    require_not_banned(application.enterprise, today)
    require_open(request.round, today)
    declarations = list(request.declarations.select_related("entry").order_by("pk"))
    if not declarations:
        raise DomainError(_("Declared models: choose at least one."), field="declarations")
    for declaration in declarations:
        require_declarable(declaration, draft_only=False)
    if request.expected_premium is None or request.declared_value is None:
        raise DomainError(
            _("Expected premium: fill in the request first."), field="expected_premium"
        )
    cap, steps, version = requested_cap(request.expected_premium, today)
    for declaration in declarations:
        if declaration.status == DeclarationStatus.DRAFT:
            DECLARATION.apply(
                declaration,
                "declare",
                actor=actor,
                summary=_("Declared %(model)s in %(number)s")
                % {"model": declaration.model_name, "number": application.number},
                data={"application": application.pk},
            )
    trace = {
        "amount": str(cap),
        "regime": REGIME,
        "steps": steps,
        "declarations": [_declaration_row(d) for d in declarations],
        "support_mode": request.support_mode,
        "quantity": request.quantity,
        "declared_value": str(request.declared_value),
        "expected_premium": str(request.expected_premium),
        "premium_rate_of_value": str(
            (request.expected_premium / request.declared_value).quantize(Decimal("0.0001"))
        ),
        "parameters_version": version,
    }
    return trace, cap


def _stored_trace(application) -> dict[str, Any]:
    if application.decision_trace:
        return application.decision_trace
    version = application.current_version
    return version.trace if version is not None else {}


def replay(application):
    trace = _stored_trace(application)
    stored = trace.get("amount")
    premium = trace.get("expected_premium")
    if premium is None:
        return {"amount": None, "stored": stored, "same": stored is None}
    on = datetime.date.fromisoformat(trace.get("as_of") or datetime.date.today().isoformat())
    amount = str(requested_cap(Decimal(premium), on)[0])
    return {"amount": amount, "stored": stored, "same": amount == stored}


def _next_number(year: int) -> str:
    prefix = f"ZG{year}-"
    last = (
        Qualification.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return f"{prefix}{(int(last.rsplit('-', 1)[1]) + 1) if last else 1:04d}"


def new_verify_code() -> str:
    while True:
        code = "".join(secrets.choice(VERIFY_ALPHABET) for _ in range(12))
        if not Qualification.objects.filter(verify_code=code).exists():
            return code


def province_of(region_code: str) -> str:
    return PROVINCES.get((region_code or "")[:2], region_code or "")


def recommending_unit(application) -> str:
    """The owner of the first review stage owned by a provincial department, else the zone."""
    for stage in application.policy.review_stages.select_related("owner_organisation"):
        owner = stage.owner_organisation
        provincial = owner is not None and owner.kind == OrganisationKind.PROVINCIAL_DEPARTMENT
        if stage.kind == "review" and provincial:
            return owner.name
    return application.policy.zone.name


def decide(actor, application, amount, today):
    request = request_of(application)
    declarations = list(request.declarations.select_related("entry").order_by("pk"))
    entry = declarations[0].entry
    round_ = request.round
    qualification = Qualification.objects.create(
        number=_next_number(round_.year),
        enterprise=application.enterprise,
        round=round_,
        request=request,
        entry=entry,
        equipment_name=entry.equipment_name,
        support_mode=request.support_mode,
        quantity=request.quantity,
        cap=Decimal(amount),
        valid_from=round_.valid_from,
        valid_to=round_.valid_to,
        province=province_of(application.enterprise.region_code),
        recommending_unit=recommending_unit(application),
        published_on=application.notice_starts_on or today,
        verify_code=new_verify_code(),
        is_sample=application.is_sample,
    )
    qualification.declarations.set(declarations)
    record(
        action="firstset.qualification.create",
        actor=actor,
        obj=qualification,
        summary=_("Granted the qualification %(number)s with a cap of %(cap)s")
        % {"number": qualification.number, "cap": format_yuan(qualification.cap)},
        data={"application": application.pk, "cap": str(qualification.cap)},
    )
    for declaration in declarations:
        if declaration.status == DeclarationStatus.DECLARED:
            DECLARATION.apply(
                declaration,
                "verify",
                actor=actor,
                summary=_("Verified %(model)s") % {"model": declaration.model_name},
                reason=application.number,
                data={"qualification": qualification.pk},
            )


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def context(application, user):
    request = getattr(application, "firstset_qualification_request", None)
    if request is None:
        return {}
    trace = _stored_trace(application) if application.status != ApplicationStatus.DRAFT else {}
    declarations = list(request.declarations.select_related("entry").order_by("pk"))
    units = request.quantity or 1
    return {
        "request": request,
        "declarations": declarations,
        "trace": trace,
        "steps": trace.get("steps", []),
        "per_unit_value": (request.declared_value / units) if request.declared_value else None,
        "rate_of_value": trace.get("premium_rate_of_value")
        or (
            request.expected_premium / request.declared_value
            if request.expected_premium and request.declared_value
            else None
        ),
        "qualification": Qualification.objects.filter(request=request).first(),
        "can_edit": application.status in (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)
        and getattr(user, "role", None) == Role.ENTERPRISE_USER,
        "edit_url": _url("firstset:qualification_request_edit", request.pk),
    }
