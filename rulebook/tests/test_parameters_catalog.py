"""The shipped parameters cover the reference's table, and the rules can always read them."""

import datetime

import pytest

from rulebook.firstset import PARAMETERS_ROOT
from rulebook.firstset.calc import parameter_sets
from rulebook.firstset.rules import CN_2024, CN_LEGACY, PROVINCIAL, REGISTRY, REQUIRED_PARAMETERS

TABLE = {
    "CN": ["P1", "P2", "P2b", "P3", "P4", "P5", "P6", "P7", "P8", "P9", "P10", "P11", "P12"],
    "ZJ": ["Z1", "Z2", "Z3", "Z4", "Z5", "Z6"],
}
SCHEME_OPEN = {CN_LEGACY: "legacy_scheme_open", CN_2024: "qualification_scheme_open"}


@pytest.mark.parametrize("jurisdiction", sorted(TABLE))
def test_every_row_of_the_reference_table_has_a_file(jurisdiction):
    params = parameter_sets()[jurisdiction]
    present = {parameter.table_id for parameter in params.parameters.values()}
    assert set(TABLE[jurisdiction]) <= present


def test_every_value_has_a_reference_and_a_bilingual_description():
    for params in parameter_sets().values():
        for parameter in params.parameters.values():
            for value in parameter.values:
                assert value.reference.document
                assert value.description_zh
                assert value.label_en
                if value.confidence == "V":
                    assert value.reference.url.startswith("http")


def test_the_folder_holds_the_two_jurisdictions():
    assert sorted(path.name for path in PARAMETERS_ROOT.iterdir() if path.is_dir()) == ["CN", "ZJ"]


def test_a_provincial_folder_holds_every_required_parameter():
    assert parameter_sets()["ZJ"].missing(REQUIRED_PARAMETERS) == []


@pytest.mark.parametrize("info", REGISTRY.all(), ids=lambda info: info.name)
def test_every_rule_quotes_a_clause_and_says_how_it_reads_it(info):
    assert "Clause" in info.doc
    assert "How the code reads it" in info.doc


@pytest.mark.parametrize("info", REGISTRY.all(), ids=lambda info: info.name)
def test_every_parameter_a_rule_reads_exists(info):
    sets = parameter_sets()
    for regime in info.regimes:
        jurisdictions = ["ZJ"] if regime == PROVINCIAL else ["CN"]
        for code in jurisdictions:
            assert sets[code].missing(info.reads) == [], (info.name, code)


@pytest.mark.parametrize("regime", [CN_LEGACY, CN_2024, PROVINCIAL])
def test_a_rule_never_finds_a_parameter_missing_while_the_scheme_is_open(regime):
    """Every parameter a regime reads has a value from the day its scheme opens."""
    code = "ZJ" if regime == PROVINCIAL else "CN"
    params = parameter_sets()[code]
    opens = params[SCHEME_OPEN.get(regime, "scheme_open")].first_effective
    for info in REGISTRY.for_regime(regime):
        for name in info.reads:
            assert params[name].first_effective <= opens, (name, regime)
    assert isinstance(opens, datetime.date)
