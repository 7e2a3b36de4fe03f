"""Who of a zone's pool may be drawn for an applicant (回避): each expert left out gets the
first reason that applies, in the order of :class:`ExclusionReason`.

Reads only; :func:`gaoxin.experts.services.draw_create` records the outcome on the draw.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import ExclusionReason
from .models import Assignment, Expert, ExpertTie


@dataclass
class Eligibility:
    pool: list[int] = field(default_factory=list)  # eligible ids, ascending
    excluded: list[dict] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for entry in self.excluded:
            out[entry["reason"]] = out.get(entry["reason"], 0) + 1
        return out


def _cutoff(today: datetime.date, lookback_days: int) -> datetime.datetime:
    start = today - datetime.timedelta(days=lookback_days)
    return timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))


def _same_organisation(expert: Expert, enterprise) -> bool:
    if expert.organisation_id and expert.organisation_id == enterprise.organisation_id:
        return True
    names = {enterprise.name.strip()}
    if enterprise.organisation_id:
        names.add(enterprise.organisation.name.strip())
    return bool(expert.affiliation and expert.affiliation.strip() in names)


def _reason(expert: Expert, *, enterprise, fields, tied, recent) -> tuple[str, str] | None:
    """(code, text) of the first rule that leaves ``expert`` out, or None."""
    if not expert.active:
        return ExclusionReason.INACTIVE, _("Marked inactive in the pool.")
    if fields and not set(fields) & set(expert.fields):
        return ExclusionReason.FIELD_MISMATCH, _("Fields %(has)s share none of %(wanted)s.") % {
            "has": "、".join(expert.fields) or "—",
            "wanted": "、".join(fields),
        }
    if _same_organisation(expert, enterprise):
        return ExclusionReason.SAME_ORGANISATION, _("Works at %(org)s, the applicant.") % {
            "org": expert.affiliation
        }
    if expert.pk in tied:
        return ExclusionReason.DECLARED_TIE, _("Declared tie: %(tie)s.") % {"tie": tied[expert.pk]}
    if expert.pk in recent:
        return ExclusionReason.RECENT_REVIEW, _(
            "Drawn for %(enterprise)s on %(day)s, within the look-back period."
        ) % {"enterprise": enterprise.name, "day": recent[expert.pk]}
    return None


def _ties(enterprise) -> dict[int, str]:
    out: dict[int, str] = {}
    for tie in ExpertTie.objects.filter(enterprise=enterprise).order_by("declared_on", "id"):
        out.setdefault(tie.expert_id, f"{tie.get_kind_display()} {tie.note}".strip())
    return out


def _recent(enterprise, cutoff: datetime.datetime) -> dict[int, str]:
    rows = (
        Assignment.objects.filter(draw__enterprise=enterprise, draw__drawn_at__gte=cutoff)
        .order_by("draw__drawn_at")
        .values_list("expert_id", "draw__drawn_at")
    )
    return {expert_id: f"{timezone.localtime(at):%Y-%m-%d}" for expert_id, at in rows}


def eligibility(*, zone, enterprise, fields, lookback_days: int, today) -> Eligibility:
    """The zone's pool split into the eligible ids (ascending) and the excluded with reasons."""
    tied = _ties(enterprise)
    recent = _recent(enterprise, _cutoff(today, lookback_days))
    result = Eligibility()
    experts = Expert.objects.filter(zone=zone).select_related("organisation").order_by("id")
    for expert in experts:
        found = _reason(expert, enterprise=enterprise, fields=fields, tied=tied, recent=recent)
        if found is None:
            result.pool.append(expert.pk)
        else:
            code, text = found
            result.excluded.append(
                {"expert": expert.pk, "name": expert.name, "reason": str(code), "text": str(text)}
            )
    return result
