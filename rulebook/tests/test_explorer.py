import json

from rulebook.explorer import program_explorer


def test_the_explorer_shows_the_80_percent_with_its_source():
    data = program_explorer("firstset")
    cn = next(item for item in data["jurisdictions"] if item["code"] == "CN")
    ratio = next(item for item in cn["parameters"] if item["name"] == "subsidy_ratio")
    assert ratio["table_id"] == "P1"
    assert ratio["file"] == "rulebook/firstset/parameters/CN/subsidy_ratio.yaml"
    first = ratio["values"][0]
    assert first["value"] == "0.80"
    assert first["effective"] == "2015-01-01"
    assert first["reference"]["url"].startswith("http")
    assert first["confidence"] == "V"
    assert [value["effective"] for value in ratio["values"]] == ["2015-01-01", "2024-05-24"]


def test_the_explorer_lists_every_rule_with_its_quoted_clause():
    rules = {rule["name"]: rule for rule in program_explorer()["rules"]}
    assert {"legacy_subsidy", "draw_on_cap", "stepped_ratio"} <= set(rules)
    assert "实际投保年度保费的80%" in rules["legacy_subsidy"]["doc"]
    assert rules["legacy_subsidy"]["reads"] == ["subsidy_ratio"]


def test_the_explorer_data_is_json_ready():
    json.dumps(program_explorer(), ensure_ascii=False)
