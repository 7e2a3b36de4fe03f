"""The first-set supervision API (mounted by api.py under /api/firstset): the same scoping,
figures and rule as the pages. Zone officials and auditors read their zone's qualifications,
provincial reviewers their province's; any other role 403, anonymous 401."""

import datetime

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from gaoxin.core.api import ApiPagination, ErrorOut

from . import selectors_supervision as selectors
from . import supervision
from .rules import can_supervise

router = Router(tags=["firstset"])
READ_ERRORS = {401: ErrorOut, 403: ErrorOut}
MONEY = "Yuan, a decimal string"


class FirstsetSupervisionFilters(Schema):
    round: int | None = Field(None, ge=1, le=2**31 - 1, description="A round's id")
    unit: str | None = Field(None, max_length=200, description="A recommending unit (工信局)")
    at_risk: bool = Field(False, description="Only the qualifications at risk")

    def as_filters(self) -> dict:
        return {"round": self.round, "unit": (self.unit or "").strip(), "at_risk": self.at_risk}


class FirstsetSupervisionRowOut(Schema):
    qualification: int
    number: str
    enterprise: int
    enterprise_name: str
    equipment_name: str
    recommending_unit: str
    round_year: int
    status: str
    cap: str | None = Field(description=MONEY)
    allocated: str = Field(description=MONEY)
    paid: str = Field(description="Disbursed on the claims' commitments, yuan")
    remaining: str | None = Field(description=MONEY)
    valid_from: datetime.date
    valid_to: datetime.date
    days_left: int
    window_elapsed: str = Field(description="Share of the window elapsed, 0..1")
    cap_used: str | None = Field(description="Share of the cap allocated, 0..1")
    state: str = Field(description="on_track, at_risk, lapsed, not_started or revoked")
    at_risk: bool


class FirstsetSupervisionUnitOut(Schema):
    unit: str = Field(description="The recommending unit; '' when not recorded")
    qualifications: int
    cap: str = Field(description=MONEY)
    allocated: str
    paid: str
    remaining: str
    at_risk: int
    amount_at_risk: str
    lapsed_remainder: str
    revoked: int
    pace: str


class FirstsetSupervisionReportOut(Schema):
    units: list[FirstsetSupervisionUnitOut]
    total: FirstsetSupervisionUnitOut


class FirstsetBanOut(Schema):
    id: int
    enterprise: int
    enterprise_name: str
    qualification: int | None
    starts_on: datetime.date
    ends_on: datetime.date
    reason: str


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def _require(user) -> None:
    if not can_supervise(user):
        raise PermissionDenied


def row_body(row: supervision.Row) -> dict:
    q = row.qualification
    return {
        "qualification": q.pk,
        "number": q.number,
        "enterprise": q.enterprise_id,
        "enterprise_name": q.enterprise.name,
        "equipment_name": q.equipment_name,
        "recommending_unit": q.recommending_unit,
        "round_year": q.round.year,
        "status": q.status,
        "cap": _money(q.cap),
        "allocated": _money(q.used),
        "paid": _money(row.paid),
        "remaining": _money(q.remaining),
        "valid_from": q.valid_from,
        "valid_to": q.valid_to,
        "days_left": row.days_left,
        "window_elapsed": f"{row.elapsed:.4f}",
        "cap_used": None if row.used_share is None else f"{row.used_share:.4f}",
        "state": row.state,
        "at_risk": row.at_risk,
    }


def unit_body(line: supervision.UnitLine) -> dict:
    money = ("cap", "allocated", "paid", "remaining", "amount_at_risk", "lapsed_remainder")
    return {
        "unit": line.unit,
        "qualifications": line.qualifications,
        "at_risk": line.at_risk,
        "revoked": line.revoked,
        "pace": line.pace,
        **{name: _money(getattr(line, name)) for name in money},
    }


@router.get(
    "/supervision",
    response={200: list[FirstsetSupervisionRowOut], **READ_ERRORS},
    summary="Supervision of the caps' spending",
    description=(
        "Per qualification: cap, allocated, paid, remaining, days left of the window and the "
        "at-risk flag (less than half of the cap allocated with less than a quarter of the "
        "window left). Zone officials and auditors (their zone), provincial reviewers (their "
        "province)."
    ),
)
@paginate(ApiPagination)
def list_supervision(request, filters: Query[FirstsetSupervisionFilters]):
    _require(request.auth)
    wanted = filters.as_filters()
    rows = supervision.rows_of(selectors.supervision_list(request.auth, filters=wanted))
    if wanted["at_risk"]:
        rows = [r for r in rows if r.at_risk]
    return [row_body(r) for r in rows]


@router.get(
    "/supervision/report",
    response={200: FirstsetSupervisionReportOut, **READ_ERRORS},
    summary="The report per recommending unit (工信局)",
    description="One line per recommending unit and the totals; revoked ones counted apart.",
)
def supervision_report(request, filters: Query[FirstsetSupervisionFilters]):
    _require(request.auth)
    rows = supervision.rows_of(
        selectors.supervision_list(request.auth, filters=filters.as_filters())
    )
    lines, total = supervision.report(rows)
    return {"units": [unit_body(line) for line in lines], "total": unit_body(total)}


@router.get(
    "/bans",
    response={200: list[FirstsetBanOut], **READ_ERRORS},
    summary="Bans on applying to the first-set program",
    description="The bans of the enterprises the user supervises, newest first.",
)
@paginate(ApiPagination)
def list_bans(request):
    _require(request.auth)
    return [
        {
            "id": b.pk,
            "enterprise": b.enterprise_id,
            "enterprise_name": b.enterprise.name,
            "qualification": b.qualification_id,
            "starts_on": b.starts_on,
            "ends_on": b.ends_on,
            "reason": b.reason,
        }
        for b in selectors.visible_bans(request.auth)
    ]
