"""The public rules explorer: every parameter with its dated values, sources and confidence,
and every rule with its quoted clause."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from rulebook.explorer import program_explorer

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client):
    client.cookies["django_language"] = "en"
    return client.get(reverse("firstset:rules"))


def test_every_parameter_of_every_jurisdiction_has_its_anchor(page):
    html = page.content.decode()
    data = program_explorer("firstset")
    for jurisdiction in data["jurisdictions"]:
        for parameter in jurisdiction["parameters"]:
            assert f'id="param-{jurisdiction["code"]}-{parameter["name"]}"' in html
            for value in parameter["values"]:
                assert value["effective"] in html
    for rule in data["rules"]:
        assert f'id="rule-{rule["name"]}"' in html


def test_the_80_percent_parameter_shows_its_values_and_sources(page):
    parameters = page.context["jurisdictions"][0]["parameters"]
    ratio = next(p for p in parameters if p["name"] == "subsidy_ratio")
    assert [(v["effective"], v["display"], v["confidence"]) for v in ratio["values"]] == [
        ("2015-01-01", "80 %", "V"),
        ("2024-05-24", "80 %", "V"),
    ]
    assert ratio["values"][0]["reference"]["url"] == "http://cnfina.com/economy/20150304_71711.html"
    assert ratio["values"][-1]["in_force"] is True
    html = page.content.decode()
    section = html.split('id="param-CN-subsidy_ratio"')[1].split("</article>")[0]
    assert "80 %" in section and "cnfina.com" in section and 'data-testid="confidence-V"' in section


def test_values_are_shown_as_people_read_them(page):
    zj = {p["name"]: p for p in page.context["jurisdictions"][1]["parameters"]}
    assert zj["yearly_ceiling"]["values"][0]["display"] == "5,000,000.00 yuan"
    first_year = zj["first_year_ratio"]["values"][-1]["display"]
    assert "International first set: 90 %" in first_year


def test_rules_quote_their_clause_and_link_what_they_read(page):
    rules = {rule["name"]: rule for rule in page.context["rules"]}
    subsidy = rules["subsidy_before_cap"]
    assert "How the code reads it" in subsidy["doc"]
    assert subsidy["reads_links"] == [
        {
            "name": "subsidy_ratio",
            "label": "Subsidy ratio of the premium",
            "links": [{"code": "CN", "anchor": "param-CN-subsidy_ratio"}],
        }
    ]
    chain = rules["chain_year"]
    assert [link["code"] for link in chain["reads_links"][0]["links"]] == ["CN", "ZJ"]
    assert 'data-testid="rule-doc"' in page.content.decode()


def _notes():
    data = program_explorer("firstset")
    for jurisdiction in data["jurisdictions"]:
        for parameter in jurisdiction["parameters"]:
            for value in parameter["values"]:
                yield parameter, value


CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_note_unit_and_rule_title_has_both_languages():
    notes = 0
    for parameter, value in _notes():
        assert bool(value["note_en"]) == bool(value["note_zh"]), parameter["file"]
        if value["note_zh"]:
            notes += 1
            assert CJK.search(value["note_zh"]), parameter["file"]
        assert bool(parameter["unit_en"]) == bool(parameter["unit_zh"]), parameter["file"]
        if parameter["unit_zh"]:
            assert CJK.search(parameter["unit_zh"]), parameter["file"]
    assert notes >= 20
    for rule in program_explorer("firstset")["rules"]:
        assert CJK.search(rule["title_zh"]), rule["name"]
        assert rule["title_en"], rule["name"]


def _english_sentences(text):
    """The sentences of an English text that hold at least three Latin words."""
    for sentence in re.split(r"(?<=[.:;])\s+", text):
        if len(re.findall(r"[A-Za-z]{2,}", sentence)) >= 3:
            yield sentence.strip()


def _visible(html):
    """The page without its technical details, which keep the code's own English."""
    return re.sub(r"<details.*?</details>", "", html, flags=re.S)


def test_the_chinese_page_shows_no_english_note_unit_or_rule_title(client):
    """Notes and units nowhere; rule titles and code names only inside the technical details."""
    client.cookies["django_language"] = "zh-hans"
    html = client.get(reverse("firstset:rules")).content.decode()
    assert "技术细节" in html and "保险年度" in html
    texts = []
    for parameter, value in _notes():
        texts += [value["note_en"] or "", parameter["unit_en"] or ""]
    visible = _visible(html)
    titles = [rule["title_en"] for rule in program_explorer("firstset")["rules"]]
    checked = 0
    for text, where in [(text, html) for text in texts] + [(text, visible) for text in titles]:
        for sentence in _english_sentences(text):
            checked += 1
            assert sentence not in where and escape(sentence) not in where, sentence
    assert checked > 40
    for code in ("wholly_inside", "rulebook/firstset/parameters", "How the code reads it"):
        assert code in html and code not in visible, code


def test_the_english_page_shows_the_english_notes(page):
    html = page.content.decode()
    assert escape("The rules count one policy as one policy year.") in html
    assert "保险年度" not in html
