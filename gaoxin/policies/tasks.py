"""Background work of the policy library (django-tasks) and what the command line shares with it:
re-matching every policy in force, and expiring the policies whose effective window has ended.

- :func:`rematch` computes every match set, then stores them (one ``PolicyMatchSet`` per version)
  and records the audit event ``policies.rematch`` with the counts in one transaction;
- :func:`expire_ended` expires (``services.policy_expire``, audited per policy, actor None) every
  published policy whose latest published version ended before the date.

``gaoxin rematch-policies`` / ``gaoxin expire-policies`` run them now; the tasks
``rematch_policies`` / ``expire_policies`` run them in the worker (a nightly scheduler can
enqueue them).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from gaoxin.audit.services import record
from gaoxin.core import context

EXPIRY_REASON = "effective window ended"


def rematch(*, as_of: datetime.date | None = None) -> dict[int, int]:
    """Re-match every version in force on ``as_of`` (today by default) and store the matches;
    audited (``policies.rematch``: the date, the number of versions and of matches, and the
    count per version id). The facts are read and evaluated first; then one transaction
    stores every set, deletes the sets older than ``MATCH_SET_RETENTION_DAYS`` before ``as_of``
    (``pruned``) and records the event. Returns version id → number of matches."""
    from .matching.match import compute_all, prune_match_sets, store_all

    as_of = as_of or timezone.localdate()
    matched = compute_all(as_of=as_of)
    keep_from = as_of - datetime.timedelta(days=settings.MATCH_SET_RETENTION_DAYS)
    with transaction.atomic():
        counts = store_all(matched, as_of=as_of)
        pruned = prune_match_sets(before=keep_from)
        record(
            action="policies.rematch",
            actor=None,
            summary=_("Re-matched %(versions)s policy versions as of %(day)s: %(matches)s matches")
            % {"versions": len(counts), "day": as_of.isoformat(), "matches": sum(counts.values())},
            data={
                "as_of": as_of.isoformat(),
                "versions": len(counts),
                "matches": sum(counts.values()),
                "counts": {str(version): count for version, count in sorted(counts.items())},
                "pruned": {"before": keep_from.isoformat(), "sets": pruned},
            },
        )
    return counts


@dataclass
class Expired:
    policy_id: int
    title: str
    version: int
    effective_to: datetime.date


def expire_ended(*, as_of: datetime.date | None = None) -> list[Expired]:
    """Expire every published policy whose latest published version has an ``effective_to``
    before ``as_of`` (today by default); one transaction and audit event per policy."""
    from .selectors import policies_to_expire
    from .services import policy_expire

    as_of = as_of or timezone.localdate()
    done = []
    for policy in policies_to_expire(as_of):
        policy_expire(actor=None, policy=policy, reason=EXPIRY_REASON)
        done.append(
            Expired(
                policy_id=policy.pk,
                title=policy.title,
                version=policy.last_number,
                effective_to=policy.last_effective_to,
            )
        )
    return done


@task()
def rematch_policies(as_of: str | None = None) -> dict[str, int]:
    """:func:`rematch` in the worker; ``as_of`` as YYYY-MM-DD (today when None). Returns the
    counts by version id (string keys: the result is stored as JSON)."""
    day = datetime.date.fromisoformat(as_of) if as_of else timezone.localdate()
    with context.task_context(f"rematch-{day.isoformat()}"):
        return {str(k): v for k, v in rematch(as_of=day).items()}


@task()
def expire_policies(as_of: str | None = None) -> list[int]:
    """:func:`expire_ended` in the worker; returns the ids of the policies expired."""
    day = datetime.date.fromisoformat(as_of) if as_of else timezone.localdate()
    with context.task_context(f"expire-policies-{day.isoformat()}"):
        return [e.policy_id for e in expire_ended(as_of=day)]
