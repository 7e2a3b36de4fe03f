"""A policy's review stages (审核流程配置), set by the zone's officials. Changes are refused while
an application of the policy is in review or on notice (a stage it stands on could vanish)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import ROLE_ORGANISATION_KINDS, OrganisationKind
from gaoxin.accounts.models import Organisation
from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, InvalidTransitionError

from .. import rules
from ..choices import StageKind
from ..models import Application, ApplicationSetup, ReviewStage
from ._common import deny

STAGE_FIELDS = ("kind", "name", "owner_organisation", "owner_role", "working_days", "experts_n")


def _require_configurer(actor, policy) -> None:
    if actor is not None and not rules.can_configure(actor, policy):
        deny(_("Only officials of the policy's zone configure its review stages."))


def _require_no_open(policy) -> None:
    busy = Application.objects.filter(
        policy=policy, status__in=("in_review", "returned", "publication")
    ).count()
    if busy:
        raise InvalidTransitionError(
            _(
                "%(count)s applications to this policy are in review: the stages cannot change "
                "until they are decided, rejected or withdrawn."
            )
            % {"count": busy}
        )


def owner_choices(zone):
    """The organisations that may own a stage of ``zone``'s policy: the zone committee and its
    departments, its park operators, and the provincial departments."""
    return Organisation.objects.filter(
        Q(pk=zone.pk)
        | Q(parent=zone)
        | Q(zone=zone, kind=OrganisationKind.PARK_OPERATOR)
        | Q(kind=OrganisationKind.PROVINCIAL_DEPARTMENT)
    ).order_by("kind", "name")


def _check(stage: ReviewStage) -> None:
    if not owner_choices(stage.policy.zone).filter(pk=stage.owner_organisation_id).exists():
        raise DomainError(
            _(
                "Owner organisation: choose the zone, one of its departments or park operators, "
                "or a provincial department."
            ),
            field="owner_organisation",
        )
    kinds = ROLE_ORGANISATION_KINDS.get(stage.owner_role, set())
    if stage.owner_organisation_id and stage.owner_organisation.kind not in kinds:
        raise DomainError(
            _("Owner role: a %(role)s does not belong to %(org)s; choose the matching role.")
            % {"role": stage.get_owner_role_display(), "org": stage.owner_organisation},
            field="owner_role",
        )
    if stage.kind == StageKind.EXPERT and not stage.experts_n:
        raise DomainError(
            _("Experts to draw: an expert review needs the number of experts (e.g. 3)."),
            field="experts_n",
        )
    if stage.kind != StageKind.EXPERT:
        stage.experts_n = None
    stage.full_clean()


def _summary(stage: ReviewStage) -> dict:
    return {
        "order": stage.order,
        "kind": stage.kind,
        "name": stage.name,
        "owner_organisation": stage.owner_organisation_id,
        "owner_role": stage.owner_role,
        "working_days": stage.working_days,
        "experts_n": stage.experts_n,
    }


@transaction.atomic
def stage_create(*, actor, policy, data: dict) -> ReviewStage:
    _require_configurer(actor, policy)
    _require_no_open(policy)
    last = policy.review_stages.aggregate(m=Max("order"))["m"] or 0
    stage = ReviewStage(policy=policy, order=last + 1, **{k: data.get(k) for k in STAGE_FIELDS})
    _check(stage)
    stage.save()
    record(
        action="applications.stage.create",
        actor=actor,
        obj=policy,
        summary=_("Added the review stage %(name)s") % {"name": stage.name},
        data=_summary(stage),
    )
    return stage


@transaction.atomic
def stage_update(*, actor, stage: ReviewStage, data: dict) -> ReviewStage:
    _require_configurer(actor, stage.policy)
    _require_no_open(stage.policy)
    before = _summary(stage)
    for key in STAGE_FIELDS:
        if key in data:
            setattr(stage, key, data[key])
    _check(stage)
    stage.save()
    record(
        action="applications.stage.update",
        actor=actor,
        obj=stage.policy,
        summary=_("Changed the review stage %(name)s") % {"name": stage.name},
        data={"before": before, "after": _summary(stage)},
    )
    return stage


@transaction.atomic
def stage_delete(*, actor, stage: ReviewStage) -> None:
    policy = stage.policy
    _require_configurer(actor, policy)
    _require_no_open(policy)
    if stage.reviews.exists():
        raise InvalidTransitionError(
            _("Applications were reviewed at this stage: it stays, for their history.")
        )
    summary = _summary(stage)
    stage.delete()
    _renumber(policy, [s.pk for s in policy.review_stages.order_by("order")])
    record(
        action="applications.stage.delete",
        actor=actor,
        obj=policy,
        summary=_("Removed the review stage %(name)s") % {"name": summary["name"]},
        data=summary,
    )


def _renumber(policy, ids: list[int]) -> None:
    """Give the stages ``ids`` the orders 1…n (through high numbers: (policy, order) is unique)."""
    for offset, pk in enumerate(ids, start=1):
        ReviewStage.objects.filter(pk=pk).update(order=1000 + offset)
    for offset, pk in enumerate(ids, start=1):
        ReviewStage.objects.filter(pk=pk).update(order=offset)


@transaction.atomic
def stage_move(*, actor, stage: ReviewStage, step: int) -> None:
    """Move a stage one place up (step -1) or down (+1)."""
    policy = stage.policy
    _require_configurer(actor, policy)
    _require_no_open(policy)
    ids = list(policy.review_stages.order_by("order").values_list("pk", flat=True))
    i = ids.index(stage.pk)
    j = i + (1 if step > 0 else -1)
    if not 0 <= j < len(ids):
        return
    ids[i], ids[j] = ids[j], ids[i]
    _renumber(policy, ids)
    record(
        action="applications.stage.reorder",
        actor=actor,
        obj=policy,
        summary=_("Reordered the review stages"),
        data={"order": ids},
    )


@transaction.atomic
def setup_update(*, actor, policy, materials: list[str]) -> ApplicationSetup:
    """The kinds of material an applicant uploads (each at least one file)."""
    _require_configurer(actor, policy)
    cleaned = []
    for name in materials:
        name = name.strip()
        if name and name not in cleaned:
            if len(name) > 60:
                raise DomainError(
                    _("Materials: %(name)s is longer than 60 characters.") % {"name": name},
                    field="materials",
                )
            cleaned.append(name)
    setup, _created = ApplicationSetup.objects.get_or_create(policy=policy)
    setup.materials = cleaned
    setup.save()
    record(
        action="applications.setup.update",
        actor=actor,
        obj=policy,
        summary=_("Set the application materials"),
        data={"materials": cleaned},
    )
    return setup
