"""The expert API, mounted at /api/experts: the same permissions and selectors as the pages.
The pool is for the zone's officials and auditor; a draw also for the province's reviewers
(403 for other roles, 401 anonymous; another zone's draw is 404)."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from gaoxin.core.api import ApiPagination, ErrorOut, IdPath
from gaoxin.core.errors import PermissionDeniedError

from . import rules, selectors, services
from .models import Draw, Expert
from .schemas import DrawOut, ExpertOut

router = Router(tags=["experts"])
READ_ERRORS = {401: ErrorOut, 403: ErrorOut}


class ExpertFilters(Schema):
    q: str = ""
    field: str = ""
    active: str = ""


def expert_body(expert: Expert) -> dict:
    return {
        "id": expert.pk,
        "name": expert.name,
        "title": expert.title,
        "organisation": expert.affiliation,
        "organisation_id": expert.organisation_id,
        "fields": expert.fields,
        "active": expert.active,
        "scores_online": expert.user_id is not None,
        "is_sample": expert.is_sample,
    }


def _text(value) -> str | None:
    return None if value is None else str(value)


def _aggregate_body(draw: Draw) -> dict:
    agg = services.aggregate(draw)
    return {
        "expected": agg.expected,
        "submitted": agg.submitted,
        "mean": _text(agg.mean),
        "spread": _text(agg.spread),
        "stdev": _text(agg.stdev),
        "threshold": str(agg.threshold),
        "disagree": agg.disagree,
        "complete": agg.complete,
    }


def _assignments(draw: Draw) -> list[dict]:
    return [
        {
            "id": a.pk,
            "expert": a.expert_id,
            "expert_name": a.expert.name,
            "status": a.status,
            "scores": a.scores,
            "total": _text(a.total),
            "submitted_at": a.submitted_at,
        }
        for a in draw.assignments.select_related("expert")
    ]


def draw_body(draw: Draw) -> dict:
    return {
        "id": draw.pk,
        "subject_type": f"{draw.content_type.app_label}.{draw.content_type.model}",
        "subject_id": draw.object_id,
        "enterprise": draw.enterprise_id,
        "enterprise_name": draw.enterprise.name,
        "policy": draw.policy_id,
        "fields": draw.fields,
        "n": draw.n,
        "seed": str(draw.seed),
        "pool": draw.pool,
        "excluded": [
            {
                **{k: row[k] for k in ("expert", "name", "reason", "text")},
                "reason_label": row["label"],
            }
            for row in draw.excluded_rows
        ],
        "drawn": draw.drawn,
        "replayed_same": services.draw_replay(draw) == list(draw.drawn),
        "lookback_days": draw.lookback_days,
        "drawn_at": draw.drawn_at,
        "items": draw.sheet_items,
        "assignments": _assignments(draw),
        "aggregate": _aggregate_body(draw),
    }


@router.get(
    "",
    response={200: list[ExpertOut], **READ_ERRORS},
    summary="Your zone's expert pool",
    description=(
        "Zone officials and the auditor. `q` searches name, organisation, title and fields; "
        "`field` one field (e.g. 医疗器械); `active` 1 or 0. Contact details are not included."
    ),
)
@paginate(ApiPagination)
def list_experts(request, filters: Query[ExpertFilters]):
    if not rules.can_view_pool(request.auth):
        raise PermissionDeniedError(_("The expert pool is for the zone's officials and auditor."))
    experts = selectors.expert_search(
        request.auth, q=filters.q.strip(), field=filters.field.strip(), active=filters.active
    )
    return [expert_body(e) for e in experts]


@router.get(
    "/draws/{int:draw_id}",
    response={200: DrawOut, **READ_ERRORS, 404: ErrorOut},
    summary="One draw: seed, pool, exclusions, drawn experts, scores and their aggregate",
    description=(
        "`random.Random(int(seed)).sample(pool, n)` recomputes `drawn`; `replayed_same` says the "
        "server did so and got the same ids."
    ),
)
def get_draw(request, draw_id: IdPath):
    if not rules.can_view_draws(request.auth):
        raise PermissionDeniedError(_("Draws are for the zone's officials, auditor and reviewers."))
    draw = (
        selectors.visible_draws(request.auth)
        .select_related("content_type")
        .filter(pk=draw_id)
        .first()
    )
    if draw is None:
        raise Http404
    return draw_body(draw)
