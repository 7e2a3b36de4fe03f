"""The policy API, mounted at /api/policies.

- ``GET ""``: published policies (public);
- ``POST /evaluate``: criteria + formula + facts → the explanation and the amount (public, a
  pure calculation over the facts catalog; nothing is read from or written to the database);
- ``GET /calculator?enterprise=<id>&as_of=<date>``: the policy calculator for an enterprise in
  the caller's scope (an enterprise user's own without ``enterprise``), as the page shows it;
- ``POST /calculator/what-if``: the same with some facts changed, and what changes (saves
  nothing);
- ``GET /{id}``: a published (or expired) policy with its articles and version in force (public);
- ``GET /{id}/matches``: the enterprises in the caller's scope meeting it (zone officials and park
  operators).
"""

import json
import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from gaoxin.accounts.rules import is_park_operator, is_zone_official
from gaoxin.core.api import AS_OF_PATTERN, ID_MAX, ApiPagination, IdPath, as_of_field, id_field
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.scoping import visible_enterprises
from gaoxin.firstset.display import localized
from rulebook.criteria import (
    CriteriaError,
    compile_criteria,
    compile_formula,
    evaluate_amount,
    explain,
)

from . import selectors, whatif
from .calculator import Calculation
from .matching.catalog import CATALOG, FACT_KEYS
from .matching.facts import enterprise_facts
from .matching.match import match_policy
from .models import DecimalJSONEncoder, Policy
from .views.public import run_calculator, run_what_if

router = Router(tags=["policies"])


class PolicyOut(Schema):
    id: int
    title: str
    issuing_body: str
    doc_number: str
    published_on: str | None
    summary: str
    tags: list[str]
    delivery_mode: str
    is_sample: bool


def _facts_schema() -> dict[str, Any]:
    """`facts`: an object whose keys are the facts catalog's (docs/policies.md); each value is
    read by the fact's type (`whatif.parse_value`), null makes it unknown."""
    return {
        "type": "object",
        "propertyNames": {"enum": list(FACT_KEYS)},
        "description": "Fact key → value (decimal string or number, boolean, YYYY-MM-DD, list)",
    }


EVALUATE_BODY = {
    "type": "object",
    "required": ["criteria"],
    "properties": {
        "criteria": {"description": "JSON Logic over the facts catalog (docs/policies.md)"},
        "formula": {"description": "JSON Logic giving the amount, or null"},
        "facts": {"type": "object", "description": "Fact key → value"},
    },
}
WHAT_IF_BODY = {
    "type": "object",
    "properties": {
        "enterprise": {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": ID_MAX},
                {"type": "string", "pattern": r"^([1-9]\d{0,17})?$"},
                {"type": "null"},
            ],
            "description": "The enterprise's id; optional for an enterprise user (its own)",
        },
        "as_of": {"type": "string", "pattern": AS_OF_PATTERN},
        "facts": _facts_schema(),
    },
}


ENTERPRISE_ID_RE = re.compile(r"[1-9][0-9]{0,17}")


def _json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


class AsOfQuery(Schema):
    as_of: str = as_of_field()


class CalculatorQuery(AsOfQuery):
    enterprise: int | None = id_field(
        None, description="The enterprise's id (an enterprise user's own when absent)"
    )


class InvalidCriteriaError(DomainError):
    status = 422

    def __init__(self, error: CriteriaError, prefix: str):
        path = f"{prefix}.{error.path}" if prefix else error.path
        super().__init__(
            localized(error.message_zh, error.message_en), code="invalid_criteria", field=path
        )


def _policy(policy) -> dict[str, Any]:
    return {
        "id": policy.pk,
        "title": policy.title,
        "issuing_body": policy.issuing_body,
        "doc_number": policy.doc_number,
        "published_on": policy.published_on.isoformat() if policy.published_on else None,
        "summary": policy.summary,
        "tags": policy.tag_list,
        "delivery_mode": policy.delivery_mode,
        "is_sample": policy.is_sample,
    }


