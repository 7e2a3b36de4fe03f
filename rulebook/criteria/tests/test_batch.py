"""The batch evaluator: column forms, exactness beyond int64, unknowns, one Frame for many."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from rulebook.criteria import CriteriaError, Frame, NumericColumn, explain, match_batch
from rulebook.criteria.batch import match_mask
from rulebook.criteria.tests.helpers import CATALOG, crit

D = Decimal


def agree(criteria, columns: dict) -> list[bool]:
    size = len(next(iter(columns.values())))
    records = [{key: column[i] for key, column in columns.items()} for i in range(size)]
    result = match_batch(criteria, columns)
    assert result == [explain(criteria, record).status == "met" for record in records]
    return result


def test_numeric_column_with_scale_and_missing() -> None:
    criteria = crit('{">=": [{"var": "rnd_ratio"}, 3]}')
    column = NumericColumn(np.array([299, 300, 450, 999]), 2, np.array([0, 0, 0, 1], dtype=bool))
    assert match_batch(criteria, {"rnd_ratio": column}) == [False, True, True, False]


def test_numeric_column_must_hold_integers() -> None:
    criteria = crit('{">=": [{"var": "rnd_ratio"}, 3]}')
    with pytest.raises(CriteriaError, match="never floats"):
        match_batch(criteria, {"rnd_ratio": NumericColumn(np.array([2.5, 3.0]))})


def test_exact_beyond_int64() -> None:
    criteria = crit(
        '{"==": [{"*": [{"var": "revenue"}, {"var": "revenue"}]},'
        " 1000000000000000000000000000000000000000000000000000000000000000000000000000000000001]}"
    )
    big = D(10) ** 42
    assert agree(criteria, {"revenue": [big, D(3), None]}) == [False, False, False]
    ratio = crit('{">": [{"/": [{"var": "revenue"}, {"var": "rnd_expense"}]}, 0.3333333333333]}')
    values = {"revenue": [D(10) ** 30, D(1), D(1)], "rnd_expense": [D(3) * D(10) ** 30, D(3), D(0)]}
    assert agree(ratio, values) == [True, True, False]


def test_columns_of_every_type() -> None:
    import datetime

    criteria = crit(
        '{"and": [{"var": "hnte"}, {"in": ["ai", {"var": "tags"}]},'
        ' {"in": [{"var": "industry"}, ["C39", "C40"]]},'
        ' {"<": [{"var": "founded"}, "2020-01-01"]}]}'
    )
    columns = {
        "hnte": [True, True, None, True],
        "tags": [{"ai"}, {"ai", "ic"}, {"ai"}, set()],
        "industry": ["C39", "C41", "C40", "C39"],
        "founded": [datetime.date(2019, 1, 1)] * 4,
    }
    assert agree(criteria, columns) == [True, False, False, False]


def test_absent_column_is_missing_and_boolean_arrays_are_accepted() -> None:
    criteria = crit('{"or": [{"var": "hnte"}, {">": [{"var": "employees"}, 10]}]}')
    assert match_batch(criteria, {"hnte": np.array([True, False])}) == [True, False]


def test_one_frame_for_many_criteria() -> None:
    frame = Frame(CATALOG, {"employees": [D(5), D(50), None]})
    assert match_mask(crit('{">": [{"var": "employees"}, 10]}'), frame).tolist() == [
        False,
        True,
        False,
    ]
    assert match_batch(crit('{"<": [{"var": "employees"}, 10]}'), frame) == [True, False, False]


def test_columns_of_different_lengths_are_refused() -> None:
    with pytest.raises(CriteriaError, match="differ in length"):
        match_batch(crit('{"var": "hnte"}'), {"hnte": [True], "employees": [1, 2]})


ENCODED_CRITERIA = [
    '{"in": [{"var": "industry"}, ["C3581", "I6510"]]}',
    '{"==": [{"var": "industry"}, "C3581"]}',
    '{"!": {"var": "industry"}}',
    '{"in": ["35", {"var": "industry"}]}',
    '{"in": ["srdi", {"var": "tags"}]}',
    '{"!": {"var": "tags"}}',
    '{"and": [{"in": ["hnte", {"var": "tags"}]}, {">=": [{"var": "rnd_ratio"}, 3]}]}',
]


@pytest.mark.parametrize("text", ENCODED_CRITERIA)
def test_encoded_code_and_set_columns_equal_the_plain_lists(text) -> None:
    """CodeColumn / SetColumn (the loader's forms) give exactly what lists of values give."""
    from rulebook.criteria import CodeColumn, SetColumn

    industry = ["C3581", None, "I6510", "C3581", "", None]
    tags = [{"srdi"}, set(), {"hnte", "srdi"}, {"hnte"}, set(), None]
    ratio = [D("3.00"), D("2.99"), D("4.50"), None, D("3"), D("5")]
    plain = {"industry": industry, "tags": tags, "rnd_ratio": ratio}
    labels = ["I6510", "", "C3581"]
    encoded = {
        "industry": CodeColumn(
            np.array([-1 if v is None else labels.index(v) for v in industry]), labels
        ),
        "tags": SetColumn(
            {m: np.array([bool(t) and m in t for t in tags]) for m in ("hnte", "srdi")},
            missing=np.array([t is None for t in tags]),
        ),
        "rnd_ratio": NumericColumn(
            np.array([0 if v is None else int(v * 100) for v in ratio]),
            2,
            np.array([v is None for v in ratio]),
        ),
    }
    criteria = crit(text)
    assert match_batch(criteria, encoded) == agree(criteria, plain)
    frame = Frame(CATALOG, encoded)
    for row in range(len(industry)):
        record = frame.record(row)
        assert record["industry"] == industry[row]
        assert record["tags"] == tags[row]
        assert record["rnd_ratio"] == ratio[row]


def test_encoded_columns_are_checked_against_the_catalog() -> None:
    from rulebook.criteria import CodeColumn, SetColumn

    criteria = crit('{"==": [{"var": "industry"}, "C"]}')
    with pytest.raises(CriteriaError, match="not a code"):
        match_batch(crit('{">=": [{"var": "rnd_ratio"}, 3]}'),
                    {"rnd_ratio": CodeColumn(np.array([0]), ["x"])})  # fmt: skip
    with pytest.raises(CriteriaError, match="not a set"):
        match_batch(criteria, {"industry": SetColumn({"x": np.array([True])})})


def test_a_numeric_column_reads_back_exactly() -> None:
    column = NumericColumn(np.array([123456, 7]), scale=2, missing=np.array([False, True]))
    frame = Frame(CATALOG, {"revenue": column, "employees": NumericColumn(np.array([3, 4]))})
    assert frame.record(0) == {"revenue": D("1234.56"), "employees": 3}
    assert frame.record(1) == {"revenue": None, "employees": 4}


def test_a_set_column_without_members_fits_any_length() -> None:
    from rulebook.criteria import SetColumn

    columns = {"tags": SetColumn({}), "revenue": NumericColumn(np.array([1, 2, 3]))}
    assert match_batch(crit('{"in": ["x", {"var": "tags"}]}'), columns) == [False] * 3
    assert match_batch(crit('{"!": {"var": "tags"}}'), columns) == [True] * 3


@pytest.mark.parametrize("op", ["<", "<=", ">", ">=", "==", "!="])
@pytest.mark.parametrize("threshold", ["3", "2.99", "-1.005", "0.333", "1.5", "-2"])
def test_a_column_against_a_constant_on_either_side(op, threshold) -> None:
    """The fast path (the column compared without scaling it) agrees with explain at, next to
    and between the threshold's fen, whichever side the constant is on."""
    fen = np.array([-201, -200, -101, -100, 0, 33, 34, 149, 150, 151, 299, 300, 301])
    column = NumericColumn(fen, 2, fen == 34)
    records = [{"rnd_ratio": None if f == 34 else Decimal(int(f)).scaleb(-2)} for f in fen.tolist()]
    for definition in (
        f'{{"{op}": [{{"var": "rnd_ratio"}}, {threshold}]}}',
        f'{{"{op}": [{threshold}, {{"var": "rnd_ratio"}}]}}',
    ):
        criteria = crit(definition)
        expected = [explain(criteria, record).status == "met" for record in records]
        assert match_batch(criteria, {"rnd_ratio": column}) == expected, definition
