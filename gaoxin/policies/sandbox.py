"""The policy sandbox (政策沙盒, issue 3 item 8): a draft's criteria and formula against the
published version in force, over the enterprises the user may see in the policy's zone.

:func:`compare` is read-only and set-based: both sides are matched with
:func:`~.matching.match_policy` (one SQL query each), the facts of the enterprises qualifying
on either side are loaded once into columns (:func:`~.facts.facts_frame`, a few queries per
10 000 enterprises) and both formulas are evaluated whole-column
(:func:`rulebook.criteria.amounts.amounts_fen`, exactly ``evaluate_amount`` per enterprise,
rounded to the fen). Costs are summed in integer fen, so the totals are exact Decimals.

Nothing is saved. :func:`sandbox_export` writes the comparison to Excel and records the
export in the audit trail, as every bulk copy of the registry is.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import IO, Any

import numpy as np
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from gaoxin.audit.services import record
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.scoping import visible_enterprises
from gaoxin.firstset.display import is_chinese
from rulebook.criteria import Frame, compile_criteria, compile_formula, explain, match_mask
from rulebook.criteria.amounts import amounts_fen, fen_to_yuan
from rulebook.criteria.explain import ClauseResult

from . import rules
from .builder import clause_words
from .calculator import compiled_criteria
from .matching.catalog import CATALOG
from .matching.facts import facts_frame
from .matching.match import match_policy
from .models import Policy, PolicyVersion
from .selectors import version_in_force

FRAME_MAX = 5_000  # scopes up to this size: one facts frame (see _by_frame; measured)
TOP_CHANGED = 20
SHOWN = 50  # rows of the entering / leaving tables on the page; the export has them all
CHUNK = 10_000  # enterprise ids per facts query (well below SQLite's bound-parameter limit)
EXCEL_SIGNIFICANT_DIGITS = 15
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True)
class SandboxRow:
    """One enterprise of the comparison, with its amount on each side (``None``: it does not
    qualify on that side, or its amount is unknown)."""

    enterprise_id: int
    name: str
    uscc: str
    park: str
    is_sample: bool
    amount_before: Decimal | None
    amount_after: Decimal | None
    now_fails: tuple[str, ...] = ()  # a leaving firm: the draft's clauses it fails, in words

    @property
    def change(self) -> Decimal:
        return (self.amount_after or Decimal("0.00")) - (self.amount_before or Decimal("0.00"))


@dataclass
class _Amounts:
    """Column form of the comparison, one row per enterprise qualifying on either side."""

    ids: np.ndarray
    before: np.ndarray  # qualifies under the published version
    after: np.ndarray  # qualifies under the draft
    fen_before: np.ndarray  # 0 where unknown or not qualifying
    fen_after: np.ndarray
    known_before: np.ndarray  # has a known amount (and qualifies)
    known_after: np.ndarray

    @classmethod
    def of(cls, ids, masks, fens, knowns) -> _Amounts:
        """From a path's columns: an amount is known only where its side qualifies, and
        counts as 0 fen where it is not known."""
        (before, after), (fen_b, fen_a), (known_b, known_a) = masks, fens, knowns
        known_b, known_a = known_b & before, known_a & after
        return cls(
            ids=ids,
            before=before,
            after=after,
            fen_before=np.where(known_b, fen_b, 0),
            fen_after=np.where(known_a, fen_a, 0),
            known_before=known_b,
            known_after=known_a,
        )

    @property
    def entering(self) -> np.ndarray:
        return self.after & ~self.before

    @property
    def leaving(self) -> np.ndarray:
        return self.before & ~self.after

    @property
    def staying(self) -> np.ndarray:
        return self.before & self.after

    @property
    def changed(self) -> np.ndarray:
        """Staying, with another amount (or one known on one side only)."""
        return self.staying & (
            (self.known_before != self.known_after) | (self.fen_before != self.fen_after)
        )

    def amount(self, row: int, side: str) -> Decimal | None:
        """The amount of a row on one side (``before``/``after``); None when not known."""
        if not getattr(self, f"known_{side}")[row]:
            return None
        return fen_to_yuan(int(getattr(self, f"fen_{side}")[row]))


@dataclass
class SandboxResult:
    """The comparison: counts, who enters and leaves, costs before and after, the largest
    changes of amount, and the parameters used (``as_of``, the versions, the definition)."""

    policy: Policy
    as_of: datetime.date
    published: PolicyVersion | None
    draft: PolicyVersion | None  # the saved draft compared, if the definition is the draft's
    criteria: Any
    formula: Any
    scope_count: int
    count_before: int
    count_after: int
    staying: int
    entering_count: int
    leaving_count: int
    cost_before: Decimal
    cost_after: Decimal
    unknown_before: int  # qualifying, but the formula needs a fact the enterprise lacks
    unknown_after: int
    changed_count: int
    entering: list[SandboxRow] = field(default_factory=list)  # the first SHOWN, largest first
    leaving: list[SandboxRow] = field(default_factory=list)
    changed: list[SandboxRow] = field(default_factory=list)  # staying, top N by |change|
    amounts: _Amounts | None = field(default=None, repr=False)
    scope: QuerySet[Enterprise] | None = field(default=None, repr=False)

    @property
    def count_difference(self) -> int:
        return self.count_after - self.count_before

    @property
    def cost_difference(self) -> Decimal:
        return self.cost_after - self.cost_before

    @property
    def entering_ids(self) -> list[int]:
        return self._ids(self.amounts.entering) if self.amounts else []

    @property
    def leaving_ids(self) -> list[int]:
        return self._ids(self.amounts.leaving) if self.amounts else []

    def _ids(self, mask: np.ndarray) -> list[int]:
        return self.amounts.ids[mask].tolist()

    def parameters(self) -> dict[str, Any]:
        """What the comparison used, for the page, the export and the audit trail."""
        return {
            "as_of": self.as_of.isoformat(),
            "published_version": self.published.number if self.published else None,
            "draft_version": self.draft.number if self.draft else None,
            "criteria": self.criteria,
            "formula": self.formula,
        }


def draft_of(policy: Policy) -> PolicyVersion | None:
    """The policy's saved draft version (unpublished), if any."""
    return policy.versions.filter(published_at__isnull=True).first()


