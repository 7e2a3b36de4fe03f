"""Routing a service request to an advisor: which advisors can take it, in which order, and the
reason for the choice in words the enterprise and the official read.

An advisor of the request's zone is **excluded** when:

- their term has not begun or has ended on the day;
- they are marked unavailable (``available`` off, or ``unavailable_until`` not yet passed);
- they declared a tie (回避, ``experts.ExpertTie``) with the enterprise — the same ties the
  expert draw of the review machinery honours;
- they already hold ``max_load`` open requests (assigned, accepted or scheduled);
- they declined this request before (``exclude``);
- none of their domains fits the request's.

A domain **fits** exactly (the advisor has the request's domain: 2) or broadly (the advisor has
the broad domain of a finer request, or a finer domain of a broad request: 1). The eligible are
ranked by:

1. the fit, exact before broad;
2. the current load, fewest open requests first;
3. the rating: the mean of the stars given to their completed requests, pulled towards 3 by two
   imaginary 3-star ratings so that one 5-star rating does not beat twenty 4.8s
   (``(sum + 6) / (n + 2)``);
4. a tie on all three goes to the advisor assigned longest ago (never assigned first), then to
   the lower id, so the same data always give the same choice.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.experts.models import ExpertTie

from .choices import LOAD_STATES
from .models import Advisor, Assignment, ServiceDomain, ServiceRequest

EXACT, BROAD, NONE = 2, 1, 0
PRIOR_STARS = Decimal(3)
PRIOR_WEIGHT = 2
NEVER = datetime.datetime.min.replace(tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Candidate:
    advisor: Advisor
    fit: int
    load: int
    rating: Decimal  # the pulled-in mean (see the module docstring)
    rated: int  # how many ratings it is made of
    last_assigned: datetime.datetime | None
    excluded: str  # why the advisor cannot take the request; "" when eligible

    @property
    def eligible(self) -> bool:
        return not self.excluded

    def sort_key(self) -> tuple:
        return (
            -self.fit,
            self.load,
            -self.rating,
            self.last_assigned or NEVER,
            self.advisor.pk,
        )

    def as_json(self) -> dict:
        return {
            "advisor": self.advisor.pk,
            "name": self.advisor.expert.name,
            "fit": self.fit,
            "load": self.load,
            "max_load": self.advisor.max_load,
            "rating": str(self.rating),
            "rated": self.rated,
            "excluded": self.excluded,
        }


@dataclass(frozen=True)
class Choice:
    advisor: Advisor | None
    reason: str
    candidates: list[Candidate]  # the eligible in rank order, then the excluded

    def candidates_json(self) -> list[dict]:
        return [c.as_json() for c in self.candidates]


def fit(advisor_domain_ids: set[int], domain: ServiceDomain, children: set[int]) -> int:
    """How the advisor's domains fit ``domain`` (``children``: the ids of its finer domains)."""
    if domain.pk in advisor_domain_ids:
        return EXACT
    if domain.parent_id and domain.parent_id in advisor_domain_ids:
        return BROAD
    if children & advisor_domain_ids:
        return BROAD
    return NONE


def pulled_rating(total: int, count: int) -> Decimal:
    value = (Decimal(total) + PRIOR_STARS * PRIOR_WEIGHT) / Decimal(count + PRIOR_WEIGHT)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _exclusion(advisor: Advisor, *, on, fit_value, load, tied, declined) -> str:
    if advisor.pk in declined:
        return _("declined this request")
    if advisor.term_start > on or (advisor.term_end is not None and advisor.term_end < on):
        return _("term not running on %(day)s") % {"day": on.isoformat()}
    if not advisor.available or (
        advisor.unavailable_until is not None and advisor.unavailable_until >= on
    ):
        until = (
            _(" until %(day)s") % {"day": advisor.unavailable_until.isoformat()}
            if advisor.unavailable_until
            else ""
        )
        why = f"（{advisor.unavailable_reason}）" if advisor.unavailable_reason else ""
        return _("unavailable%(until)s%(why)s") % {"until": until, "why": why}
    if advisor.pk in tied:
        return _("declared a tie with the enterprise (conflict of interest)")
    if fit_value == NONE:
        return _("no domain of theirs fits")
    if load >= advisor.max_load:
        return _("already holds %(load)s open requests (at most %(max)s)") % {
            "load": load,
            "max": advisor.max_load,
        }
    return ""


