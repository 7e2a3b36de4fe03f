"""Where each fact of the catalog (:mod:`.catalog`: every fact a policy's criteria may use)
comes from in the enterprise registry.

- yearly figures (revenue … export_value) are the last complete year's ``YearlyFact``: the
  latest year on file before the year of ``as_of`` (filings lag, so the year before may not
  be on file yet);
- ``rnd_ratio`` is derived: R&D expense / revenue of that year, in percentage points, 2 places;
- ``years_since_founding`` counts whole years from the founding date to ``as_of``;
- ``stage``, ``park`` (the park's name), ``industry_code`` come from the profile;
- ``qualifications`` is the set of qualification kinds valid on ``as_of``.

A missing value is ``None`` (the criteria engine reads it as *unknown*).

Two modes (docs/trusted-facts.md):

- ``DECISION`` — what the registry holds: only verified values (the registry's tables hold
  nothing else; an enterprise's declaration waits in a pending ``FactRecord``). Candidate
  lists, notices, payment exports, pushes, the nightly re-match and the sandbox read this.
- ``ESTIMATE`` — the same, with the enterprise's pending declarations in place of the values
  they would change (:func:`estimate_facts`): the enterprise's calculator and what-if, which
  say so ("含未核验数据") and name the facts that are not verified yet.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Max, Q, QuerySet

from gaoxin.enterprises.choices import RecordStatus, RecordSubject
from gaoxin.enterprises.models import Enterprise, FactRecord, Qualification, YearlyFact
from gaoxin.parks.models import Park
from rulebook.criteria import Frame

from .catalog import CATALOG, FACT_KEYS, YEARLY_FIELDS
from .columnar import load_facts

DECISION = "decision"
ESTIMATE = "estimate"
MODES = (DECISION, ESTIMATE)


def _years_between(start: datetime.date | None, end: datetime.date) -> int | None:
    if start is None or start > end:
        return None
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _yearly(row: dict[str, Any] | None) -> dict[str, Any]:
    values = {name: (row or {}).get(name) for name in YEARLY_FIELDS}
    revenue, rnd = values["revenue"], values["rnd_expense"]
    ratio = None
    if revenue and rnd is not None:
        ratio = (Decimal(rnd) * 100 / Decimal(revenue)).quantize(Decimal("0.01"))
    values["rnd_ratio"] = ratio
    return values


def _valid_on(as_of: datetime.date) -> Q:
    return Q(valid_from__lte=as_of) & (Q(valid_to__isnull=True) | Q(valid_to__gte=as_of))


def enterprise_facts(
    enterprise: Enterprise, as_of: datetime.date, mode: str = DECISION
) -> dict[str, Any]:
    """The facts of one enterprise on ``as_of`` (yearly figures of the year before): the
    verified ones, or in ``ESTIMATE`` mode with its pending declarations in place."""
    if mode == ESTIMATE:
        return estimate_facts(enterprise, as_of).facts
    _check_mode(mode)
    row = (
        YearlyFact.objects.filter(enterprise=enterprise, year__lt=as_of.year)
        .order_by("-year")
        .values(*YEARLY_FIELDS)
        .first()
    )
    kinds = set(
        Qualification.objects.filter(_valid_on(as_of), enterprise=enterprise).values_list(
            "kind", flat=True
        )
    )
    return {
        **_yearly(row),
        "years_since_founding": _years_between(enterprise.founded_on, as_of),
        "stage": enterprise.stage or None,
        "park": enterprise.park.name if enterprise.park_id else None,
        "industry_code": enterprise.industry_code or None,
        "qualifications": kinds,
    }


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"unknown evaluation mode {mode!r}: one of {MODES}")


@dataclass
class Estimate:
    """An enterprise's facts with its pending declarations in place: ``unverified`` names the
    facts whose value differs from the verified one (the declarations they come from are
    ``records``)."""

    facts: dict[str, Any]
    unverified: frozenset[str] = frozenset()
    records: list[FactRecord] = field(default_factory=list)

    @property
    def has_unverified(self) -> bool:
        return bool(self.unverified)


def _as_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _as_figure(name: str, value: Any) -> Decimal | int | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)) if name in YearlyFact.MONEY_FIELDS else int(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


def pending_declarations(enterprises) -> QuerySet[FactRecord]:
    """The declarations awaiting verification of ``enterprises`` (an enterprise or a
    queryset), oldest first: a later one of the same subject was made after it."""
    records = FactRecord.objects.filter(status=RecordStatus.PENDING)
    if isinstance(enterprises, Enterprise):
        records = records.filter(enterprise=enterprises)
    else:
        records = records.filter(enterprise__in=enterprises)
    return records.order_by("created_at", "pk")


def _apply_profile(profile: dict[str, Any], values: dict[str, Any]) -> None:
    for name in ("industry_code", "stage"):
        if name in values:
            profile[name] = values[name] or ""
    if "founded_on" in values:
        profile["founded_on"] = _as_date(values["founded_on"])
    if "park" in values:
        profile["park"] = values["park"] or None


def _apply_yearly(years: dict[int, dict[str, Any]], year: int, values: dict[str, Any]) -> None:
    row = years.setdefault(year, {"year": year, **dict.fromkeys(YEARLY_FIELDS)})
    for name in YEARLY_FIELDS:
        if name in values:
            row[name] = _as_figure(name, values[name])


def _apply_qualification(target: dict[str, Any], values: dict[str, Any]) -> None:
    if "kind" in values:
        target["kind"] = values["kind"]
    for name in ("valid_from", "valid_to"):
        if name in values:
            target[name] = _as_date(values[name])


def _apply_declarations(
    records: list[FactRecord],
    profile: dict[str, Any],
    years: dict[int, dict[str, Any]],
    quals: dict[int, dict[str, Any]],
) -> list[dict[str, Any]]:
    """Put each declaration in place of the values it would change, in order; returns the
    qualifications declared anew (those of no existing qualification)."""
    added: list[dict[str, Any]] = []
    for record in records:
        values = record.values or {}
        if record.subject == RecordSubject.PROFILE:
            _apply_profile(profile, values)
        elif record.subject == RecordSubject.YEARLY and record.year is not None:
            _apply_yearly(years, record.year, values)
        elif record.subject == RecordSubject.QUALIFICATION:
            target = quals.get(record.qualification_id) if record.qualification_id else None
            if target is None:
                target = {"kind": None, "valid_from": None, "valid_to": None}
                added.append(target)
            _apply_qualification(target, values)
    return added


def _kinds_in_force(quals: list[dict[str, Any]], as_of: datetime.date) -> set[str]:
    return {
        q["kind"]
        for q in quals
        if q["kind"]
        and q["valid_from"] is not None
        and q["valid_from"] <= as_of
        and (q["valid_to"] is None or q["valid_to"] >= as_of)
    }


def _park_name(park_id: int | None) -> str | None:
    if not park_id:
        return None
    return Park.objects.filter(pk=park_id).values_list("name", flat=True).first()


def estimate_facts(
    enterprise: Enterprise, as_of: datetime.date, records: list[FactRecord] | None = None
) -> Estimate:
    """The enterprise's facts on ``as_of`` in ``ESTIMATE`` mode: the verified values, each
    pending declaration (of its profile, a year's figures, a qualification) put in place of
    the values it would change — exactly what verifying it would write."""
    decision = enterprise_facts(enterprise, as_of)
    if records is None:
        records = list(pending_declarations(enterprise))
    if not records:
        return Estimate(facts=decision)
    profile = {
        "industry_code": enterprise.industry_code,
        "stage": enterprise.stage,
        "founded_on": enterprise.founded_on,
        "park": enterprise.park_id,
    }
    years = {
        row["year"]: row
        for row in YearlyFact.objects.filter(enterprise=enterprise).values("year", *YEARLY_FIELDS)
    }
    quals = {
        q["pk"]: q
        for q in Qualification.objects.filter(enterprise=enterprise).values(
            "pk", "kind", "valid_from", "valid_to"
        )
    }
    added = _apply_declarations(records, profile, years, quals)
    earlier = [year for year in years if year < as_of.year]
    row = years[max(earlier)] if earlier else None
    facts = {
        **_yearly(row),
        "years_since_founding": _years_between(profile["founded_on"], as_of),
        "stage": profile["stage"] or None,
        "park": _park_name(profile["park"]),
        "industry_code": profile["industry_code"] or None,
        "qualifications": _kinds_in_force([*quals.values(), *added], as_of),
    }
    unverified = frozenset(key for key in FACT_KEYS if facts.get(key) != decision.get(key))
    return Estimate(facts=facts, unverified=unverified, records=records)


def facts_frame(
    queryset: QuerySet[Enterprise], as_of: datetime.date, mode: str = DECISION
) -> tuple[list[int], Frame]:
    """The facts of every enterprise of ``queryset`` as columns: ids in row order (ascending)
    and the :class:`Frame` for ``match_batch`` — read by :func:`.columnar.load_facts` (a few
    queries, integer arrays, no Python loop over the enterprises on PostgreSQL).

    In ``ESTIMATE`` mode the rows of the enterprises with pending declarations are replaced by
    their :func:`estimate_facts` (a pass over the rows in Python: estimates are asked for one
    enterprise at a time; the batch form exists so that the paths can be checked to agree)."""
    _check_mode(mode)
    columns = load_facts(as_of, queryset)
    ids, frame = columns.ids.tolist(), columns.frame
    if mode == DECISION:
        return ids, frame
    by_enterprise: dict[int, list[FactRecord]] = {}
    for record in pending_declarations(queryset):
        by_enterprise.setdefault(record.enterprise_id, []).append(record)
    if not by_enterprise:
        return ids, frame
    firms = Enterprise.objects.select_related("park").in_bulk(list(by_enterprise))
    rows = [
        estimate_facts(firms[pk], as_of, by_enterprise[pk]).facts
        if pk in by_enterprise
        else frame.record(i)
        for i, pk in enumerate(ids)
    ]
    return ids, Frame(CATALOG, {key: [row.get(key) for row in rows] for key in FACT_KEYS})


# Where each fact's value is kept in the registry: its provenance is that of these fields.
PROFILE_SOURCES = {
    "years_since_founding": "founded_on",
    "stage": "stage",
    "park": "park",
    "industry_code": "industry_code",
}
YEARLY_SOURCES = {
    **{name: (name,) for name in YEARLY_FIELDS},
    "rnd_ratio": ("rnd_expense", "revenue"),
}


def _source(record: FactRecord) -> dict[str, Any]:
    return {
        "record": record.pk,
        "source": record.source,
        "department": record.department,
        "evidence": record.evidence,
        "verified_on": record.decided_at.date().isoformat() if record.decided_at else None,
    }


def _latest_verified(
    ids: list[int], years: dict[int, int], in_force: dict[int, int]
) -> dict[tuple, FactRecord]:
    """(firm, "profile"/"yearly", field name) or (firm, "qualification", pk) → the latest
    verified record of that registry field (yearly: of the year used; qualification: in
    force)."""
    latest: dict[tuple, FactRecord] = {}
    records = FactRecord.objects.filter(
        enterprise_id__in=ids, status=RecordStatus.VERIFIED
    ).order_by("decided_at", "pk")
    for record in records.iterator():
        firm = record.enterprise_id
        if record.subject == RecordSubject.PROFILE:
            for name in record.values:
                latest[(firm, "profile", name)] = record
        elif record.subject == RecordSubject.YEARLY and record.year == years.get(firm):
            for name in record.values:
                latest[(firm, "yearly", name)] = record
        elif (
            record.subject == RecordSubject.QUALIFICATION
            and in_force.get(record.qualification_id) == firm
        ):
            latest[(firm, "qualification", record.qualification_id)] = record
    return latest


def _key_sources(
    latest: dict[tuple, FactRecord], in_force: dict[int, int], firm: int, key: str
) -> list[dict[str, Any]]:
    if key in PROFILE_SOURCES:
        found = [latest.get((firm, "profile", PROFILE_SOURCES[key]))]
    elif key in YEARLY_SOURCES:
        found = [latest.get((firm, "yearly", name)) for name in YEARLY_SOURCES[key]]
    else:  # qualifications
        found = [
            latest.get((firm, "qualification", pk))
            for pk, owner in in_force.items()
            if owner == firm
        ]
    unique = {record.pk: record for record in found if record is not None}
    return [_source(record) for record in unique.values()]


def fact_sources(
    ids: list[int], keys: list[str], as_of: datetime.date
) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """Enterprise id → fact key → the verified records its value on ``as_of`` came from (the
    latest verified record of each registry field behind it: the profile field, the figures
    of the year used, the qualification in force), each as {record, source, department,
    evidence, verified_on}. What a candidate list shows beside the facts a firm qualified on."""
    keys = [key for key in keys if key in CATALOG]
    if not ids or not keys:
        return {}
    years = dict(
        YearlyFact.objects.filter(enterprise_id__in=ids, year__lt=as_of.year)
        .values("enterprise_id")
        .annotate(last=Max("year"))
        .values_list("enterprise_id", "last")
    )
    in_force = dict(
        Qualification.objects.filter(_valid_on(as_of), enterprise_id__in=ids).values_list(
            "pk", "enterprise_id"
        )
    )
    latest = _latest_verified(ids, years, in_force)
    return {firm: {key: _key_sources(latest, in_force, firm, key) for key in keys} for firm in ids}
