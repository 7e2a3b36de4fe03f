"""The command line: ``python -m rulebook.firstset.cli calc|check FILE`` and its exit codes."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from rulebook.engine.cases import compare_result, read_case_file
from rulebook.firstset.cli import calc_main, check_main
from rulebook.tests.helpers import dumps

REPOSITORY = Path(__file__).resolve().parents[2]
WORKED_EXAMPLES = REPOSITORY / "rulebook" / "firstset" / "cases" / "worked_examples.yaml"
EXAMPLE_2 = {
    "jurisdiction": "CN",
    "policies": [
        {
            "id": "p1",
            "equipment": "turbine-1",
            "start": "2020-03-01",
            "end": "2021-02-28",
            "sum_insured": "50000000",
            "premium": "2000000",
        }
    ],
}


def run(main, argv, stdin_text=""):
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(argv, io.StringIO(stdin_text), stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def test_calc_reads_a_file(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(EXAMPLE_2), encoding="utf-8")
    code, out, err = run(calc_main, [str(path)])
    assert code == 0, err
    assert json.loads(out)["total"] == "1200000.00"
    assert "补偿" in out  # ensure_ascii=False keeps Chinese readable


def test_calc_reads_standard_input():
    code, out, _ = run(calc_main, ["-"], json.dumps(EXAMPLE_2))
    assert code == 0
    assert json.loads(out)["policies"][0]["subsidy"] == "1200000.00"


def test_json_numbers_with_a_fraction_are_read_as_decimals():
    case = json.loads(json.dumps(EXAMPLE_2))
    case["policies"][0]["premium"] = 2000000.00
    code, out, _ = run(calc_main, ["-"], json.dumps(case))
    assert code == 0
    assert json.loads(out)["total"] == "1200000.00"


def test_a_malformed_case_exits_2_naming_the_field():
    case = json.loads(json.dumps(EXAMPLE_2))
    case["policies"][0]["end"] = "2019-01-01"
    code, out, err = run(calc_main, ["-"], json.dumps(case))
    assert code == 2
    assert out == ""
    assert "policies[0].end: end date 2019-01-01 is before start 2020-03-01" in err


@pytest.mark.parametrize(
    ("argv", "stdin_text", "fragment"),
    [
        (["/no/such/case.json"], "", "cannot read"),
        (["-"], "{not json", "not valid JSON"),
        ([], "", "usage"),
        (["a.json", "b.json"], "", "usage"),
    ],
)
def test_unreadable_input_exits_2(argv, stdin_text, fragment):
    code, _, err = run(calc_main, argv, stdin_text)
    assert code == 2
    assert fragment in err


def test_check_prints_the_coverage():
    payload = {
        "indicators": [{"name": "额定负载", "unit": "kg", "direction": ">=", "threshold": "500"}],
        "declared": {"额定负载": "500"},
    }
    code, out, _ = run(check_main, ["-"], json.dumps(payload, ensure_ascii=False))
    assert code == 0
    assert json.loads(out)["covered"] is True


def test_check_exits_2_on_a_malformed_payload():
    code, _, err = run(check_main, ["-"], json.dumps({"indicators": "none", "declared": {}}))
    assert code == 2
    assert "indicators" in err


@pytest.mark.parametrize(
    "case", read_case_file(WORKED_EXAMPLES), ids=lambda case: case.name.split(" — ")[0]
)
def test_every_worked_example_reproduces_through_python_m(case, tmp_path):
    """`python -m rulebook.firstset.cli calc CASE.json` reproduces the reference's examples."""
    path = tmp_path / "case.json"
    path.write_text(dumps(case.spec["input"]), encoding="utf-8")
    completed = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "rulebook.firstset.cli", "calc", str(path)],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert compare_result(case.spec, json.loads(completed.stdout)) == []
