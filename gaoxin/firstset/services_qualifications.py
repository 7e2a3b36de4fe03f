"""Writes of the declarations-and-qualifications part: equipment declarations (装备申报) and
their evidence, qualification requests (资格审定申请) on the applications machinery, the
revocation of a qualification. Every write is atomic and audited; the declared values are the
enterprise's until the qualification's decision verifies them (``qualification_program``)."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.applications import services as applications
from gaoxin.applications.choices import ApplicationStatus
from gaoxin.applications.rules import enterprise_of
from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.enterprises.services.attachments import attachment_store
from gaoxin.policies.choices import PolicyStatus
from gaoxin.policies.selectors import version_in_force
from rulebook.firstset.indicators import check

from .bans import require_not_banned
from .choices import DeclarationStatus, SupportMode
from .models import (
    CatalogEntry,
    Declaration,
    DeclarationEvidence,
    Qualification,
    QualificationRequest,
    Round,
)
from .workflows import QUALIFICATION

D = DeclarationStatus
EDITABLE = (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)
MAX_MONEY = Decimal("99999999999999.99")


# --- the indicator check -------------------------------------------------------------------


def _decimal(raw, field: str, label: str) -> Decimal | None:
    if raw is None or str(raw).strip() == "":
        return None
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation as exc:
        raise DomainError(
            _("%(field)s: write a number, e.g. 500 or 0.08.") % {"field": label}, field=field
        ) from exc
    if not value.is_finite():
        raise DomainError(_("%(field)s: write a number.") % {"field": label}, field=field)
    return value


def check_values(entry: CatalogEntry, values: dict[str, Any]) -> tuple[dict, dict, bool]:
    """(clean values, the rulebook's check, meets every indicator) for ``values`` typed
    against ``entry``'s indicators (a blank value is not met)."""
    indicators = list(entry.indicators.all())
    clean: dict[str, str] = {}
    for indicator in indicators:
        value = _decimal(values.get(indicator.name), f"indicator_{indicator.pk}", indicator.name)
        if value is not None:
            clean[indicator.name] = format(value, "f")
    result = check(
        {
            "indicators": [indicator.as_rulebook() for indicator in indicators],
            "declared": {i.name: clean.get(i.name) for i in indicators},
        }
    )
    return clean, result, bool(result["covered"])


def failing_indicators(declaration: Declaration) -> list[str]:
    rows = (declaration.check_result or {}).get("indicators", [])
    return [row["name"] for row in rows if not row.get("met")]


# --- declarations --------------------------------------------------------------------------


def _require_own(actor, enterprise) -> None:
    if actor is None:
        return
    own = enterprise_of(actor) if actor.role == Role.ENTERPRISE_USER else None
    if own is None or own.pk != enterprise.pk:
        raise PermissionDeniedError(_("Only the enterprise's own users change its declarations."))


def _require_draft(declaration: Declaration) -> None:
    if declaration.status != D.DRAFT:
        raise DomainError(
            _("%(model)s is %(status)s: only a draft declaration can be changed.")
            % {"model": declaration.model_name, "status": declaration.get_status_display()},
            code="not_draft",
        )


def _locked_draft(actor, pk: int) -> Declaration:
    """The declaration ``pk``, locked; refused unless it is a draft of ``actor``'s enterprise."""
    declaration = Declaration.objects.select_for_update().get(pk=pk)
    _require_own(actor, declaration.enterprise)
    _require_draft(declaration)
    return declaration


def _improved_from(enterprise, entry, improved_from) -> Declaration | None:
    if improved_from in (None, ""):
        return None
    pk = getattr(improved_from, "pk", improved_from)
    found = Declaration.objects.filter(
        pk=pk, enterprise=enterprise, entry=entry, status=D.VERIFIED
    ).first()
    if found is None:
        raise DomainError(
            _("Improved model of: choose one of the enterprise's verified models of this entry."),
            field="improved_from",
        )
    return found


def _entry(entry) -> CatalogEntry:
    pk = getattr(entry, "pk", entry)
    found = CatalogEntry.objects.filter(pk=pk, edition__is_current=True).first()
    if found is None:
        raise DomainError(
            _("Catalog entry: choose an entry of the current edition."), field="entry"
        )
    return found


def _fill(declaration: Declaration, data: dict[str, Any]) -> None:
    """Set the typed fields of ``declaration`` from ``data`` and run the check."""
    model_name = (data.get("model_name") or "").strip()
    if not model_name:
        raise DomainError(_("Model: write the model's name, e.g. HT-500."), field="model_name")
    declaration.model_name = model_name[:200]
    declaration.product_name = (data.get("product_name") or "").strip()[:200]
    unit_value = _decimal(
        data.get("unit_value"), "unit_value", _("Declared value per unit or batch")
    )
    if unit_value is not None and not (0 < unit_value <= MAX_MONEY):
        raise DomainError(
            _("Declared value per unit or batch: write an amount in yuan above zero."),
            field="unit_value",
        )
    declaration.unit_value = unit_value
    declaration.improved_from = _improved_from(
        declaration.enterprise, declaration.entry, data.get("improved_from")
    )
    values, result, meets = check_values(declaration.entry, data.get("values") or {})
    declaration.values, declaration.check_result, declaration.meets_all = values, result, meets


def _save(declaration: Declaration) -> None:
    duplicate = Declaration.objects.filter(
        enterprise=declaration.enterprise,
        entry=declaration.entry,
        model_name=declaration.model_name,
    ).exclude(pk=declaration.pk)
    if duplicate.exists():
        raise DomainError(
            _("Model: the enterprise already declared %(model)s against this entry.")
            % {"model": declaration.model_name},
            code="duplicate",
            field="model_name",
        )
    try:
        with transaction.atomic():
            declaration.save()
    except IntegrityError as exc:
        raise DomainError(
            _("Model: this model was declared at the same moment: reload the page."),
            field="model_name",
        ) from exc


@transaction.atomic
def declaration_create(
    *, actor, entry, data: dict[str, Any], enterprise=None, is_sample=False
) -> Declaration:
    """A draft declaration of ``actor``'s enterprise (``enterprise`` when run by the system).
    ``data``: model_name, product_name, unit_value, improved_from, values {indicator: value}."""
    enterprise = enterprise or (enterprise_of(actor) if actor is not None else None)
    if enterprise is None:
        raise PermissionDeniedError(_("Only an enterprise's own users declare its equipment."))
    _require_own(actor, enterprise)
    declaration = Declaration(
        enterprise=enterprise,
        entry=_entry(entry),
        created_by=actor if getattr(actor, "pk", None) else None,
        is_sample=is_sample,
    )
    _fill(declaration, data)
    _save(declaration)
    record(
        action="firstset.declaration.create",
        actor=actor,
        obj=declaration,
        summary=_("Declared %(model)s against %(entry)s")
        % {"model": declaration.model_name, "entry": declaration.entry.equipment_name},
        data={"values": declaration.values, "meets_all": declaration.meets_all},
    )
    return declaration


@transaction.atomic
def declaration_update(*, actor, declaration: Declaration, data: dict[str, Any]) -> Declaration:
    declaration = _locked_draft(actor, declaration.pk)
    before = {"values": declaration.values, "model_name": declaration.model_name}
    _fill(declaration, data)
    _save(declaration)
    record(
        action="firstset.declaration.update",
        actor=actor,
        obj=declaration,
        summary=_("Changed the declaration of %(model)s") % {"model": declaration.model_name},
        data={"before": before, "values": declaration.values, "meets_all": declaration.meets_all},
    )
    return declaration


@transaction.atomic
def declaration_delete(*, actor, declaration: Declaration) -> None:
    declaration = _locked_draft(actor, declaration.pk)
    if declaration.requests.exists() or declaration.improvements.exists():
        raise DomainError(
            _("%(model)s is part of a qualification request or improved upon: it is kept.")
            % {"model": declaration.model_name},
            code="in_use",
        )
    record(
        action="firstset.declaration.delete",
        actor=actor,
        obj=declaration.enterprise,
        summary=_("Deleted the draft declaration of %(model)s") % {"model": declaration.model_name},
        data={"declaration": declaration.pk, "values": declaration.values},
    )
    declaration.evidence.all().delete()
    declaration.delete()


@transaction.atomic
def evidence_add(*, actor, declaration: Declaration, kind: str, upload) -> DeclarationEvidence:
    declaration = _locked_draft(actor, declaration.pk)
    kind = (kind or "").strip()
    if not kind:
        raise DomainError(_("Kind of evidence: say what the file is, e.g. 检测报告."), field="kind")
    if upload is None:
        raise DomainError(_("File: choose a file to upload."), field="file")
    try:
        attachment = attachment_store(actor=actor, enterprise=declaration.enterprise, upload=upload)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="file") from exc
    evidence = DeclarationEvidence.objects.create(
        declaration=declaration, kind=kind[:60], attachment=attachment
    )
    record(
        action="firstset.declaration.evidence_add",
        actor=actor,
        obj=declaration,
        summary=_("Uploaded %(kind)s: %(name)s")
        % {"kind": evidence.kind, "name": attachment.original_name},
        data={"evidence": evidence.pk, "attachment": attachment.pk, "sha256": attachment.sha256},
    )
    return evidence


