"""The parameter loader: valid files load; every bad file names the file and the key."""

import datetime
from decimal import Decimal

import pytest

from rulebook.engine.errors import (
    ParameterFileError,
    ParameterNotInForceError,
    UnknownParameterError,
)
from rulebook.engine.loader import (
    cached_parameter_sets,
    load_parameter_file,
    load_parameter_set,
    load_parameter_sets,
)
from rulebook.tests.helpers import VALID_PARAMETER, add_dated_value, copy_parameters

D = datetime.date


def write(tmp_path, text, name="subsidy_ratio.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_loads_with_its_metadata(tmp_path):
    parameter = load_parameter_file(write(tmp_path, VALID_PARAMETER))
    value = parameter.at(D(2020, 1, 1))
    assert value.value == Decimal("0.80")
    assert value.effective == D(2015, 1, 1)
    assert value.reference.url == "https://example.org/source"
    assert value.confidence == "V"
    assert parameter.table_id == "P1"


def test_notes_and_units_load_in_both_languages(tmp_path):
    text = VALID_PARAMETER.replace(
        "type: ratio", "type: ratio\nunit_en: share of the premium\nunit_zh: 占保费的比例"
    ).replace(
        "    label_en: 80 % of the premium\n",
        "    label_en: 80 % of the premium\n"
        "    note_en: Our reading.\n"
        "    note_zh: 本平台的解读。\n",
    )
    parameter = load_parameter_file(write(tmp_path, text))
    assert (parameter.unit_en, parameter.unit_zh) == ("share of the premium", "占保费的比例")
    value = parameter.values[0]
    assert (value.note_en, value.note_zh) == ("Our reading.", "本平台的解读。")


def test_the_message_names_file_and_key(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, VALID_PARAMETER.replace("confidence: V", "confidence: X"))
    with pytest.raises(ParameterFileError) as caught:
        load_parameter_file(path)
    assert str(caught.value) == (
        "subsidy_ratio.yaml: values[2015-01-01].confidence: must be one of V, S, I"
    )
    assert caught.value.key == "values[2015-01-01].confidence"


@pytest.mark.parametrize(
    ("old", "new", "key", "fragment"),
    [
        ('value: "0.80"', "value: 0.80", "values[2015-01-01].value", "not a YAML float"),
        ('value: "0.80"', "value: 1", "values[2015-01-01].value", "quoted decimal string"),
        ('value: "0.80"', 'value: "eighty"', "values[2015-01-01].value", "not a decimal"),
        ('value: "0.80"', 'value: "1.5"', "values[2015-01-01].value", "between 0 and 1"),
        ('value: "0.80"', "value: null", "values[2015-01-01].value", "must not be null"),
        ("type: ratio", "type: percent", "type", "must be one of"),
        ("label_en: Subsidy ratio of the premium\n", "", "label_en", "missing required key"),
        ("table_id: P1", "table_id: P1\ncolour: red", "colour", "unknown key"),
        ("    label_en: 80 % of the premium\n", "", "values[2015-01-01].label_en", "missing"),
        (
            "      url: https://example.org/source",
            "      url: ftp://x",
            "values[2015-01-01].reference.url",
            "http",
        ),
        (
            "      url: https://example.org/source",
            "      url: null",
            "values[2015-01-01].reference.url",
            "marked V needs",
        ),
        ("  2015-01-01:", "  2015-13-01:", "values[2015-13-01]", "YYYY-MM-DD"),
        (
            "    label_en: 80 % of the premium\n",
            "    label_en: 80 % of the premium\n    note_en: Our reading.\n",
            "values[2015-01-01].note_zh",
            "needs its translation",
        ),
        (
            "    label_en: 80 % of the premium\n",
            "    label_en: 80 % of the premium\n    note_zh: 本平台的解读。\n",
            "values[2015-01-01].note_en",
            "needs its translation",
        ),
        ("type: ratio", "type: ratio\nunit_en: share of the premium", "unit_zh", "translation"),
        (
            "    label_en: 80 % of the premium\n",
            "    label_en: 80 % of the premium\n    note: One language only.\n",
            "values[2015-01-01].note",
            "unknown key",
        ),
        (
            "    description_zh: 按保费的80%补偿",
            '    description_zh: ""',
            "values[2015-01-01].description_zh",
            "non-empty",
        ),
    ],
)
def test_each_bad_file_names_its_key(tmp_path, old, new, key, fragment):
    assert old in VALID_PARAMETER
    path = write(tmp_path, VALID_PARAMETER.replace(old, new))
    with pytest.raises(ParameterFileError) as caught:
        load_parameter_file(path)
    assert caught.value.key == key
    assert fragment in caught.value.message
    assert "subsidy_ratio.yaml" in str(caught.value)


def test_money_must_be_whole_fen(tmp_path):
    text = VALID_PARAMETER.replace("type: ratio", "type: money").replace('"0.80"', '"1.005"')
    with pytest.raises(ParameterFileError, match="two decimal places"):
        load_parameter_file(write(tmp_path, text, "ceiling.yaml"))


def test_an_enum_value_must_be_allowed(tmp_path):
    text = VALID_PARAMETER.replace("type: ratio", "type: enum\nallowed: [restart, continue]")
    text = text.replace('value: "0.80"', "value: pause")
    with pytest.raises(ParameterFileError) as caught:
        load_parameter_file(write(tmp_path, text, "break_rule.yaml"))
    assert caught.value.key == "values[2015-01-01].value"


def test_a_keyed_value_needs_every_key(tmp_path):
    text = VALID_PARAMETER.replace("type: ratio", "type: ratio\nkeys: [national, provincial]")
    text = text.replace('value: "0.80"', 'value: {national: "0.80"}')
    with pytest.raises(ParameterFileError) as caught:
        load_parameter_file(write(tmp_path, text, "tiers.yaml"))
    assert caught.value.key == "values[2015-01-01].value.provincial"


def test_a_date_given_twice_is_an_error_not_an_overwrite(tmp_path):
    entry = VALID_PARAMETER.split("values:\n", 1)[1]
    with pytest.raises(ParameterFileError, match="duplicated key"):
        load_parameter_file(write(tmp_path, VALID_PARAMETER + entry))


def test_invalid_yaml_names_the_file(tmp_path):
    with pytest.raises(ParameterFileError, match="not valid YAML"):
        load_parameter_file(write(tmp_path, "values: [unclosed"))


def test_a_parameter_file_is_named_in_snake_case(tmp_path):
    with pytest.raises(ParameterFileError, match="snake_case"):
        load_parameter_file(write(tmp_path, VALID_PARAMETER, "SubsidyRatio.yaml"))


def test_at_returns_the_value_in_force_on_the_date(tmp_path):
    root = copy_parameters(tmp_path)
    add_dated_value(root, "CN", "subsidy_ratio", D(2020, 7, 1), "0.70")
    ratio = load_parameter_sets(root)["CN"]["subsidy_ratio"]
    assert ratio.at(D(2020, 6, 30)).value == Decimal("0.80")
    assert ratio.at(D(2020, 7, 1)).value == Decimal("0.70")  # from its effective date
    assert ratio.at(D(2024, 5, 24)).value == Decimal("0.80")
    assert ratio.at(D(2024, 5, 24)).reference.source == "S2025c"


def test_at_before_the_first_value_raises_a_clear_error():
    ratio = load_parameter_sets(cached_root())["CN"]["subsidy_ratio"]
    with pytest.raises(ParameterNotInForceError, match="no value in force on 2014-12-31"):
        ratio.at(D(2014, 12, 31))
    assert ratio.at_or_none(D(2014, 12, 31)) is None


def test_a_missing_parameter_names_the_expected_file():
    params = load_parameter_sets(cached_root())["CN"]
    with pytest.raises(UnknownParameterError, match=r"no_such_parameter\.yaml"):
        params["no_such_parameter"]


def test_a_set_holds_yaml_files_only(tmp_path):
    folder = tmp_path / "CN"
    folder.mkdir()
    write(folder, VALID_PARAMETER, "subsidy_ratio.yml")
    with pytest.raises(ParameterFileError, match=r"\.yaml extension"):
        load_parameter_set(folder)


def test_jurisdiction_folders_are_named_in_capitals(tmp_path):
    (tmp_path / "zj").mkdir()
    with pytest.raises(ParameterFileError, match="capitals"):
        load_parameter_sets(tmp_path)


def test_the_cache_reloads_a_changed_folder(tmp_path):
    root = copy_parameters(tmp_path)
    before = cached_parameter_sets(root)
    assert cached_parameter_sets(root) is before
    add_dated_value(root, "CN", "subsidy_ratio", D(2020, 7, 1), "0.70")
    after = cached_parameter_sets(root)
    assert after is not before
    assert after["CN"].version != before["CN"].version


def cached_root():
    from rulebook.firstset import PARAMETERS_ROOT

    return PARAMETERS_ROOT
