"""Every write of the expert pool, draws and score sheets. Other apps call these signatures:

- ``draw_create(*, actor, subject, enterprise, policy, n, fields=None, seed=None,
  lookback_days=365, today=None) -> Draw``
- ``draw_replay(draw) -> list[int]``
- ``score_submit(*, actor, assignment, scores, comment) -> Assignment``
- ``aggregate(draw) -> Aggregate`` (lives in :mod:`gaoxin.experts.scoring`, re-exported here)
"""

from __future__ import annotations

import random
import secrets
from typing import IO

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, PermissionDeniedError

from . import rules
from .choices import ExclusionReason
from .eligibility import Eligibility, eligibility
from .models import Assignment, Draw, Expert, ExpertTie, ScoreSheet
from .scoring import Aggregate, aggregate, validate_scores
from .workflow import ASSIGNMENT_WORKFLOW

__all__ = [
    "Aggregate",
    "aggregate",
    "draw_create",
    "draw_replay",
    "expert_create",
    "expert_update",
    "pool_export",
    "score_submit",
    "sheet_save",
    "tie_create",
    "tie_delete",
]

SEED_BITS = 63
EXPERT_FIELDS = (
    "name", "title", "organisation", "organisation_name", "user", "fields", "active",
    "phone", "email", "note",
)  # fmt: skip


def _first_error(error: ValidationError) -> DomainError:
    """A model ValidationError as a DomainError naming its first field."""
    if hasattr(error, "message_dict"):
        name, messages = next(iter(error.message_dict.items()))
        field = None if name == "__all__" else name
        return DomainError(f"{messages[0]}", field=field)
    return DomainError(error.messages[0])


def _full_clean(obj, **kwargs) -> None:
    try:
        obj.full_clean(**kwargs)
    except ValidationError as error:
        raise _first_error(error) from error


# --- the pool --------------------------------------------------------------------------------


def _require_official(actor, zone) -> None:
    if not rules.is_official_of(actor, zone):
        raise PermissionDeniedError(_("Only a zone official of this zone may manage its experts."))


def _check_links(expert: Expert) -> None:
    if expert.organisation_id is None and not expert.organisation_name.strip():
        raise DomainError(
            _("Choose the expert's organisation or write its name."), field="organisation_name"
        )
    if (
        expert.user_id
        and Expert.objects.filter(user_id=expert.user_id).exclude(pk=expert.pk).exists()
    ):
        raise DomainError(_("This account is already linked to another expert."), field="user")


@transaction.atomic
def expert_create(*, actor, zone, data: dict) -> Expert:
    """Add an expert to ``zone``'s pool (``data``: the fields of EXPERT_FIELDS)."""
    if actor is not None:
        _require_official(actor, zone)
    expert = Expert(zone=zone, **{k: v for k, v in data.items() if k in EXPERT_FIELDS})
    _full_clean(expert)
    _check_links(expert)
    expert.save()
    record(
        action="experts.expert.create",
        actor=actor,
        obj=expert,
        summary=_("Expert %(name)s added to the pool") % {"name": expert.name},
        data={"fields": expert.fields},
    )
    return expert


@transaction.atomic
def expert_update(*, actor, expert: Expert, data: dict) -> Expert:
    _require_official(actor, expert.zone)
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    changes = {}
    for key, value in data.items():
        if key in EXPERT_FIELDS and getattr(expert, key) != value:
            changes[key] = [str(getattr(expert, key)), str(value)]
            setattr(expert, key, value)
    _full_clean(expert)
    _check_links(expert)
    expert.save()
    record(
        action="experts.expert.update",
        actor=actor,
        obj=expert,
        summary=_("Expert %(name)s changed") % {"name": expert.name},
        changes=changes,
    )
    return expert


@transaction.atomic
def tie_create(
    *, actor, expert: Expert, enterprise, kind: str, note: str, declared_on
) -> ExpertTie:
    if actor is not None:
        _require_official(actor, expert.zone)
    tie = ExpertTie(
        expert=expert, enterprise=enterprise, kind=kind, note=note, declared_on=declared_on
    )
    _full_clean(tie)
    tie.save()
    record(
        action="experts.tie.create",
        actor=actor,
        obj=expert,
        summary=_("Tie of %(expert)s with %(enterprise)s declared")
        % {"expert": expert.name, "enterprise": enterprise.name},
        data={"tie": tie.pk, "enterprise": enterprise.pk, "kind": kind},
    )
    return tie