@transaction.atomic
def evidence_remove(*, actor, evidence: DeclarationEvidence) -> None:
    declaration = _locked_draft(actor, evidence.declaration_id)
    record(
        action="firstset.declaration.evidence_remove",
        actor=actor,
        obj=declaration,
        summary=_("Removed %(kind)s: %(name)s")
        % {"kind": evidence.kind, "name": evidence.attachment.original_name},
        data={"evidence": evidence.pk, "attachment": evidence.attachment_id},
    )
    evidence.delete()


# --- qualification requests ----------------------------------------------------------------


def round_is_open(round_: Round, today: datetime.date) -> bool:
    policy = round_.qualification_policy
    return (
        policy is not None
        and policy.status == PolicyStatus.PUBLISHED
        and version_in_force(policy, today) is not None
    )


def require_open(round_: Round, today: datetime.date) -> None:
    if not round_is_open(round_, today):
        raise DomainError(
            _("%(round)s does not take qualification applications today.") % {"round": round_},
            code="round_closed",
            field="round",
        )


def require_declarable(declaration: Declaration, *, draft_only: bool = True) -> None:
    """Refuse a declaration that fails an indicator, has no evidence, or is not a draft."""
    failing = failing_indicators(declaration)
    if failing or not declaration.meets_all:
        raise DomainError(
            _("%(model)s does not meet %(indicators)s: correct the declaration first.")
            % {"model": declaration.model_name, "indicators": "、".join(failing) or "—"},
            field="declarations",
        )
    if not declaration.evidence.exists():
        raise DomainError(
            _("%(model)s has no evidence: upload a test report or another file first.")
            % {"model": declaration.model_name},
            field="declarations",
        )
    if draft_only and declaration.status != D.DRAFT:
        raise DomainError(
            _("%(model)s is %(status)s: only draft declarations can be asked for.")
            % {"model": declaration.model_name, "status": declaration.get_status_display()},
            field="declarations",
        )


