"""Operator semantics (per record and batch agree) and validation errors with clause paths."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from rulebook.criteria import CriteriaError, explain, match_batch
from rulebook.criteria.logic import compile_criteria
from rulebook.criteria.tests.helpers import CATALOG, crit, parse

D = Decimal
RECORD = {
    "rnd_ratio": D("2.5"),
    "rnd_expense": D("400000.00"),
    "revenue": D("16000000"),
    "employees": 120,
    "hnte": True,
    "founded": datetime.date(2015, 6, 1),
    "industry": "C3911",
    "tags": {"ic", "ai"},
}


def outcome(rule: str, record: dict | None = None) -> str:
    """explain's status, after checking the batch evaluator agrees on the same record."""
    criteria = crit(rule)
    record = RECORD if record is None else record
    status = explain(criteria, record).status
    batch = match_batch(criteria, {key: [value] for key, value in record.items()})
    assert batch == [status == "met"], (rule, status, batch)
    return status


def holds(rule: str, record: dict | None = None) -> bool:
    status = outcome(rule, record)
    assert status in ("met", "not_met", "nearly_met"), status
    return status == "met"


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ('{"and": [true, true]}', True),
        ('{"and": [true, false]}', False),
        ('{"or": [false, true]}', True),
        ('{"or": [false, false]}', False),
        ('{"!": [true]}', False),
        ('{"!": {"var": "hnte"}}', False),
        ('{"==": [{"var": "employees"}, 120]}', True),
        ('{"==": [{"var": "rnd_ratio"}, 2.50]}', True),
        ('{"!=": [{"var": "industry"}, "C3911"]}', False),
        ('{"<": [{"var": "rnd_ratio"}, 3]}', True),
        ('{"<=": [{"var": "rnd_ratio"}, 2.5]}', True),
        ('{">": [{"var": "rnd_ratio"}, 2.5]}', False),
        ('{">=": [{"var": "rnd_ratio"}, 2.5]}', True),
        ('{"<": [100, {"var": "employees"}, 200]}', True),
        ('{"<=": [120, {"var": "employees"}, 120]}', True),
        ('{"<": [120, {"var": "employees"}, 200]}', False),
        ('{"in": [{"var": "industry"}, ["C3911", "C3912"]]}', True),
        ('{"in": [{"var": "employees"}, [100, 120.0]]}', True),
        ('{"in": ["ai", {"var": "tags"}]}', True),
        ('{"in": ["bio", {"var": "tags"}]}', False),
        ('{"in": ["C39", {"var": "industry"}]}', True),
        ('{"in": ["C40", {"var": "industry"}]}', False),
        ('{">=": [{"/": [{"var": "rnd_expense"}, {"var": "revenue"}]}, 0.025]}', True),
        ('{">": [{"/": [{"var": "rnd_expense"}, {"var": "revenue"}]}, 0.025]}', False),
        ('{"==": [{"+": [{"var": "employees"}, 1, 2]}, 123]}', True),
        ('{"==": [{"-": [{"var": "employees"}, 20]}, 100]}', True),
        ('{"==": [{"-": {"var": "employees"}}, -120]}', True),
        ('{"==": [{"*": [{"var": "rnd_expense"}, 0.1]}, 40000]}', True),
        ('{"==": [{"min": [{"var": "employees"}, 100, 300]}, 100]}', True),
        ('{"==": [{"max": [{"var": "employees"}, 100]}, 120]}', True),
        ('{"==": [{"if": [{"var": "hnte"}, 1, 2]}, 1]}', True),
        ('{"==": [{"if": [false, 1, {"!": true}, 2, 3]}, 3]}', True),
        ('{">=": [{"var": "founded"}, "2015-06-01"]}', True),
        ('{"<": [{"var": "founded"}, "2015-01-01"]}', False),
        ('{"==": [{"var": "hnte"}, true]}', True),
        # ! truthiness of non-booleans: 0, "" and the empty set are false
        ('{"!": {"var": "employees"}}', False),
        ('{"!": {"-": [{"var": "employees"}, 120]}}', True),
        ('{"!": {"var": "industry"}}', False),
        ('{"!": {"var": "tags"}}', False),
        ('{"==": [{"var": ["employees", 5]}, 120]}', True),
    ],
)
def test_operator(rule: str, expected: bool) -> None:
    assert holds(rule) is expected


def test_truthiness_of_empty_values() -> None:
    record = {**RECORD, "industry": "", "tags": set(), "employees": 0}
    assert holds('{"!": {"var": "industry"}}', record)
    assert holds('{"!": {"var": "tags"}}', record)
    assert holds('{"!": {"var": "employees"}}', record)


def test_missing_fact_is_unknown_and_var_default_fills_it() -> None:
    record = {**RECORD, "employees": None}
    assert outcome('{">": [{"var": "employees"}, 10]}', record) == "unknown"
    assert outcome('{"!": {"var": "employees"}}', record) == "unknown"
    assert outcome('{"in": [{"var": "employees"}, [1, 2]]}', record) == "unknown"
    assert outcome('{">": [{"var": ["employees", 11]}, 10]}', record) == "met"


def test_three_valued_and_or() -> None:
    record = {**RECORD, "hnte": None}
    assert outcome('{"and": [{"var": "hnte"}, false]}', record) == "not_met"
    assert outcome('{"and": [{"var": "hnte"}, true]}', record) == "unknown"
    assert outcome('{"or": [{"var": "hnte"}, true]}', record) == "met"
    assert outcome('{"or": [{"var": "hnte"}, false]}', record) == "unknown"
    assert outcome('{"if": [{"var": "hnte"}, true, true]}', record) == "unknown"