@transaction.atomic
def tie_delete(*, actor, tie: ExpertTie, reason: str = "") -> None:
    _require_official(actor, tie.expert.zone)
    record(
        action="experts.tie.delete",
        actor=actor,
        obj=tie.expert,
        summary=_("Tie of %(expert)s with %(enterprise)s removed")
        % {"expert": tie.expert.name, "enterprise": tie.enterprise.name},
        data={"tie": tie.pk, "enterprise": tie.enterprise_id, "kind": tie.kind},
        reason=reason,
    )
    tie.delete()


@transaction.atomic
def sheet_save(*, actor, policy, items: list[dict], disagreement_threshold) -> ScoreSheet:
    """Create or replace the policy's scoring sheet. Draws already made keep the items they
    were drawn with."""
    if actor is not None and not rules.can_manage_sheet(actor, policy):
        raise PermissionDeniedError(
            _("Only a zone official of the policy's zone may edit its scoring sheet.")
        )
    sheet = ScoreSheet.objects.select_for_update().filter(policy=policy).first() or ScoreSheet(
        policy=policy
    )
    sheet.items = items
    sheet.disagreement_threshold = disagreement_threshold
    _full_clean(sheet, validate_unique=False)
    sheet.save()
    record(
        action="experts.sheet.save",
        actor=actor,
        obj=policy,
        summary=_("Scoring sheet of %(policy)s saved") % {"policy": policy.title},
        data={"items": sheet.items, "threshold": str(sheet.disagreement_threshold)},
    )
    return sheet


@transaction.atomic
def pool_export(*, actor, experts, out: IO[bytes]) -> int:
    """Write the pool as .xlsx (audited: it holds contact details)."""
    from .excel import write_pool

    count = write_pool(experts, out)
    record(
        action="experts.pool.export",
        actor=actor,
        obj=None,
        summary=_("Expert pool exported (%(n)s experts)") % {"n": count},
        data={"count": count},
    )
    return count


# --- the draw --------------------------------------------------------------------------------


def _sample(pool: list[int], n: int, seed: int) -> list[int]:
    # Not for secrecy: the seed is stored so that anyone may replay the draw.
    return random.Random(seed).sample(sorted(pool), n)  # noqa: S311


def draw_replay(draw: Draw) -> list[int]:
    """The drawn ids recomputed from the stored pool and seed (equal to ``draw.drawn``)."""
    return _sample(list(draw.pool), draw.n, draw.seed)


def _too_few(found: Eligibility, n: int) -> DomainError:
    labels = dict(ExclusionReason.choices)
    parts = [f"{labels.get(code, code)}: {count}" for code, count in sorted(found.counts().items())]
    message = ngettext(
        "Only %(k)s expert is eligible, %(n)s are needed.",
        "Only %(k)s experts are eligible, %(n)s are needed.",
        len(found.pool),
    ) % {"k": len(found.pool), "n": n}
    if parts:
        message += " " + _("Left out: %(list)s.") % {"list": "；".join(parts)}
    return DomainError(message, code="too_few_experts", field="n")


def _check_draw_input(actor, policy, n, seed, lookback_days) -> ScoreSheet:
    if not rules.can_draw(actor, policy):
        raise PermissionDeniedError(_("You may not draw experts for this policy."))
    if not isinstance(n, int) or n < 1 or n > 50:
        raise DomainError(_("Draw between 1 and 50 experts."), field="n")
    if seed is not None and (not isinstance(seed, int) or not 0 <= seed < 2**SEED_BITS):
        raise DomainError(_("A seed is a whole number from 0 to 2^63−1."), field="seed")
    if not isinstance(lookback_days, int) or lookback_days < 0:
        raise DomainError(
            _("The look-back period is a number of days, 0 or more."), field="lookback_days"
        )
    sheet = ScoreSheet.objects.filter(policy=policy).first()
    if sheet is None:
        raise DomainError(
            _("%(policy)s has no scoring sheet yet: a zone official sets one first.")
            % {"policy": policy.title},
            code="no_score_sheet",
            field="policy",
        )
    return sheet