def _request_fields(enterprise, data: dict[str, Any]) -> dict[str, Any]:
    """The request's checked fields from ``data``: declarations (list of pks or objects),
    support_mode, quantity, declared_value, expected_premium."""
    pks = [getattr(d, "pk", d) for d in data.get("declarations") or []]
    declarations = list(Declaration.objects.filter(pk__in=pks, enterprise=enterprise))
    if not declarations or len(declarations) != len(set(pks)):
        raise DomainError(
            _("Declared models: choose at least one of the enterprise's declarations."),
            field="declarations",
        )
    if len({d.entry_id for d in declarations}) > 1:
        raise DomainError(
            _("Declared models: choose models of one and the same catalog entry."),
            field="declarations",
        )
    mode = data.get("support_mode") or declarations[0].entry.support_mode
    if mode not in SupportMode.values:
        raise DomainError(_("Support mode: choose units or batches."), field="support_mode")
    return {
        "declarations": declarations,
        "support_mode": mode,
        "quantity": _quantity(data.get("quantity")),
        "declared_value": _money(data.get("declared_value"), "declared_value", _("Declared value")),
        "expected_premium": _money(
            data.get("expected_premium"), "expected_premium", _("Expected premium")
        ),
    }


def _quantity(raw) -> int:
    try:
        quantity = int(str(raw).strip())
    except (TypeError, ValueError):
        quantity = 0
    if not 1 <= quantity <= 100000:
        raise DomainError(
            _("Units or batches: write a whole number of at least 1."), field="quantity"
        )
    return quantity


