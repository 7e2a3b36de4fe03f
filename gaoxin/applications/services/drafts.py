"""The applicant's side: start a draft, save its facts, upload materials, submit (a frozen
version), resubmit a returned one as a new version, withdraw."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, InvalidTransitionError
from gaoxin.enterprises.services.attachments import attachment_store
from gaoxin.policies.choices import DeliveryMode, PolicyStatus
from gaoxin.policies.matching.catalog import CATALOG
from gaoxin.policies.selectors import version_in_force

from .. import rules
from ..choices import OPEN_STATUSES, ApplicationStatus, ReviewStatus
from ..factsheet import build_sheet, explain, frozen_facts, input_keys
from ..models import Application, ApplicationMaterial, ApplicationSetup, ApplicationVersion
from ..programs import program_for
from ..workflows import APPLICATION, REVIEW
from ._common import deny, locked_application
from .flow import next_stage, review_open


def required_materials(policy) -> list[str]:
    setup = ApplicationSetup.objects.filter(policy=policy).first()
    return list(setup.materials) if setup else []


def version_for(policy, today: datetime.date):
    version = version_in_force(policy, today)
    if version is None:
        raise DomainError(
            _("%(policy)s has no version in force today: applications are not taken.")
            % {"policy": policy}
        )
    return version


def _require_applicant(actor, application: Application) -> None:
    """The applicant's users change an application while it is a draft or returned."""
    if actor is None:
        return
    enterprise = rules.enterprise_of(actor)
    if enterprise is None or enterprise.pk != application.enterprise_id:
        deny(_("Only the applicant's users change its application."))
    if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED):
        raise InvalidTransitionError(
            _("%(number)s is %(state)s: it can be changed only as a draft or once returned.")
            % {"number": application.number, "state": application.get_status_display()}
        )


def _next_number(today: datetime.date) -> str:
    prefix = f"SQ{today.year}-"
    last = (
        Application.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


def _require_open_to(policy, enterprise, today: datetime.date) -> None:
    """The policy takes applications today, and the enterprise has none open to it."""
    if policy.status != PolicyStatus.PUBLISHED or policy.delivery_mode != DeliveryMode.APPLY:
        raise DomainError(_("%(policy)s does not take applications.") % {"policy": policy})
    version_for(policy, today)
    existing = Application.objects.filter(
        policy=policy, enterprise=enterprise, status__in=OPEN_STATUSES
    ).first()
    if existing:
        raise DomainError(
            _("%(enterprise)s already has an open application to this policy: %(number)s.")
            % {"enterprise": enterprise, "number": existing.number},
            code="application_open",
        )


@transaction.atomic
def application_create(
    *, actor, policy, enterprise=None, today=None, is_sample=False
) -> Application:
    """A new draft of ``actor``'s enterprise to ``policy`` (published, taking applications);
    refused when the enterprise already has an open application to it."""
    today = today or timezone.localdate()
    enterprise = enterprise or rules.enterprise_of(actor)
    if actor is not None and (enterprise is None or rules.enterprise_of(actor) != enterprise):
        deny(_("Only an enterprise's own users apply for it."))
    _require_open_to(policy, enterprise, today)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                number=_next_number(today),
                policy=policy,
                enterprise=enterprise,
                created_by=actor,
                is_sample=is_sample,
            )
    except IntegrityError as exc:
        raise DomainError(
            _("An application to this policy was started at the same moment: reload the page.")
        ) from exc
    record(
        action="applications.application.create",
        actor=actor,
        obj=application,
        summary=_("Started application %(number)s to %(policy)s")
        % {"number": application.number, "policy": policy},
        data={"policy": policy.pk, "enterprise": enterprise.pk},
    )
    return application


def _clean_typed(version, values: dict[str, Any]) -> dict[str, Any]:
    keys = input_keys(version)
    out = {}
    for key in keys:
        if key in values:
            raw = values[key]
            out[key] = list(raw) if isinstance(raw, (list, tuple, set)) else str(raw or "")
    return out


@transaction.atomic
def application_save(*, actor, application: Application, values: dict[str, Any], today=None):
    """Save the draft's facts as typed; each one is checked (errors name the fact)."""
    application = locked_application(application)
    _require_applicant(actor, application)
    today = today or timezone.localdate()
    version = version_for(application.policy, today)
    typed = {**typed_facts_of(application), **_clean_typed(version, values)}
    sheet = build_sheet(version, application.enterprise, typed, today)
    if sheet.errors:
        key, message = next(iter(sheet.errors.items()))
        raise DomainError(message, field=key)
    application.draft_facts = typed
    application.save(update_fields=["draft_facts", "updated_at"])
    record(
        action="applications.application.save",
        actor=actor,
        obj=application,
        summary=_("Saved the draft of %(number)s") % {"number": application.number},
        data={"facts": typed},
    )
    return application


@transaction.atomic
def material_add(*, actor, application: Application, kind: str, upload) -> ApplicationMaterial:
    application = locked_application(application)
    _require_applicant(actor, application)
    kinds = required_materials(application.policy)
    kind = (kind or "").strip()
    if kinds and kind not in kinds:
        raise DomainError(
            _("Kind of material: choose one of %(kinds)s.") % {"kinds": "、".join(kinds)},
            field="kind",
        )
    if not kind:
        raise DomainError(_("Kind of material: say what the file is."), field="kind")
    from django.core.exceptions import ValidationError

    try:
        attachment = attachment_store(actor=actor, enterprise=application.enterprise, upload=upload)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="file") from exc
    material = ApplicationMaterial.objects.create(
        application=application, kind=kind[:60], attachment=attachment
    )
    record(
        action="applications.material.add",
        actor=actor,
        obj=application,
        summary=_("Uploaded %(kind)s: %(name)s") % {"kind": kind, "name": attachment.original_name},
        data={"material": material.pk, "attachment": attachment.pk, "sha256": attachment.sha256},
    )
    return material