def _lock_applicant(enterprise) -> None:
    """One draw for an applicant at a time, so that the look-back rule sees the one before."""
    type(enterprise).objects.select_for_update().filter(pk=enterprise.pk).first()


@transaction.atomic
def draw_create(
    *,
    actor,
    subject,
    enterprise,
    policy,
    n: int,
    fields: list[str] | None = None,
    seed: int | None = None,
    lookback_days: int = 365,
    today=None,
) -> Draw:
    """Draw ``n`` experts of the policy's zone for ``subject`` (the applicant ``enterprise``),
    leaving out anyone with a conflict; one pending score sheet per drawn expert. Audited."""
    sheet = _check_draw_input(actor, policy, n, seed, lookback_days)
    _lock_applicant(enterprise)
    wanted = [str(f).strip() for f in (fields or []) if str(f).strip()]
    today = today or timezone.localdate()
    found = eligibility(zone=policy.zone, enterprise=enterprise, fields=wanted,
                        lookback_days=lookback_days, today=today)  # fmt: skip
    if len(found.pool) < n:
        raise _too_few(found, n)
    seed = secrets.randbits(SEED_BITS) if seed is None else seed
    draw = Draw(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        enterprise=enterprise,
        policy=policy,
        fields=wanted,
        n=n,
        seed=seed,
        lookback_days=lookback_days,
        drawn_by=actor,
    )
    _fill_draw(draw, found, sheet)
    _full_clean(draw)
    draw.save()
    Assignment.objects.bulk_create([Assignment(draw=draw, expert_id=pk) for pk in draw.drawn])
    _record_draw(actor, draw)
    return draw


def _fill_draw(draw: Draw, found: Eligibility, sheet: ScoreSheet) -> None:
    """The outcome: the pool and exclusions, the drawn ids, the sheet as it is now."""
    draw.pool = found.pool
    draw.excluded = found.excluded
    draw.drawn = _sample(found.pool, draw.n, draw.seed)
    draw.sheet_items = sheet.items
    draw.disagreement_threshold = sheet.disagreement_threshold
    draw.drawn_at = timezone.now()


def _record_draw(actor, draw: Draw) -> None:
    record(
        action="experts.draw.create",
        actor=actor,
        obj=draw,
        summary=_("%(n)s experts drawn for %(enterprise)s (%(policy)s)")
        % {"n": draw.n, "enterprise": draw.enterprise.name, "policy": draw.policy.title},
        data={
            "subject": f"{draw.content_type.app_label}.{draw.content_type.model}:{draw.object_id}",
            "seed": str(draw.seed),
            "pool": draw.pool,
            "excluded": [[e["expert"], e["reason"]] for e in draw.excluded],
            "drawn": draw.drawn,
            "fields": draw.fields,
            "lookback_days": draw.lookback_days,
        },
    )


# --- scoring ---------------------------------------------------------------------------------


@transaction.atomic
def score_submit(*, actor, assignment: Assignment, scores: dict, comment: str) -> Assignment:
    """Submit an expert's score sheet (by the expert, or an official entering the paper sheet).
    Every item of the draw's sheet, each from 0 to its maximum; final once submitted."""
    assignment = (
        Assignment.objects.select_related("draw__policy__zone", "expert")
        .select_for_update(of=("self",))
        .get(pk=assignment.pk)
    )
    if not rules.can_score(actor, assignment):
        raise PermissionDeniedError(
            _("Only the expert or a zone official of the policy's zone may submit this sheet.")
        )
    ASSIGNMENT_WORKFLOW.check(assignment, "submit")
    clean, total = validate_scores(assignment.draw.sheet_items, scores)
    on_paper = actor.pk != assignment.expert.user_id
    ASSIGNMENT_WORKFLOW.apply(
        assignment,
        "submit",
        actor=actor,
        summary=_("%(expert)s's scores submitted: %(total)s")
        % {"expert": assignment.expert.name, "total": total},
        data={"scores": clean, "total": str(total), "paper": on_paper},
        fields={
            "scores": clean,
            "total": total,
            "comment": (comment or "").strip(),
            "submitted_at": timezone.now(),
            "recorded_by": actor,
        },
    )
    return assignment
