"""The public rules explorer: every parameter with its dated values, sources and confidence,
and every rule with its quoted clause."""

import pytest
from django.urls import reverse

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
        {"name": "subsidy_ratio", "links": [{"code": "CN", "anchor": "param-CN-subsidy_ratio"}]}
    ]
    chain = rules["chain_year"]
    assert [link["code"] for link in chain["reads_links"][0]["links"]] == ["CN", "ZJ"]
    assert 'data-testid="rule-doc"' in page.content.decode()