def _money(raw, field: str, label) -> Decimal:
    value = _decimal(raw, field, label)
    if value is None or not (0 < value <= MAX_MONEY) or value != value.quantize(Decimal("0.01")):
        raise DomainError(
            _("%(field)s: write an amount in yuan above zero (at most two decimals).")
            % {"field": label},
            field=field,
        )
    return value


@transaction.atomic
def request_start(*, actor, round_: Round, data: dict[str, Any], enterprise=None, today=None):
    """Start a qualification application of ``actor``'s enterprise to ``round_`` with its
    request; returns the QualificationRequest (its ``application`` is a draft)."""
    today = today or timezone.localdate()
    enterprise = enterprise or (enterprise_of(actor) if actor is not None else None)
    if enterprise is None:
        raise PermissionDeniedError(_("Only an enterprise's own users apply for it."))
    require_not_banned(enterprise, today)
    require_open(round_, today)
    fields = _request_fields(enterprise, data)
    for declaration in fields["declarations"]:
        require_declarable(declaration)
    application = applications.application_create(
        actor=actor,
        policy=round_.qualification_policy,
        enterprise=enterprise,
        today=today,
        is_sample=bool(data.get("is_sample")),
    )
    declarations = fields.pop("declarations")
    request = QualificationRequest.objects.create(application=application, round=round_, **fields)
    request.declarations.set(declarations)
    record(
        action="firstset.qualification_request.create",
        actor=actor,
        obj=application,
        summary=_("Asked %(round)s to qualify %(models)s")
        % {"round": round_, "models": "、".join(d.model_name for d in declarations)},
        data=_request_data(request),
    )
    return request


def _request_data(request: QualificationRequest) -> dict[str, Any]:
    return {
        "declarations": sorted(request.declarations.values_list("pk", flat=True)),
        "support_mode": request.support_mode,
        "quantity": request.quantity,
        "declared_value": str(request.declared_value),
        "expected_premium": str(request.expected_premium),
    }


@transaction.atomic
def request_update(*, actor, request: QualificationRequest, data: dict[str, Any]):
    """Change the request while its application is a draft or returned."""
    request = QualificationRequest.objects.select_for_update().get(pk=request.pk)
    application = request.application
    _require_own(actor, application.enterprise)
    if application.status not in EDITABLE:
        raise DomainError(
            _("%(number)s is %(state)s: the request can be changed only as a draft or returned.")
            % {"number": application.number, "state": application.get_status_display()},
            code="not_editable",
        )
    before = _request_data(request)
    fields = _request_fields(application.enterprise, data)
    declarations = fields.pop("declarations")
    current = set(request.declarations.values_list("pk", flat=True))
    for declaration in declarations:
        require_declarable(declaration, draft_only=declaration.pk not in current)
    for key, value in fields.items():
        setattr(request, key, value)
    request.save()
    request.declarations.set(declarations)
    record(
        action="firstset.qualification_request.update",
        actor=actor,
        obj=application,
        summary=_("Changed the qualification request of %(number)s")
        % {"number": application.number},
        data={"before": before, "after": _request_data(request)},
    )
    return request


# --- qualifications ------------------------------------------------------------------------


def can_revoke(user, qualification: Qualification) -> bool:
    if user is None or not user.is_authenticated or user.role != Role.PROVINCIAL_REVIEWER:
        return False
    prefix = (user.organisation.region_code or "")[:2] if user.organisation_id else ""
    return bool(prefix) and qualification.enterprise.region_code.startswith(prefix)


@transaction.atomic
def qualification_revoke(*, actor, qualification: Qualification, reason: str) -> Qualification:
    """Revoke a qualification (a false declaration, fraud …): the province's reviewer only."""
    qualification = Qualification.objects.select_for_update().get(pk=qualification.pk)
    if actor is not None and not can_revoke(actor, qualification):
        raise PermissionDeniedError(_("Only the province's reviewer revokes a qualification."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Reason: write why the qualification is revoked."), field="reason")
    QUALIFICATION.apply(
        qualification,
        "revoke",
        actor=actor,
        summary=_("Revoked the qualification %(number)s") % {"number": qualification.number},
        reason=reason,
    )
    return qualification