@router.get(
    "",
    auth=None,
    response=list[PolicyOut],
    summary="List published policies",
    description="Published policies, filtered by `q` (title, summary, document number) and `tag`.",
)
def list_policies(request, q: str = "", tag: str = ""):
    return [_policy(p) for p in selectors.published_policies({"q": q, "tag": tag})]


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _clause(c) -> dict[str, Any]:
    return {
        "path": c.path,
        "result": c.result,
        "article": c.article,
        "label": c.label,
        "text_zh": c.text_zh,
        "text_en": c.text_en,
        "value": _money(c.value),
        "threshold": _money(c.threshold),
        "gap": _money(c.gap),
    }


def _facts(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise DomainError(_("The facts must be an object."), code="invalid_facts", field="facts")
    facts = {}
    for key, value in raw.items():
        if key in CATALOG and CATALOG[key].type == "set" and isinstance(value, list):
            value = set(value)
        facts[key] = value
    return facts


@router.post(
    "/evaluate",
    auth=None,
    summary="Explain criteria and a formula for one set of facts",
    description=(
        'Body: `{"criteria": <JSON Logic>, "formula": <JSON Logic or null>, "facts": {...}}` '
        "over the facts catalog (docs/policies.md). Answers the status (met, nearly_met, "
        "not_met, unknown), each clause with its article, value, threshold and gap, the facts "
        "to ask for, and the estimated amount (a decimal string). Invalid criteria are a 422 "
        "naming the clause (`criteria.and[1].>=[0]`). A pure calculation; public."
    ),
    openapi_extra=_json_body(EVALUATE_BODY),
)
def evaluate_criteria(request):
    try:
        body = json.loads(request.body or b"", parse_float=Decimal)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DomainError(
            _("The request body is not valid JSON."), code="invalid_json", field=""
        ) from exc
    if not isinstance(body, dict) or "criteria" not in body:
        raise DomainError(_("Send criteria and facts."), code="invalid", field="criteria")
    facts = _facts(body.get("facts", {}))
    for name in ("criteria", "formula"):
        compiler = compile_formula if name == "formula" else compile_criteria
        if body.get(name) is not None:
            try:
                compiler(body[name], CATALOG)
            except CriteriaError as exc:
                raise InvalidCriteriaError(exc, name) from exc
    try:
        explanation = explain(compile_criteria(body["criteria"], CATALOG), facts)
        amount = None
        if body.get("formula") is not None:
            amount = evaluate_amount(compile_formula(body["formula"], CATALOG), facts)
    except CriteriaError as exc:  # a fact of the wrong type
        raise InvalidCriteriaError(exc, "") from exc
    return JsonResponse(
        {
            "status": explanation.status,
            "clauses": [_clause(c) for c in explanation.clauses],
            "failing": [c.path for c in explanation.failing],
            "missing": explanation.missing,
            "amount": _money(amount),
        },
        json_dumps_params={"ensure_ascii": False},
    )


def calculation_body(enterprise, calculation: Calculation) -> dict[str, Any]:
    return {
        "enterprise": {"id": enterprise.pk, "name": enterprise.name},
        "as_of": calculation.as_of.isoformat(),
        "total": str(calculation.total),
        "mode": "estimate",
        "unverified_facts": [key for key in FACT_KEYS if key in calculation.unverified],
        "results": [
            {
                "policy": {"id": r.policy.pk, "title": r.policy.title},
                "version": r.version.number,
                "version_effective_from": r.version.effective_from.isoformat(),
                "status": r.status,
                "amount": _money(r.amount),
                "missing": r.missing,
                "clauses": [
                    {"article": c.article, "label": c.label, "result": c.result, "text": c.text}
                    for c in r.clauses
                ],
                "gaps": [c.text for c in r.failing] if r.status == "nearly_met" else [],
                "unverified": r.unverified,
            }
            for r in calculation.results
        ],
    }


def _json(body: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


@router.get(
    "/calculator",
    summary="The policy calculator for one enterprise",
    description=(
        "Every published policy for the enterprise (`enterprise`, within the caller's scope; an "
        "enterprise user's own without it): status, gaps, amounts and the total. `as_of` "
        "(YYYY-MM-DD, today by default) evaluates each policy's version in force on that date "
        "over the enterprise's facts as of that date; each result names its `version`. An "
        "invalid date is a 422 on `as_of`. The calculator is an *estimate*: the enterprise's "
        "declarations awaiting verification are used (`unverified_facts` names the facts they "
        "change) and a result that differs from the one on verified facts alone has "
        "`unverified: true`; no decision reads it."
    ),
)
def calculator(request, query: Query[CalculatorQuery]):
    day = whatif.parse_as_of(query.as_of)
    enterprise = None if query.enterprise is None else str(query.enterprise)
    found, calculation = run_calculator(request.auth, enterprise, day)
    return _json(calculation_body(found, calculation))


def _body(request) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"", parse_float=Decimal)
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError) as exc:
        raise DomainError(
            _("The request body is not valid JSON."), code="invalid_json", field=""
        ) from exc
    if not isinstance(body, dict):
        raise DomainError(_("Send a JSON object."), code="invalid", field="")
    return body