def candidates(
    *,
    zone_id: int,
    domain: ServiceDomain,
    enterprise=None,
    exclude: Iterable[int] = (),
    on: datetime.date | None = None,
) -> list[Candidate]:
    """Every advisor of the zone, the eligible first in rank order, then the excluded."""
    on = on or timezone.localdate()
    declined = set(exclude)
    advisors = list(
        Advisor.objects.filter(zone_id=zone_id)
        .select_related("expert")
        .prefetch_related("domains")
        .annotate(
            open_load=Count("requests", filter=Q(requests__status__in=LOAD_STATES), distinct=True),
        )
    )
    ids = [a.pk for a in advisors]
    ratings = {
        row["advisor_id"]: (row["total"] or 0, row["n"])
        for row in ServiceRequest.objects.filter(advisor_id__in=ids, rating__isnull=False)
        .values("advisor_id")
        .annotate(total=Sum("rating"), n=Count("id"))
    }
    last = dict(
        Assignment.objects.filter(advisor_id__in=ids)
        .values("advisor_id")
        .annotate(last=Max("assigned_at"))
        .values_list("advisor_id", "last")
    )
    tied: set[int] = set()
    if enterprise is not None:
        tied = set(
            ExpertTie.objects.filter(
                enterprise=enterprise, expert_id__in=[a.expert_id for a in advisors]
            ).values_list("expert__advisor__id", flat=True)
        )
    children = set(domain.children.values_list("pk", flat=True))
    out: list[Candidate] = []
    for advisor in advisors:
        fit_value = fit({d.pk for d in advisor.domains.all()}, domain, children)
        total, n = ratings.get(advisor.pk, (0, 0))
        out.append(
            Candidate(
                advisor=advisor,
                fit=fit_value,
                load=advisor.open_load,
                rating=pulled_rating(total, n),
                rated=n,
                last_assigned=last.get(advisor.pk),
                excluded=_exclusion(
                    advisor,
                    on=on,
                    fit_value=fit_value,
                    load=advisor.open_load,
                    tied=tied,
                    declined=declined,
                ),
            )
        )
    eligible = sorted((c for c in out if c.eligible), key=Candidate.sort_key)
    excluded = sorted((c for c in out if not c.eligible), key=lambda c: c.advisor.expert.name)
    return eligible + excluded


def _reason(chosen: Candidate, eligible: list[Candidate], domain: ServiceDomain) -> str:
    parts = [
        (
            _("domain fits exactly (%(domain)s)")
            if chosen.fit == EXACT
            else _("domain fits broadly (%(domain)s)")
        )
        % {"domain": domain.name},
        _("%(load)s open requests now (at most %(max)s)")
        % {"load": chosen.load, "max": chosen.advisor.max_load},
        (
            _("rating %(rating)s from %(n)s ratings") % {"rating": chosen.rating, "n": chosen.rated}
            if chosen.rated
            else _("not rated yet (counted as %(rating)s)") % {"rating": chosen.rating}
        ),
    ]
    text = _("%(name)s: %(parts)s.") % {
        "name": chosen.advisor.expert.name,
        "parts": _("; ").join(str(p) for p in parts),
    }
    if len(eligible) > 1:
        runner = eligible[1]
        same = (runner.fit, runner.load, runner.rating) == (chosen.fit, chosen.load, chosen.rating)
        if same:
            text += " " + _(
                "Tied with %(other)s on fit, load and rating: the one assigned longest ago "
                "was chosen."
            ) % {"other": runner.advisor.expert.name}
        else:
            text += " " + _("%(count)s other advisors could take it; next was %(other)s.") % {
                "count": len(eligible) - 1,
                "other": runner.advisor.expert.name,
            }
    return text


def choose(
    *,
    zone_id: int,
    domain: ServiceDomain,
    enterprise=None,
    exclude: Iterable[int] = (),
    on: datetime.date | None = None,
) -> Choice:
    """The advisor to route to (or None, with the reason why nobody can take it)."""
    ranked = candidates(
        zone_id=zone_id, domain=domain, enterprise=enterprise, exclude=exclude, on=on
    )
    eligible = [c for c in ranked if c.eligible]
    if not eligible:
        if not ranked:
            reason = _("The zone has no advisors yet.")
        else:
            reason = _("No advisor can take it now: %(list)s.") % {
                "list": _("; ").join(f"{c.advisor.expert.name}: {c.excluded}" for c in ranked)
            }
        return Choice(None, reason, ranked)
    return Choice(eligible[0].advisor, _reason(eligible[0], eligible, domain), ranked)
