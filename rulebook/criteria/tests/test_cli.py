"""``gaoxin policy-match``: the output, --formula, --facts, and exit 2 on bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from rulebook.criteria.cli import match_main

CRITERIA = {
    "and": [
        {"clause": {"article": "第三条"}, "rule": {">=": [{"var": "rnd_ratio"}, 3]}},
        {"var": "hnte"},
        {">=": [{"var": "founded"}, "2015-01-01"]},
    ]
}
FORMULA = {"min": [{"*": [{"var": "rnd_expense"}, 0.1]}, 5000000]}
CSV = """id,rnd_ratio,hnte,founded,rnd_expense,industry
E1,3.5,true,2016-03-01,1234567.85,C39
E2,2.1,true,2016-03-01,100,C39
E3,4,true,2018-01-01,80000000,C40
E4,,true,2018-01-01,1,C39
E5,3,false,2018-01-01,1,C39
E6,3.00,true,2015-01-01,,C39
"""


def run(tmp_path: Path, *extra: str, csv: str = CSV, criteria=CRITERIA) -> tuple[int, str, str]:
    (tmp_path / "c.json").write_text(
        criteria if isinstance(criteria, str) else json.dumps(criteria), encoding="utf-8"
    )
    (tmp_path / "e.csv").write_text(csv, encoding="utf-8")
    (tmp_path / "f.json").write_text(json.dumps(FORMULA), encoding="utf-8")
    args = ["--criteria", str(tmp_path / "c.json"), "--enterprises", str(tmp_path / "e.csv")]
    out, err = io.StringIO(), io.StringIO()
    code = match_main([*args, *extra], io.StringIO(), out, err)
    return code, out.getvalue(), err.getvalue()


def test_matched_in_input_order(tmp_path: Path) -> None:
    code, out, err = run(tmp_path)
    assert (code, err) == (0, "")
    assert json.loads(out) == {"matched": ["E1", "E3", "E6"]}


def test_amounts_with_formula(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "--formula", str(tmp_path / "f.json"))
    assert code == 0
    assert json.loads(out) == {
        "matched": ["E1", "E3", "E6"],
        "amounts": {"E1": "123456.79", "E3": "5000000.00", "E6": None},
    }


def test_with_facts_catalog(tmp_path: Path) -> None:
    facts = [
        {"key": "rnd_ratio", "label_zh": "研发投入占比", "label_en": "R&D", "type": "percent"},
        {"key": "hnte", "type": "boolean"},
        {"key": "founded", "type": "date"},
        {"key": "rnd_expense", "type": "money"},
        {"key": "industry", "type": "code"},
    ]
    (tmp_path / "facts.json").write_text(json.dumps(facts), encoding="utf-8")
    code, out, err = run(tmp_path, "--facts", str(tmp_path / "facts.json"))
    assert (code, err) == (0, "")
    assert json.loads(out)["matched"] == ["E1", "E3", "E6"]


@pytest.mark.parametrize(
    ("kwargs", "extra", "message"),
    [
        ({"criteria": "{not json"}, (), "not valid JSON"),
        (
            {"criteria": {"and": [True, {">=": [{"var": "rnd_ratio2"}, 3]}]}},
            (),
            'and[1].>=[0]: unknown fact "rnd_ratio2"',
        ),
        ({"criteria": {">": [{"var": "hnte"}, 1]}}, (), ">[0]"),
        ({"csv": "id,x\nA,1\nA,2\n", "criteria": {">": [{"var": "x"}, 0]}}, (), "duplicate id 'A'"),
        (
            {"csv": "id,x\nA,1\nB,abc\n", "criteria": {">": [{"var": "x"}, 0]}},
            (),
            "e.csv:3: column 'x': 'abc' is not a number",
        ),
        (
            {
                "csv": "id,d\nA,2020-01-01\nB,2020-02-30\n",
                "criteria": {">": [{"var": "d"}, "2020-01-01"]},
            },
            (),
            "is not an ISO date",
        ),
        ({"csv": "name,x\nA,1\n"}, (), "first column of the header must be 'id'"),
        ({"csv": "id,x\nA,1,2\n"}, (), "3 cells, the header has 2"),
        ({}, ("--formula", "/nonexistent/f.json"), "cannot read the formula file"),
        ({}, ("--bogus",), "unrecognized arguments"),
    ],
)
def test_bad_input_exits_2(tmp_path: Path, kwargs: dict, extra: tuple, message: str) -> None:
    code, out, err = run(tmp_path, *extra, **kwargs)
    assert code == 2
    assert out == ""
    assert message in err


def test_missing_enterprises_file(tmp_path: Path) -> None:
    (tmp_path / "c.json").write_text("true", encoding="utf-8")
    err = io.StringIO()
    args = ["--criteria", str(tmp_path / "c.json"), "--enterprises", str(tmp_path / "no.csv")]
    assert match_main(args, io.StringIO(), io.StringIO(), err) == 2
    assert "cannot read the enterprises file" in err.getvalue()


def test_console_script(tmp_path: Path) -> None:
    (tmp_path / "c.json").write_text(json.dumps(CRITERIA), encoding="utf-8")
    (tmp_path / "e.csv").write_text(CSV, encoding="utf-8")
    completed = subprocess.run(  # noqa: S603 - a fixed command line
        [
            sys.executable,
            "-m",
            "gaoxin.cli",
            "policy-match",
            "--criteria",
            str(tmp_path / "c.json"),
            "--enterprises",
            str(tmp_path / "e.csv"),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == {"matched": ["E1", "E3", "E6"]}


def test_help() -> None:
    out = io.StringIO()
    assert match_main(["--help"], io.StringIO(), out, io.StringIO()) == 0
    assert "--criteria C.json" in out.getvalue()
