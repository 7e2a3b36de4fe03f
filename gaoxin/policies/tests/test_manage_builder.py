"""The builder tree (gaoxin/policies/builder.py): the demo policies' criteria and formulas read
into rows and write back exactly; what the rows cannot show is refused (→ the advanced
textarea); the sentences of the staff pages; the clause an engine error path is inside."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.utils import translation

from gaoxin.policies.builder import (
    Unsupported,
    clause_sentence,
    criteria_to_tree,
    describe_formula,
    formula_to_tree,
    tree_to_criteria,
    tree_to_formula,
)
from gaoxin.policies.demo import POLICIES
from gaoxin.policies.matching.catalog import CATALOG
from gaoxin.policies.models import DecimalJSONDecoder, DecimalJSONEncoder
from rulebook.criteria import compile_criteria

from .conftest import RND_FORMULA


def _stored(value):
    """The value as the model stores and reads it back (Decimals, no floats)."""
    return json.loads(json.dumps(value, cls=DecimalJSONEncoder), cls=DecimalJSONDecoder)


@pytest.mark.parametrize("spec", POLICIES, ids=[p["title"] for p in POLICIES])
def test_demo_policies_round_trip(spec):
    criteria, formula = _stored(spec["criteria"]), _stored(spec["formula"])
    tree = criteria_to_tree(criteria)
    assert json.loads(json.dumps(tree)) == tree  # plain JSON for the page's script
    assert tree_to_criteria(tree) == criteria
    assert tree_to_formula(formula_to_tree(formula)) == formula


def test_groups_not_and_lists_round_trip():
    criteria = _stored(
        {
            "or": [
                {
                    "!": {
                        "and": [{">=": [{"var": "employees"}, 10]}, {"<": [{"var": "revenue"}, 5]}]
                    }
                },
                {"in": [{"var": "stage"}, ["production", "sales"]]},
                {"!": {"in": ["srdi", {"var": "qualifications"}]}},
                {
                    "clause": {"article": "第二条", "label": "占比"},
                    "rule": {"<=": [{"var": "rnd_ratio"}, Decimal("2.75")]},
                },
            ]
        }
    )
    tree = criteria_to_tree(criteria)
    assert tree["op"] == "or" and tree["children"][0]["not"] is True
    assert tree["children"][3]["value"] == "2.75"
    assert tree_to_criteria(tree) == criteria
    compile_criteria(tree_to_criteria(tree), CATALOG)


@pytest.mark.parametrize(
    "criteria",
    [
        {">=": [{"/": [{"var": "rnd_expense"}, {"var": "revenue"}]}, Decimal("0.03")]},
        {">=": [{"var": ["rnd_ratio", 0]}, 3]},
        {">=": [3, {"var": "rnd_ratio"}]},
        {"clause": {"label": "x"}, "rule": {"and": [{">=": [{"var": "employees"}, 1]}]}},
        {"<": [1, {"var": "employees"}, 5]},
        {"and": []},
    ],
)
def test_what_the_rows_cannot_show_is_refused(criteria):
    with pytest.raises(Unsupported):
        criteria_to_tree(criteria)


def test_formulas_outside_the_presets_are_refused():
    with pytest.raises(Unsupported):
        formula_to_tree(RND_FORMULA)
    assert formula_to_tree(None) == {"mode": "none"}
    assert formula_to_tree(300000) == {"mode": "fixed", "amount": "300000"}


def test_numbers_are_written_exactly():
    tree = {
        "kind": "group",
        "op": "and",
        "not": False,
        "children": [
            {"kind": "clause", "fact": "revenue", "op": ">", "value": "12345678901234.56",
             "article": "", "label": ""},
        ],
    }  # fmt: skip
    value = tree_to_criteria(tree)["and"][0][">"][1]
    assert value == Decimal("12345678901234.56") and isinstance(value, Decimal)
    with pytest.raises(ValueError):
        tree_to_criteria({**tree, "children": [{**tree["children"][0], "value": "1e5"}]})


def test_sentences():
    with translation.override("zh-hans"):
        assert (
            clause_sentence({"fact": "rnd_ratio", "op": ">=", "value": "3"}) == "研发投入占比 ≥ 3%"
        )
        assert clause_sentence({"fact": "rnd_expense", "op": ">=", "value": "500000"}) == (
            "研发费用 ≥ 500,000 元"
        )
    with translation.override("en"):
        assert describe_formula(_stored(POLICIES[0]["formula"])) == (
            "10% of R&D expense, at most 5,000,000 yuan"
        )
        assert describe_formula(300000) == "Fixed amount: 300,000 yuan"
        assert describe_formula(RND_FORMULA) == "min((rnd_expense / 10), 5,000,000)"
