"""The core-indicator check (sample Catalog entries of the reference §5)."""

import pytest

from rulebook.engine.errors import CaseError
from rulebook.firstset.indicators import check

ROBOT = [
    {"name": "额定负载", "unit": "kg", "direction": ">=", "threshold": "500"},
    {"name": "重复定位精度", "unit": "mm", "direction": "<=", "threshold": "0.1"},
    {"name": "平均无故障时间", "unit": "h", "direction": ">=", "threshold": 50000},
]


def test_a_model_that_beats_every_indicator_is_covered():
    result = check(
        {
            "indicators": ROBOT,
            "declared": {"额定负载": "600", "重复定位精度": "0.08", "平均无故障时间": 60000},
        }
    )
    assert result["covered"] is True
    margins = {row["name"]: row["margin"] for row in result["indicators"]}
    assert margins == {"额定负载": "100", "重复定位精度": "0.02", "平均无故障时间": "10000"}


def test_meeting_a_threshold_exactly_counts_as_met():
    result = check(
        {
            "indicators": ROBOT,
            "declared": {"额定负载": "500", "重复定位精度": "0.1", "平均无故障时间": "50000"},
        }
    )
    assert result["covered"] is True
    assert all(row["margin"] in ("0", "0.0") for row in result["indicators"])


def test_a_missing_value_is_not_met():
    result = check({"indicators": ROBOT, "declared": {"额定负载": "600", "重复定位精度": None}})
    rows = {row["name"]: row for row in result["indicators"]}
    assert result["covered"] is False
    assert rows["重复定位精度"] == {
        **rows["重复定位精度"],
        "value": None,
        "margin": None,
        "met": False,
    }
    assert rows["平均无故障时间"]["met"] is False


def test_falling_short_gives_a_negative_margin():
    result = check({"indicators": ROBOT[1:2], "declared": {"重复定位精度": "0.12"}})
    assert result["indicators"][0]["margin"] == "-0.02"
    assert result["covered"] is False


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"indicators": [], "declared": {}}, "indicators"),
        (
            {"indicators": [{**ROBOT[0], "direction": ">"}], "declared": {}},
            "indicators[0].direction",
        ),
        (
            {"indicators": [{**ROBOT[0], "threshold": "many"}], "declared": {}},
            "indicators[0].threshold",
        ),
        ({"indicators": [ROBOT[0], ROBOT[0]], "declared": {}}, "indicators[1].name"),
        ({"indicators": ROBOT[:1], "declared": {"额定负载": 600.5}}, "declared.额定负载"),
        ({"indicators": ROBOT[:1]}, "declared"),
        (
            {"indicators": [{"name": "x", "unit": "kg", "direction": ">="}], "declared": {}},
            "indicators[0].threshold",
        ),
    ],
)
def test_malformed_input_names_the_field(payload, field):
    with pytest.raises(CaseError) as caught:
        check(payload)
    assert caught.value.field == field