def _enterprise_id(raw: Any) -> str | None:
    """The body's `enterprise`: an id (a whole number from 1 to 2**63 - 1, or up to 18 digits
    as text), or null or "" (an enterprise user's own); anything else is a 422 naming it."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, int) and not isinstance(raw, bool) and 0 < raw <= ID_MAX:
        return str(raw)
    if isinstance(raw, str) and ENTERPRISE_ID_RE.fullmatch(raw):
        return raw
    raise ValidationError(
        {"enterprise": [_("Enter the id of an enterprise (a whole number from 1).")]}
    )


@router.post(
    "/calculator/what-if",
    summary="The calculator with some facts changed (what if)",
    description=(
        'Body: `{"enterprise": <id, optional for an enterprise user>, "as_of": "YYYY-MM-DD" '
        '(optional), "facts": {"<fact key>": <value>, ...}}`. The facts not sent keep the '
        "enterprise's values; `null` makes a fact unknown. Money, percent (points) and numbers "
        "as decimal strings or JSON numbers (read as decimals), booleans, dates as "
        "YYYY-MM-DD, `qualifications` as a list of kinds. Answers the calculator's body for "
        "the changed facts plus `changes`: the facts that differ, each policy whose status or "
        "amount differs (`change`: starts, stops, status, amount) and the totals. Saves "
        "nothing. An invalid value is a 422 naming `facts.<key>`."
    ),
    openapi_extra=_json_body(WHAT_IF_BODY),
)
def calculator_what_if(request):
    body = _body(request)
    as_of = body.get("as_of")
    if as_of is not None and not isinstance(as_of, str):
        raise whatif.AsOfError(str(as_of))
    day = whatif.parse_as_of(as_of or "")
    facts = body.get("facts", {})
    if not isinstance(facts, dict):
        raise DomainError(_("The facts must be an object."), code="invalid_facts", field="facts")
    enterprise = _enterprise_id(body.get("enterprise"))
    run = run_what_if(request.auth, enterprise, day, facts, strict_keys=True)
    if run.errors:
        raise ValidationError({f"facts.{e.key}": [e.message] for e in run.errors})
    body = calculation_body(run.enterprise, run.what_if)
    body["changes"] = whatif.comparison_body(run.comparison)
    return _json(body)


def _version(version) -> dict[str, Any] | None:
    if version is None:
        return None
    return {
        "number": version.number,
        "effective_from": version.effective_from.isoformat(),
        "effective_to": version.effective_to.isoformat() if version.effective_to else None,
        "criteria": version.criteria,
        "formula": version.formula,
    }


@router.get(
    "/{int:policy_id}",
    auth=None,
    summary="One policy with its articles and the version in force",
    description=(
        "A published (or expired, `status`) policy: its fields, its articles and the version "
        "in force on `as_of` (YYYY-MM-DD, today by default; `null` when none) with its "
        "criteria and formula (JSON Logic). Public. A draft or unknown id is a 404."
    ),
)
def get_policy(request, policy_id: IdPath, query: Query[AsOfQuery]):
    day = whatif.parse_as_of(query.as_of)
    try:
        policy = selectors.public_policy_get(pk=policy_id)
    except Policy.DoesNotExist as exc:
        raise Http404 from exc
    body = {
        **_policy(policy),
        "status": policy.status,
        "articles": [{"number": a.number, "text": a.text} for a in policy.articles.all()],
        "as_of": day.isoformat(),
        "version": _version(selectors.version_in_force(policy, day)),
    }
    return JsonResponse(body, encoder=_Encoder, json_dumps_params={"ensure_ascii": False})


class _Encoder(DecimalJSONEncoder):
    """Criteria numbers as JSON numbers (exactly, as stored)."""


class MatchOut(Schema):
    id: int
    name: str
    uscc: str
    amount: str | None


class _MatchRows:
    """The matched ids as a sequence the paginator slices: only the page's rows are read and
    their amounts computed."""

    def __init__(self, ids: list[int], version, as_of):
        self.ids, self.version, self.as_of = ids, version, as_of

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return match_rows(self.ids[index], self.version, self.as_of)
        return match_rows([self.ids[index]], self.version, self.as_of)[0]


def match_rows(ids: list[int], version, as_of) -> list[dict[str, Any]]:
    """Id, name, credit code and estimated amount of the enterprises ``ids`` (in that order):
    the version's formula over each one's facts (one page at a time, so a few dozen rows)."""
    if not ids:
        return []
    enterprises = Enterprise.objects.filter(pk__in=ids).select_related("park").in_bulk()
    formula = None
    if version.formula is not None:
        formula = compile_formula(version.formula, CATALOG)
    rows = []
    for pk in ids:
        enterprise = enterprises.get(pk)
        if enterprise is None:
            continue
        amount = None
        if formula is not None:
            amount = evaluate_amount(formula, enterprise_facts(enterprise, as_of))
        rows.append(
            {"id": pk, "name": enterprise.name, "uscc": enterprise.uscc, "amount": _money(amount)}
        )
    return rows


@router.get(
    "/{int:policy_id}/matches",
    response=list[MatchOut],
    summary="The enterprises in your scope that meet a policy",
    description=(
        "For zone officials and park operators (others 403): the enterprises you may see "
        "(a park operator: those of its parks) that meet the policy's version in force on "
        "`as_of` (YYYY-MM-DD, today by default), by id, with name, credit code and estimated "
        "amount (decimal string, null without a formula). Paginated (`page`, `page_size`). "
        "A policy of another zone, a draft, or one without a version in force on that date "
        "is a 404."
    ),
)
@paginate(ApiPagination)
def policy_matches(request, policy_id: IdPath, query: Query[AsOfQuery]):
    user = request.auth
    if not (is_zone_official(user) or is_park_operator(user)):
        raise PermissionDeniedError(
            _("Only zone officials and park operators see which enterprises meet a policy.")
        )
    day = whatif.parse_as_of(query.as_of)
    try:
        policy = selectors.zone_policy_for_matches(user, policy_id)
    except Policy.DoesNotExist as exc:
        raise Http404 from exc
    version = selectors.version_in_force(policy, day)
    if version is None:
        raise Http404
    ids = match_policy(version, as_of=day, queryset=visible_enterprises(user).zone_members())
    return _MatchRows(ids, version, day)
