"""Property: the batch evaluator agrees exactly with explain on random criteria and records."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rulebook.criteria import FactCatalog, compile_criteria, explain, match_batch

CATALOG = FactCatalog.from_list(
    [
        {"key": "x", "type": "number"},
        {"key": "y", "type": "number"},
        {"key": "z", "type": "number"},
        {"key": "flag", "type": "boolean"},
        {"key": "day", "type": "date"},
        {"key": "sector", "type": "code"},
        {"key": "tags", "type": "set"},
    ]
)
NUMBERS = ("x", "y", "z")
CODES = ("A", "B", "AB", "")


def decimals() -> st.SearchStrategy[Decimal]:
    small = st.builds(
        lambda n, places: Decimal(n).scaleb(-places),
        st.integers(-2000, 2000),
        st.integers(0, 3),
    )
    big = st.builds(lambda n: Decimal(n) * Decimal(10) ** 16, st.integers(-500, 500))
    return st.one_of(small, small, small, st.just(Decimal(0)), big)


@st.composite
def num_expr(draw: Any, depth: int = 2) -> Any:
    choice = draw(st.integers(0, 9 if depth > 0 else 3))
    if choice <= 1:
        key = draw(st.sampled_from(NUMBERS))
        if draw(st.integers(0, 5)) == 0:
            return {"var": [key, draw(decimals())]}
        return {"var": key}
    if choice <= 3:
        return draw(decimals())
    if choice == 9:
        return {"if": [draw(simple_test()), draw(num_expr(depth - 1)), draw(num_expr(depth - 1))]}
    op = ("+", "-", "*", "/", "min", "max", "-")[
        choice - 4 if choice < 8 else draw(st.integers(4, 6))
    ]
    if op == "-" and draw(st.booleans()):
        return {"-": [draw(num_expr(depth - 1))]}
    left, right = draw(num_expr(depth - 1)), draw(num_expr(depth - 1))
    if op == "/" and isinstance(right, Decimal) and right == 0:
        right = {"var": "z"}
    if op in ("+", "*", "min", "max") and draw(st.booleans()):
        return {op: [left, right, draw(num_expr(0))]}
    return {op: [left, right]}


@st.composite
def simple_test(draw: Any) -> Any:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return {"var": "flag"}
    if kind == 1:
        return {draw(st.sampled_from(["==", "!=", "<", ">="])): [{"var": "day"}, "2020-06-15"]}
    if kind == 2:
        return {"in": [{"var": "sector"}, draw(st.lists(st.sampled_from(CODES), max_size=3))]}
    return {draw(st.sampled_from(["in"])): [draw(st.sampled_from(CODES)), {"var": "tags"}]}


@st.composite
def clause(draw: Any) -> Any:
    kind = draw(st.integers(0, 9))
    if kind <= 5:
        op = draw(st.sampled_from(["==", "!=", "<", "<=", ">", ">="]))
        return {op: [draw(num_expr()), draw(num_expr())]}
    if kind == 6:
        return {"<": [draw(num_expr(1)), draw(num_expr(1)), draw(num_expr(1))]}
    if kind == 7:
        return {"!": draw(num_expr(1))}
    if kind == 8:
        return {"in": [draw(num_expr(1)), draw(st.lists(decimals(), max_size=3))]}
    return draw(
        st.one_of(
            simple_test(),
            st.sampled_from(
                [{"!": {"var": "sector"}}, {"!": {"var": "tags"}}, {"in": ["A", {"var": "sector"}]}]
            ),
        )
    )


@st.composite
def tree(draw: Any, leaves: list[Any]) -> Any:
    if len(leaves) == 1:
        node = leaves[0]
    else:
        cut = draw(st.integers(1, len(leaves) - 1))
        op = draw(st.sampled_from(["and", "or"]))
        node = {op: [draw(tree(leaves[:cut])), draw(tree(leaves[cut:]))]}
    if draw(st.integers(0, 4)) == 0:
        node = {"!": [node]}
    return node


@st.composite
def criteria(draw: Any) -> Any:
    leaves = draw(st.lists(clause(), min_size=3, max_size=6))
    return draw(tree(leaves))


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy, strategy, strategy)


RECORD = st.fixed_dictionaries(
    {
        "x": maybe(decimals()),
        "y": maybe(decimals()),
        "z": maybe(decimals()),
        "flag": maybe(st.booleans()),
        "day": maybe(st.dates(datetime.date(2020, 6, 10), datetime.date(2020, 6, 20))),
        "sector": maybe(st.sampled_from(CODES)),
        "tags": maybe(st.frozensets(st.sampled_from(CODES[:3]), max_size=3)),
    }
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(criteria(), st.lists(RECORD, min_size=1, max_size=25))
def test_batch_agrees_with_explain(data: Any, records: list[dict[str, Any]]) -> None:
    compiled = compile_criteria(data, CATALOG)
    columns = {key: [record[key] for record in records] for key in records[0]}
    expected = [explain(compiled, record).status == "met" for record in records]
    assert match_batch(compiled, columns) == expected
