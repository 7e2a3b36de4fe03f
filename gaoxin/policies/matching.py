"""Set-based policy matching (issue 3, item 4(b)): which enterprises meet a version's criteria.

:func:`match_policy` runs one SQL query (:mod:`.sql`); a definition that does not compile to
SQL falls back to the numpy batch over :func:`~.facts.facts_frame` (same result, in memory).
:func:`rematch_all` stores the matches of every version in force as ``PolicyMatch`` rows, one
transaction per policy.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from gaoxin.enterprises.models import Enterprise
from rulebook.criteria import compile_criteria, match_mask

from .facts import CATALOG, facts_frame
from .models import PolicyMatch, PolicyVersion
from .selectors import policies_in_force
from .sql import NotCompilable, match_sql

logger = logging.getLogger(__name__)


def match_batch_ids(
    version: PolicyVersion, *, as_of: datetime.date, queryset: QuerySet[Enterprise] | None = None
) -> list[int]:
    """The numpy-batch path: facts_frame + match_mask."""
    criteria = compile_criteria(version.criteria, CATALOG)
    ids, frame = facts_frame(Enterprise.objects.all() if queryset is None else queryset, as_of)
    mask = match_mask(criteria, frame)
    return [pk for pk, ok in zip(ids, mask.tolist(), strict=True) if ok]


def match_policy(
    version: PolicyVersion, *, as_of: datetime.date, queryset: QuerySet[Enterprise] | None = None
) -> list[int]:
    """Ids (ascending) of the enterprises meeting ``version``'s criteria on ``as_of``."""
    criteria = compile_criteria(version.criteria, CATALOG)
    try:
        qs = match_sql(criteria, as_of, queryset)
    except NotCompilable as error:
        logger.info("version %s: no SQL form (%s), numpy batch instead", version.pk, error)
        return match_batch_ids(version, as_of=as_of, queryset=queryset)
    return list(qs.order_by("pk").values_list("pk", flat=True))


def rematch_all(*, as_of: datetime.date, batch_size: int = 5000) -> dict[int, int]:
    """Recompute and store the matches of every version in force on ``as_of``.

    Per policy, in one transaction: delete the version's rows for ``as_of``, bulk-insert the
    new ones. Returns version id → number of matches."""
    counts: dict[int, int] = {}
    for _policy, version in policies_in_force(as_of):
        ids = match_policy(version, as_of=as_of)
        now = timezone.now()
        with transaction.atomic():
            PolicyMatch.objects.filter(version=version, as_of=as_of).delete()
            PolicyMatch.objects.bulk_create(
                (
                    PolicyMatch(version=version, enterprise_id=pk, as_of=as_of, matched_at=now)
                    for pk in ids
                ),
                batch_size=batch_size,
            )
        counts[version.pk] = len(ids)
    return counts
