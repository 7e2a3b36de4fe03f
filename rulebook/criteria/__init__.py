"""Policy criteria and benefit formulas as data (issue 3, items 3, 4(a), 4(b) in memory, 9).

Django-free. A criteria definition is a JSON Logic subset (:mod:`.logic`) checked against a
:class:`~.facts.FactCatalog`; one compiled definition has two evaluations that agree exactly:
:func:`~.explain.explain` per record and :func:`~.batch.match_batch` over columns. See
``docs/criteria.md``.
"""

from rulebook.criteria.batch import (
    CodeColumn,
    Frame,
    NumericColumn,
    SetColumn,
    match_batch,
    match_mask,
)
from rulebook.criteria.errors import CriteriaError
from rulebook.criteria.explain import ClauseResult, Explanation, evaluate_amount, explain
from rulebook.criteria.facts import Fact, FactCatalog
from rulebook.criteria.logic import Criteria, Formula, compile_criteria, compile_formula

__all__ = [
    "ClauseResult",
    "CodeColumn",
    "Criteria",
    "CriteriaError",
    "Explanation",
    "Fact",
    "FactCatalog",
    "Formula",
    "Frame",
    "NumericColumn",
    "SetColumn",
    "compile_criteria",
    "compile_formula",
    "evaluate_amount",
    "explain",
    "match_batch",
    "match_mask",
]