@transaction.atomic
def material_remove(*, actor, material: ApplicationMaterial) -> None:
    application = locked_application(material.application)
    _require_applicant(actor, application)
    if material.version_id is not None:
        raise InvalidTransitionError(
            _("This file belongs to a submitted version and is kept with it.")
        )
    record(
        action="applications.material.remove",
        actor=actor,
        obj=application,
        summary=_("Removed %(kind)s: %(name)s")
        % {"kind": material.kind, "name": material.attachment.original_name},
        data={"material": material.pk, "attachment": material.attachment_id},
    )
    material.delete()


def _materials_for_version(application: Application) -> list[ApplicationMaterial]:
    """The draft's uploads, plus the previous version's files of kinds not uploaded again."""
    drafts = list(application.materials.filter(version__isnull=True))
    kinds = {m.kind for m in drafts}
    kept = []
    if application.current_version_id:
        kept = [
            ApplicationMaterial(application=application, kind=m.kind, attachment=m.attachment)
            for m in application.current_version.materials.all()
            if m.kind not in kinds
        ]
    return drafts + kept


def _check_materials(application: Application, materials) -> None:
    kinds = required_materials(application.policy)
    present = {m.kind for m in materials}
    missing = [k for k in kinds if k not in present]
    if missing:
        raise DomainError(
            _("Materials: upload %(kinds)s.") % {"kinds": "、".join(missing)}, field="materials"
        )
    if not materials:
        raise DomainError(_("Materials: upload at least one file."), field="materials")


def _check_facts(sheet) -> None:
    if sheet.errors:
        key, message = next(iter(sheet.errors.items()))
        raise DomainError(message, field=key)
    for row in sheet.asked:
        if row.value is None and row.type != "set":
            raise DomainError(
                _("%(fact)s: fill it in (it is not in the verified registry).")
                % {"fact": row.label},
                field=row.key,
            )


def _freeze(actor, application: Application, today: datetime.date) -> ApplicationVersion:
    policy_version = version_for(application.policy, today)
    program = program_for(application.policy)
    if program is not None:
        # a program computes from its own records (ADR 0006); the policy's facts are not asked
        trace, amount = program.freeze(actor, application, today)
        trace.update({"as_of": today.isoformat(), "program": program.key})
        facts = {}
    else:
        sheet = build_sheet(
            policy_version, application.enterprise, typed_facts_of(application), today
        )
        _check_facts(sheet)
    materials = _materials_for_version(application)
    _check_materials(application, materials)
    if program is None:
        trace, amount = explain(policy_version, sheet.facts)
        trace.update({"as_of": today.isoformat(), "facts_year": sheet.year})
        facts = frozen_facts(sheet)
    version = ApplicationVersion.objects.create(
        application=application,
        number=application.versions.count() + 1,
        facts=facts,
        trace=trace,
        policy_version=policy_version,
        computed_amount=amount,
        submitted_by=actor,
        submitted_at=timezone.now(),
    )
    for material in materials:
        material.version = version
        material.save()
    return version


@transaction.atomic
def application_submit(*, actor, application: Application, today=None) -> Application:
    """Freeze the draft into a new version and open the review of the first stage (a returned
    application goes back to the stage that returned it). A failing clause does not block."""
    today = today or timezone.localdate()
    application = locked_application(application)
    _require_applicant(actor, application)
    name = "resubmit" if application.status == ApplicationStatus.RETURNED else "submit"
    APPLICATION.check(application, name)
    stage = application.current_stage if name == "resubmit" else next_stage(application, None)
    if stage is None:
        raise DomainError(
            _("%(policy)s has no review stages yet: the zone has to set them up first.")
            % {"policy": application.policy}
        )
    version = _freeze(actor, application, today)
    APPLICATION.apply(
        application,
        name,
        actor=actor,
        summary=_("Submitted version %(n)s of %(number)s")
        % {"n": version.number, "number": application.number},
        data={"version": version.pk, "computed_amount": version.trace["amount"]},
        fields={
            "current_version": version,
            "computed_amount": version.computed_amount,
            "draft_facts": {},
        },
    )
    review_open(actor=actor, application=application, stage=stage, version=version, today=today)
    return application


@transaction.atomic
def application_withdraw(*, actor, application: Application, reason: str = "") -> Application:
    application = locked_application(application)
    enterprise = rules.enterprise_of(actor) if actor is not None else application.enterprise
    if enterprise is None or enterprise.pk != application.enterprise_id:
        deny(_("Only the applicant's users withdraw its application."))
    APPLICATION.check(application, "withdraw")
    for review in application.reviews.filter(status=ReviewStatus.OPEN):
        REVIEW.apply(
            review, "close", actor=actor, summary=_("Closed: the application was withdrawn")
        )
    APPLICATION.apply(
        application,
        "withdraw",
        actor=actor,
        reason=reason,
        summary=_("Withdrew %(number)s") % {"number": application.number},
    )
    return application


def typed_facts_of(application: Application) -> dict[str, Any]:
    """What the form shows for a draft: what was typed, or for a returned application the
    declared values of its last version (the applicant edits them into a new one)."""
    if application.draft_facts or not application.current_version_id:
        return dict(application.draft_facts)
    return {
        key: item["value"]
        for key, item in application.current_version.facts.items()
        if item["origin"] == "declared" and key in CATALOG
    }