def _scope(user, policy: Policy) -> QuerySet[Enterprise]:
    return visible_enterprises(user).filter(zone_id=policy.zone_id).zone_members()


def _amounts(
    scope: QuerySet[Enterprise],
    union: list[int],
    formulas: tuple[Any, Any],
    as_of: datetime.date,
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Fen and known per formula (``None``: no formula, nothing known) over ``union`` (ids
    ascending): facts loaded once per chunk of ids, shared by both formulas."""
    compiled = [None if f is None else compile_formula(f, CATALOG) for f in formulas]
    size = len(union)
    fens = [np.zeros(size, dtype=np.int64) for _ in compiled]
    knowns = [np.zeros(size, dtype=bool) for _ in compiled]
    needs_facts = any(f is not None and f.facts for f in compiled)
    for start in range(0, size, CHUNK):
        chunk = union[start : start + CHUNK]
        if needs_facts:
            ids, frame = facts_frame(scope.filter(pk__in=chunk), as_of)
            rows = np.searchsorted(np.asarray(chunk), np.asarray(ids, dtype=np.int64)) + start
        else:  # constant formulas: no fact to load, one row per id
            frame = Frame(CATALOG, {"stage": [None] * len(chunk)})
            rows = np.arange(start, start + len(chunk))
        for i, formula in enumerate(compiled):
            if formula is None:
                continue
            fen, known = amounts_fen(formula, frame)
            if fen.dtype == object and fens[i].dtype != object:
                fens[i] = fens[i].astype(object)
            fens[i][rows] = fen
            knowns[i][rows] = known
    return fens, knowns


def _exact_sum(fen: np.ndarray) -> int:
    """The sum of a fen column as a Python int (int64 only when it cannot overflow)."""
    if fen.dtype != object and len(fen) and int(np.abs(fen).max()) * len(fen) >= 2**63:
        fen = fen.astype(object)
    return int(fen.sum())


def _by_sql(policy, scope, sides, formulas, as_of):
    """Large scopes: each side one SQL query (``match_policy``), then the facts of the
    enterprises qualifying on either side only."""
    matched = []
    for side in sides:
        if side is None:  # no published version in force: nobody qualifies before
            matched.append([])
            continue
        version = PolicyVersion(policy=policy, number=0, criteria=side)
        matched.append(match_policy(version, as_of=as_of, queryset=scope))
    union = sorted(set(matched[0]) | set(matched[1]))
    ids = np.asarray(union, dtype=np.int64)
    masks = [np.isin(ids, np.asarray(m, dtype=np.int64)) for m in matched]
    fens, knowns = _amounts(scope, union, formulas, as_of)
    return ids, masks, fens, knowns


def _by_frame(policy, scope, sides, formulas, as_of):
    """Small scopes: the facts of the whole scope loaded once (three queries) and both
    criteria and both formulas evaluated over the columns (``match_mask``, the same batch as
    ``match_policy``'s fallback). The SQL query's cost grows with the whole registry, not
    with the scope (see docs/policies.md, "Policy sandbox")."""
    ids, frame = facts_frame(scope, as_of)
    ids = np.asarray(ids, dtype=np.int64)
    masks = [
        np.zeros(len(ids), dtype=bool)
        if side is None
        else match_mask(compile_criteria(side, CATALOG), frame)
        for side in sides
    ]
    union = masks[0] | masks[1]
    fens, knowns = [], []
    for formula in formulas:
        if formula is None:
            fens.append(np.zeros(int(union.sum()), dtype=np.int64))
            knowns.append(np.zeros(int(union.sum()), dtype=bool))
            continue
        fen, known = amounts_fen(compile_formula(formula, CATALOG), frame)
        fens.append(fen[union])
        knowns.append(known[union])
    return ids[union], [mask[union] for mask in masks], fens, knowns


def compare(
    *,
    user,
    policy: Policy,
    criteria: Any,
    formula: Any,
    as_of: datetime.date,
    draft: PolicyVersion | None = None,
    top: int = TOP_CHANGED,
    shown: int = SHOWN,
) -> SandboxResult:
    """Compare ``criteria``/``formula`` (a draft's, or being edited) with the version of
    ``policy`` in force on ``as_of``, over the enterprises ``user`` may see in its zone.

    Only the policy's zone officials (PermissionDeniedError otherwise). Invalid criteria raise
    ``CriteriaError`` (validate first to show a message). ``draft``: the saved draft, when the
    definition is its own (shown with its number). Saves nothing."""
    if not rules.can_manage(user, policy):
        raise PermissionDeniedError(_("Only the zone's officials manage its policies."))
    compile_criteria(criteria, CATALOG)  # invalid criteria fail here, before any query
    scope = _scope(user, policy)
    scope_count = scope.count()
    published = version_in_force(policy, as_of)
    sides = (published.criteria if published else None, criteria)
    formulas = (published.formula if published else None, formula)
    by = _by_frame if scope_count <= FRAME_MAX else _by_sql
    amounts = _Amounts.of(*by(policy, scope, sides, formulas, as_of))
    result = SandboxResult(
        policy=policy,
        as_of=as_of,
        published=published,
        draft=draft,
        criteria=criteria,
        formula=formula,
        scope_count=scope_count,
        **_figures(amounts),
        amounts=amounts,
        scope=scope,
    )
    _fill_rows(result, top=top, shown=shown)
    return result


def _figures(amounts: _Amounts) -> dict[str, Any]:
    """The counts and the exact costs of the comparison."""
    return {
        "count_before": int(amounts.before.sum()),
        "count_after": int(amounts.after.sum()),
        "staying": int(amounts.staying.sum()),
        "entering_count": int(amounts.entering.sum()),
        "leaving_count": int(amounts.leaving.sum()),
        "cost_before": fen_to_yuan(_exact_sum(amounts.fen_before)),
        "cost_after": fen_to_yuan(_exact_sum(amounts.fen_after)),
        "unknown_before": int((amounts.before & ~amounts.known_before).sum()),
        "unknown_after": int((amounts.after & ~amounts.known_after).sum()),
        "changed_count": int(amounts.changed.sum()),
    }


def _fill_rows(result: SandboxResult, *, top: int, shown: int) -> None:
    """The rows of the page: the ``shown`` largest entering and leaving (the leaving with the
    clauses they now fail), the ``top`` largest changes of amount among those staying."""
    amounts, scope = result.amounts, result.scope
    largest_after = _largest(amounts.entering, amounts.fen_after, amounts.known_after, shown)
    largest_before = _largest(amounts.leaving, amounts.fen_before, amounts.known_before, shown)
    change = amounts.fen_after - amounts.fen_before
    picked = np.flatnonzero(amounts.changed)
    biggest = picked[np.argsort(-np.abs(change[picked]), kind="stable")[:top]].tolist()
    rows = _rows(scope, amounts, [*largest_after, *largest_before, *biggest])
    # (an enterprise deleted meanwhile has no row: it is left out of the tables)
    result.entering = [rows[i] for i in largest_after if i in rows]
    leaving = [rows[i] for i in largest_before if i in rows]
    fails = now_fails(scope, result.criteria, [row.enterprise_id for row in leaving], result.as_of)
    result.leaving = [replace(row, now_fails=fails.get(row.enterprise_id, ())) for row in leaving]
    result.changed = [rows[i] for i in biggest if i in rows]


def now_fails(
    scope: QuerySet[Enterprise], criteria: Any, ids: list[int], as_of: datetime.date
) -> dict[int, tuple[str, ...]]:
    """For enterprises that leave (qualify now, not with ``criteria``): the clauses of
    ``criteria`` each one fails, in the words of the calculator's explanation (``研发投入占比
    3.5%, 需 ≥ 4%, 差 0.5 个百分点 (第三条)``), or the facts it lacks. Their facts are read in
    chunks of ids as columns, and each row is explained (only for the ids asked for: the
    firms shown, or the export's chunk)."""
    compiled = compiled_criteria(criteria)
    words = clause_words(criteria)
    chinese = is_chinese()
    found: dict[int, tuple[str, ...]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk_ids, frame = facts_frame(scope.filter(pk__in=ids[start : start + CHUNK]), as_of)
        for row, pk in enumerate(chunk_ids):
            explanation = explain(compiled, frame.record(row))
            found[pk] = tuple(
                _failing_text(clause, words, chinese)
                for clause in explanation.clauses
                if clause.result is not True
            )
    return found


def _failing_text(clause: ClauseResult, words: dict[str, str], chinese: bool) -> str:
    """A clause that does not hold, as the calculator says it: its gap when it compares a
    figure with a threshold, else its label (or the builder's sentence); the facts missing
    when it cannot be decided; then its article."""
    text = (clause.text_zh if chinese else clause.text_en) or clause.label
    text = text or words.get(clause.path) or clause.path
    if clause.result is None:
        names = "、".join(CATALOG[key].label_zh if chinese else CATALOG[key].label_en
                         for key in clause.missing if key in CATALOG)  # fmt: skip
        text = _("%(clause)s: no figure of %(facts)s") % {"clause": text, "facts": names}
    return f"{text} ({clause.article})" if clause.article else text


def _largest(mask: np.ndarray, fen: np.ndarray, known: np.ndarray, count: int) -> list[int]:
    """Row indexes of ``mask``, largest known amount first (unknown last), then by id."""
    picked = np.flatnonzero(mask)
    keys, unknown = fen[picked], ~known[picked]
    if keys.dtype != object:
        order = np.lexsort((-keys, unknown))[:count]  # stable: ids ascending on a tie
    else:
        order = sorted(range(len(picked)), key=lambda i: (bool(unknown[i]), -keys[i]))[:count]
    return [int(picked[i]) for i in order]


def _rows(
    scope: QuerySet[Enterprise], amounts: _Amounts, indexes: list[int]
) -> dict[int, SandboxRow]:
    """SandboxRows for some rows of ``amounts`` (one query for their names)."""
    wanted = {int(amounts.ids[i]): i for i in indexes}
    found = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = list(wanted)[start : start + CHUNK]
        for e in _enterprises(scope, chunk):
            i = wanted[e["pk"]]
            found[i] = _row(e, amounts, i)
    return found


def _enterprises(scope: QuerySet[Enterprise], ids: list[int]) -> Iterator[dict[str, Any]]:
    return (
        scope.filter(pk__in=ids)
        .order_by("pk")
        .values("pk", "name", "uscc", "park__name", "is_sample")
        .iterator(chunk_size=2000)
    )


def _row(values: dict[str, Any], amounts: _Amounts, i: int) -> SandboxRow:
    return SandboxRow(
        enterprise_id=values["pk"],
        name=values["name"],
        uscc=values["uscc"],
        park=values["park__name"] or "",
        is_sample=values["is_sample"],
        amount_before=amounts.amount(i, "before"),
        amount_after=amounts.amount(i, "after"),
    )


# -- export ----------------------------------------------------------------------------------


def export_filename(policy: Policy, as_of: datetime.date) -> str:
    return f"政策沙盒_{policy.pk}_{as_of:%Y%m%d}.xlsx"


def _cell(sheet, value: Any, *, header: bool = False) -> Any:
    if not header:
        return _number(value)
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    cell.fill = HEADER_FILL
    return cell


def _number(value: Any) -> Any:
    """An amount exact in the file: a number, or text past Excel's 15 significant digits."""
    if isinstance(value, Decimal) and len(value.as_tuple().digits) > EXCEL_SIGNIFICANT_DIGITS:
        return str(value)
    return value


def _export_columns() -> list[tuple[str, int]]:
    return [
        (_("Enterprise"), 36),
        (_("Unified social credit code"), 22),
        (_("Park"), 18),
        (_("Amount before (yuan)"), 18),
        (_("Amount after (yuan)"), 18),
        (_("Change (yuan)"), 16),
        (_("Status"), 10),
        (_("Sample data"), 10),
        (_("Now fails (leaving)"), 60),
    ]


def write_export(result: SandboxResult, out: IO[bytes]) -> int:
    """Write the comparison to ``out`` (.xlsx, write-only): a summary sheet with the
    parameters and figures, then the entering, leaving and all enterprises qualifying on
    either side, each with its amounts, and for a leaving one the clauses of the draft it
    fails. Returns the number of enterprise rows written."""
    workbook = Workbook(write_only=True)
    _summary_sheet(workbook, result)
    amounts = result.amounts
    entering, leaving = amounts.entering, amounts.leaving
    status = {"enter": _("Enters"), "leave": _("Leaves"), "stay": _("Stays")}
    fails: dict[int, tuple[str, ...]] = {}  # the leaving firms' clauses, shared by the sheets
    sheets = [
        (_("Entering"), entering),
        (_("Leaving"), leaving),
        (_("All qualifying"), amounts.before | amounts.after),
    ]
    for title, mask in sheets:
        sheet = _list_sheet(workbook, title)
        for values, i in _rows_of(result, np.flatnonzero(mask), leaving, fails):
            row = _row(values, amounts, i)
            kind = "enter" if entering[i] else "leave" if leaving[i] else "stay"
            sheet.append(
                [
                    row.name,
                    row.uscc,
                    row.park,
                    _number(row.amount_before),
                    _number(row.amount_after),
                    _number(row.change),
                    status[kind],
                    _("Yes") if row.is_sample else _("No"),
                    "；".join(fails.get(row.enterprise_id, ())),
                ]
            )
    workbook.save(out)
    return len(amounts.ids)


def _list_sheet(workbook: Workbook, title: str) -> Any:
    """A sheet of enterprises: its column widths, frozen header and the header row."""
    columns = _export_columns()
    sheet = workbook.create_sheet(title[:31])
    for index, (_header, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B2"
    sheet.append([_cell(sheet, header, header=True) for header, _width in columns])
    return sheet


def _rows_of(
    result: SandboxResult,
    picked: np.ndarray,
    leaving: np.ndarray,
    fails: dict[int, tuple[str, ...]],
) -> Iterator[tuple[dict[str, Any], int]]:
    """The enterprise values and row index of each picked row, a chunk of ids at a time;
    the leaving firms of each chunk get their failed clauses into ``fails`` first (their
    facts read for the chunk only)."""
    amounts = result.amounts
    for start in range(0, len(picked), CHUNK):
        part = picked[start : start + CHUNK]
        by_id = {int(amounts.ids[i]): int(i) for i in part}
        wanted = [pk for pk, i in by_id.items() if leaving[i] and pk not in fails]
        if wanted:
            fails.update(now_fails(result.scope, result.criteria, wanted, result.as_of))
        for values in _enterprises(result.scope, list(by_id)):
            yield values, by_id[values["pk"]]


def _summary_sheet(workbook: Workbook, result: SandboxResult) -> None:
    sheet = workbook.create_sheet(_("Summary"))
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 40
    published = result.published
    rows = [
        (_("Policy"), result.policy.title),
        (_("As of"), result.as_of),
        (
            _("Published version"),
            f"v{published.number}" if published else _("No version in force"),
        ),
        (
            _("Compared with"),
            _("Draft version %(number)s") % {"number": result.draft.number}
            if result.draft
            else _("Criteria being edited (not saved)"),
        ),
        (_("Enterprises in scope"), result.scope_count),
        (_("Qualify now"), result.count_before),
        (_("Qualify with the draft"), result.count_after),
        (_("Entering"), result.entering_count),
        (_("Leaving"), result.leaving_count),
        (_("Staying"), result.staying),
        (_("Estimated cost now (yuan)"), _number(result.cost_before)),
        (_("Estimated cost with the draft (yuan)"), _number(result.cost_after)),
        (_("Difference (yuan)"), _number(result.cost_difference)),
    ]
    sheet.append([_cell(sheet, _("Item"), header=True), _cell(sheet, _("Value"), header=True)])
    for label, value in rows:
        sheet.append([label, value])


def sandbox_export(
    *,
    user,
    policy: Policy,
    criteria: Any,
    formula: Any,
    as_of: datetime.date,
    draft: PolicyVersion | None = None,
    out: IO[bytes],
) -> SandboxResult:
    """Compare, write the comparison to ``out`` (.xlsx) and record the export
    (``policies.sandbox.export``): the enterprise list leaves the platform."""
    result = compare(
        user=user, policy=policy, criteria=criteria, formula=formula, as_of=as_of, draft=draft
    )
    count = write_export(result, out)
    with transaction.atomic():
        record(
            action="policies.sandbox.export",
            actor=user,
            obj=policy,
            summary=_(
                "Exported the sandbox comparison of the policy %(title)s (%(count)s enterprises)"
            )
            % {"title": policy.title, "count": count},
            data={
                **result.parameters(),
                "rows": count,
                "entering": result.entering_count,
                "leaving": result.leaving_count,
                "cost_before": result.cost_before,
                "cost_after": result.cost_after,
            },
        )
    return result
