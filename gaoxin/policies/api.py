"""The policy API, mounted at /api/policies.

- ``GET ""``: published policies (public);
- ``POST /evaluate``: criteria + formula + facts → the explanation and the amount (public, a
  pure calculation over the facts catalog; nothing is read from or written to the database);
- ``GET /calculator?enterprise=<id>``: the policy calculator for an enterprise in the caller's
  scope (an enterprise user's own without ``enterprise``), as the page shows it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.http import JsonResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from gaoxin.core.errors import DomainError
from gaoxin.firstset.display import localized
from rulebook.criteria import (
    CriteriaError,
    compile_criteria,
    compile_formula,
    evaluate_amount,
    explain,
)

from . import selectors
from .calculator import Calculation
from .facts import CATALOG
from .views import run_calculator

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
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
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
        "results": [
            {
                "policy": {"id": r.policy.pk, "title": r.policy.title},
                "version": r.version.number,
                "status": r.status,
                "amount": _money(r.amount),
                "missing": r.missing,
                "clauses": [
                    {"article": c.article, "label": c.label, "result": c.result, "text": c.text}
                    for c in r.clauses
                ],
                "gaps": [c.text for c in r.failing] if r.status == "nearly_met" else [],
            }
            for r in calculation.results
        ],
    }


@router.get(
    "/calculator",
    summary="The policy calculator for one enterprise",
    description=(
        "Every published policy for the enterprise (`enterprise`, within the caller's scope; an "
        "enterprise user's own without it): status, gaps, amounts and the total."
    ),
)
def calculator(request, enterprise: str = ""):
    found, calculation = run_calculator(request.auth, enterprise or None)
    return JsonResponse(
        calculation_body(found, calculation), json_dumps_params={"ensure_ascii": False}
    )
