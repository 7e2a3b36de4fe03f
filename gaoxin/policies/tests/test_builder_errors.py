"""Refused criteria in the words of the builder's form (issue 10): the row (clause) or group
an engine error path lies in, numbered as the page shows them (nested groups included), the
fact's label, and what to fix — in Chinese and English."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import translation

from gaoxin.enterprises.choices import QualificationKind, Stage
from gaoxin.policies.builder import ChoiceError, check_criteria, error_text, layout
from gaoxin.policies.demo import POLICIES
from rulebook.criteria import CriteriaError

CHOICES = {
    "stage": [[value, str(label)] for value, label in Stage.choices],
    "park": [["郑州高新·数算产业园", "郑州高新·数算产业园"]],
    "qualifications": [[value, str(label)] for value, label in QualificationKind.choices],
}
HIGH_TECH = {"in": ["high_tech", {"var": "qualifications"}]}


def ratio(value):
    return {">=": [{"var": "rnd_ratio"}, value]}


def message(criteria, language="zh-hans", choices=CHOICES):
    with pytest.raises(CriteriaError) as caught:
        check_criteria(criteria, choices)
    with translation.override(language):
        return caught.value.path, error_text(criteria, caught.value)


def test_rows_are_numbered_as_the_page_shows_them():
    criteria = {
        "and": [
            HIGH_TECH,
            {"or": [ratio(3), {"!": {"clause": {"label": "x"}, "rule": ratio(4)}}]},
            {"!": {"and": [ratio(5)]}},
        ]
    }
    rows = [(r["kind"], r["number"], r["path"]) for r in layout(criteria)]
    assert rows == [
        ("group", 0, ""),
        ("clause", 1, "and[0]"),
        ("group", 1, "and[1]"),
        ("clause", 2, "and[1].or[0]"),
        ("group", 2, "and[1].or[1]"),  # a negated clause is a NOT group holding it
        ("clause", 3, "and[1].or[1].![0]"),
        ("group", 3, "and[2]"),  # a negated group is the same box, NOT ticked
        ("clause", 4, "and[2].![0].and[0]"),
    ]
    assert [(r["kind"], r["number"], r["path"]) for r in layout(ratio(3))] == [("clause", 1, "")]


def test_a_text_for_a_number_names_the_row_and_the_fact():
    path, text = message({"and": [ratio("abc")]})
    assert path == "and[0].>=[1]"
    assert text == "第 1 行：研发投入占比 的值应为数字。"
    _path, text = message({"and": [ratio("abc")]}, "en")
    assert text == "Row 1: the value of R&D intensity must be a number."


def test_rows_count_through_nested_groups():
    wrapped = {"clause": {"label": "占比"}, "rule": ratio("")}
    criteria = {"and": [HIGH_TECH, {"or": [ratio(3), wrapped]}]}
    path, text = message(criteria)
    assert path == "and[1].or[1].>=[1]"
    assert text == "第 3 行：请填写 研发投入占比 的值。"
    _path, text = message({"!": {"and": [HIGH_TECH, ratio(True)]}}, "en")
    assert text == "Row 2: the value of R&D intensity must be a number."


def test_an_unknown_fact():
    path, text = message({"and": [HIGH_TECH, {">=": [{"var": "rnd_ratoi"}, 3]}]})
    assert path == "and[1].>=[0]"
    assert text == "第 2 行：没有名为“rnd_ratoi”的指标，请从列表中选择。"
    _path, text = message({">=": [{"var": "rnd_ratoi"}, 3]}, "en")
    assert text == "Row 1: there is no fact “rnd_ratoi”; choose one from the list."


def test_an_empty_group():
    path, text = message({"and": [HIGH_TECH, {"or": [ratio(3), {"and": []}]}]})
    assert path == "and[1].or[1]"
    assert text == "第 2 组还没有条件：请添加条件，或删除该组。"
    _path, text = message({"and": [HIGH_TECH, {"!": {"or": []}}]}, "en")
    assert text == "Group 1 has no clause yet: add a clause to it or remove the group."
    _path, text = message({"and": []}, "en")
    assert text == "Add at least one clause."


def test_a_bad_date(monkeypatch):
    """No fact of the catalog is a date today; the text is ready for one (the engine names a
    bad ISO date by the clause's value)."""
    from gaoxin.policies import builder

    date_fact = SimpleNamespace(key="founded_on", type="date")
    catalog = {key: builder.CATALOG[key] for key in builder.CATALOG.facts} | {
        "founded_on": date_fact
    }
    monkeypatch.setattr(builder, "CATALOG", catalog)
    monkeypatch.setattr(builder, "_label", lambda key: "成立日期")
    criteria = {"and": [{">=": [{"var": "founded_on"}, "2024-02-30"]}]}
    error = CriteriaError("and[0].>=[1]", "不是 ISO 日期", "not an ISO date")
    with translation.override("zh-hans"):
        assert error_text(criteria, error) == "第 1 行：成立日期 的值应为日期（年-月-日）。"


def test_a_set_value_not_in_the_options():
    criteria = {"and": [ratio(3), {"in": ["high_tech_zz", {"var": "qualifications"}]}]}
    path, text = message(criteria)
    assert path == "and[1]"
    assert text == "第 2 行：“high_tech_zz”不是 有效资质 的可选值，请从列表中选择。"
    criteria = {"in": [{"var": "stage"}, ["production", "selling"]]}
    with pytest.raises(ChoiceError):
        check_criteria(criteria, CHOICES)
    _path, text = message(criteria, "en")
    assert text == "Row 1: “selling” is not a value of stage; choose one from the list."
    # a text search in a code fact is any text; without choices, nothing is checked
    check_criteria({"in": ["Med", {"var": "park"}]}, CHOICES)
    check_criteria(criteria, None)


def test_anything_else_keeps_the_engine_words_with_the_row():
    with translation.override("en"):
        path, text = message({"and": [HIGH_TECH, {"==": [{"var": "stage"}, 3]}]}, "en")
    assert path == "and[1]"
    assert text == 'Row 2 (stage): "==" cannot mix a code with a number'
    _path, text = message({"xor": [1, 2]}, "en")
    assert text == 'Row 1: unsupported operator "xor"'  # the whole criteria: one row


@pytest.mark.parametrize("spec", POLICIES, ids=[p["title"] for p in POLICIES])
def test_the_demo_policies_pass_the_options(spec):
    check_criteria(spec["criteria"], CHOICES)
