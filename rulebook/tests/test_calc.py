"""The calculation contract: shape of the output, accepted input forms, parameter roots."""

import datetime
import re
import shutil
from decimal import Decimal

import pytest

from rulebook.engine.errors import CaseError, ParameterFileError
from rulebook.firstset.calc import calculate
from rulebook.tests.helpers import add_dated_value, copy_parameters

MONEY = re.compile(r"^\d+\.\d{2}$")


def legacy_case(**policy):
    base = {
        "id": "p1",
        "equipment": "e1",
        "start": "2020-03-01",
        "end": "2021-02-28",
        "sum_insured": "50000000",
        "premium": "2000000",
    }
    return {"jurisdiction": "CN", "policies": [{**base, **policy}]}


def test_the_output_follows_the_contract():
    result = calculate(legacy_case())
    assert set(result) == {"regime", "policies", "total", "parameters_version"}
    (policy,) = result["policies"]
    assert set(policy) == {"id", "eligible", "year", "subsidy", "reason", "trace"}
    assert MONEY.match(policy["eligible"])
    assert MONEY.match(policy["subsidy"])
    assert MONEY.match(result["total"])
    assert len(result["parameters_version"]) == 64


def test_every_trace_step_explains_itself_in_chinese_and_english():
    result = calculate(legacy_case())
    for step in result["policies"][0]["trace"]:
        assert step["zh"]
        assert step["en"]
        assert step["step"]
        for parameter in step["parameters"]:
            assert {"name", "value", "effective", "reference", "confidence"} <= set(parameter)
    assert result["policies"][0]["trace"][-1]["reason"] == "ok"


def test_the_trace_cites_the_80_percent_with_its_source():
    steps = calculate(legacy_case())["policies"][0]["trace"]
    subsidy = next(step for step in steps if step["step"] == "subsidy")
    (ratio,) = subsidy["parameters"]
    assert ratio["name"] == "subsidy_ratio"
    assert ratio["value"] == "0.80"
    assert ratio["effective"] == "2015-01-01"
    assert ratio["reference"]["source"] == "S2015b"
    assert ratio["confidence"] == "V"


def test_a_zero_always_has_a_reason_step():
    result = calculate(legacy_case(premium="100000"))  # below the threshold
    trace = result["policies"][0]["trace"]
    assert result["policies"][0]["reason"] == "below_threshold"
    assert trace[-1]["reason"] == "below_threshold"
    assert "门槛" in trace[-2]["zh"]


def test_interpretive_values_are_flagged_in_the_trace():
    trace = calculate(legacy_case(start="2016-03-01", end="2017-02-28"))["policies"][0]["trace"]
    threshold = next(step for step in trace if step["step"] == "threshold")
    assert threshold["interpretive"] is True
    assert threshold["parameters"][0]["confidence"] == "I"


def test_integers_decimals_and_dates_are_accepted():
    result = calculate(
        legacy_case(
            premium=2000000,
            sum_insured=Decimal("50000000.00"),
            start=datetime.date(2020, 3, 1),
        )
    )
    assert result["policies"][0]["subsidy"] == "1200000.00"


def test_cap_remaining_only_for_cn_2024():
    case = legacy_case(start="2025-03-01", end="2026-02-28", premium="560000")
    case["qualification"] = {"cap": "2160000", "valid_from": "2025-01-01", "valid_to": "2027-12-31"}
    result = calculate(case)
    assert result["regime"] == "cn_2024"
    assert result["cap_remaining"] == "1712000.00"
    assert "cap_remaining" not in calculate(legacy_case())


def test_the_end_before_start_message_matches_the_contract():
    case = legacy_case()
    case["policies"].append(
        {
            **case["policies"][0],
            "id": "p2",
            "equipment": "e2",
            "start": "2024-06-01",
            "end": "2024-01-01",
        }
    )
    with pytest.raises(CaseError) as caught:
        calculate(case)
    assert str(caught.value) == "policies[1].end: end date 2024-01-01 is before start 2024-06-01"
    assert caught.value.as_dict()["message_zh"]


@pytest.mark.parametrize("case", [None, [], "text", {"policies": []}])
def test_a_case_that_is_not_an_object_or_lacks_keys_is_refused(case):
    with pytest.raises(CaseError):
        calculate(case)


def test_a_modified_parameter_root_is_used(tmp_path):
    root = copy_parameters(tmp_path)
    add_dated_value(root, "CN", "subsidy_ratio", datetime.date(2020, 1, 1), "0.70")
    assert calculate(legacy_case(), parameters_root=root)["policies"][0]["subsidy"] == "1050000.00"
    assert calculate(legacy_case())["policies"][0]["subsidy"] == "1200000.00"


def test_a_new_province_is_a_new_folder_and_no_code(tmp_path):
    root = copy_parameters(tmp_path)
    shutil.copytree(root / "ZJ", root / "HN")
    add_dated_value(
        root,
        "HN",
        "first_year_ratio",
        datetime.date(2024, 1, 1),
        {"international": "0.50", "national": "0.40", "provincial": "0.30"},
    )
    case = {
        "jurisdiction": "HN",
        "tier": "national",
        "policies": [
            {
                "id": "p1",
                "equipment": "e1",
                "start": "2024-03-01",
                "end": "2025-02-28",
                "sum_insured": "30000000",
                "premium": "600000",
            }
        ],
    }
    result = calculate(case, parameters_root=root)
    assert result["regime"] == "hn"
    assert result["policies"][0]["subsidy"] == "240000.00"


def test_a_provincial_folder_missing_a_parameter_is_named(tmp_path):
    root = copy_parameters(tmp_path)
    (root / "ZJ" / "yearly_ceiling.yaml").unlink()
    with pytest.raises(ParameterFileError, match=r"yearly_ceiling\.yaml"):
        calculate(legacy_case(), parameters_root=root)