def test_division_by_zero_is_unknown() -> None:
    record = {**RECORD, "revenue": D("0")}
    criteria = crit('{">=": [{"/": [{"var": "rnd_expense"}, {"var": "revenue"}]}, 0.03]}')
    explanation = explain(criteria, record)
    assert explanation.status == "unknown"
    assert explanation.undefined == [">=[0]"]
    assert explanation.missing == []
    assert match_batch(criteria, {k: [v] for k, v in record.items()}) == [False]


def test_division_is_exact() -> None:
    # 1/3 * 3 == 1 exactly (a 28-digit Decimal context would give 0.999…)
    assert holds('{"==": [{"*": [{"/": [{"var": "employees"}, 360]}, 3]}, 1]}')


def test_record_values_must_not_be_float() -> None:
    with pytest.raises(CriteriaError, match=r"facts\.employees"):
        explain(crit('{">": [{"var": "employees"}, 1]}'), {"employees": 1.5})


@pytest.mark.parametrize(
    ("rule", "path", "message"),
    [
        (
            '{"and": [true, {">=": [{"var": "rnd_ratio2"}, 3]}]}',
            "and[1].>=[0]",
            'unknown fact "rnd_ratio2"',
        ),
        ('{"and": [true, {"xor": [true, false]}]}', "and[1]", 'unsupported operator "xor"'),
        ('{">": [{"var": "hnte"}, 1]}', ">[0]", '">" takes a number or date, not a boolean'),
        ('{"==": [{"var": "hnte"}, 1]}', "$", '"==" cannot mix a boolean with a number'),
        (
            '{"<": [{"var": "rnd_expense"}, {"var": "founded"}]}',
            "$",
            "cannot mix a money with a date",
        ),
        (
            '{"<": [{"var": "rnd_expense"}, {"var": "rnd_ratio"}]}',
            "$",
            '"<" cannot mix a money with a percent',
        ),
        ('{"or": [{"==": [{"var": "industry"}, 3]}]}', "or[0]", "cannot mix a code"),
        ('{"and": [{">": [{"var": "employees"}]}]}', "and[0]", '">" takes 2 argument(s), got 1'),
        ('{"/": [1, 2, 3]}', "$", '"/" takes 2 argument(s), got 3'),
        ('{"if": [true, 1]}', "$", "takes an odd number ≥ 3 argument(s), got 2"),
        ('{"and": [{"var": "employees"}]}', "and[0]", '"and" takes a test, not a number'),
        ('{"var": "employees"}', "$", "criteria must be a test"),
        ('{">": [{"/": [{"var": "employees"}, 0]}, 1]}', ">[0]./[1]", "division by zero"),
        ('{">": [{"var": "founded"}, "2020-13-01"]}', ">[1]", "not an ISO date"),
        ('{"in": [{"var": "industry"}, {"var": "tags"}]}', "in[0]", "must be a constant"),
        ('{"in": [{"var": "industry"}, ["a", 1]]}', "in[1][1]", "list members must be"),
        ('{"and": [true], "or": [true]}', "$", "exactly one operator"),
        ('{"clause": {"article": 3}, "rule": true}', "$", "clause must be an object"),
        (
            '{"clause": {"article": "第三条"}, "rule": {"var": "employees"}}',
            "$",
            "must wrap a test",
        ),
        ('{"==": [{"var": ["employees", "x"]}, 1]}', "==[0].var[1]", "default of type code"),
        ('{"==": [null, 1]}', "==[0]", "unsupported value"),
    ],
)
def test_validation_error_points_at_the_clause(rule: str, path: str, message: str) -> None:
    with pytest.raises(CriteriaError) as caught:
        crit(rule)
    assert caught.value.path == path
    assert message in caught.value.message_en
    assert caught.value.message_zh
    assert str(caught.value).startswith(f"{path}: ")


def test_float_literal_is_rejected() -> None:
    with pytest.raises(CriteriaError, match="parse_float=Decimal"):
        compile_criteria({">": [{"var": "employees"}, 1.5]}, CATALOG)


def test_unknown_fact_message_in_chinese() -> None:
    with pytest.raises(CriteriaError) as caught:
        crit('{"and": [true, {">=": [{"var": "rnd_ratio2"}, 3]}]}')
    assert caught.value.message_zh == '未知事实 "rnd_ratio2"'
    assert caught.value.as_dict()["path"] == "and[1].>=[0]"


def test_number_literal_compares_with_any_numeric_fact() -> None:
    assert crit('{">=": [{"var": "rnd_ratio"}, 3]}')
    assert crit('{">=": [{"var": "rnd_expense"}, {"*": [{"var": "revenue"}, 0.03]}]}')


def test_catalog_loader_rejects_bad_types() -> None:
    from rulebook.criteria import FactCatalog

    with pytest.raises(CriteriaError, match=r"facts\[0\].type"):
        FactCatalog.from_list([{"key": "x", "type": "float"}])
    with pytest.raises(CriteriaError, match="declared twice"):
        FactCatalog.from_list([{"key": "x", "type": "number"}, {"key": "x", "type": "code"}])
    assert parse("1.5") == Decimal("1.5")
