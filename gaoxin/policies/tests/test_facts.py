import datetime
from decimal import Decimal

import pytest

from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.tests.factories import (
    EnterpriseFactory,
    QualificationFactory,
    YearlyFactFactory,
)
from gaoxin.policies.demo import POLICIES
from gaoxin.policies.matching.catalog import CATALOG
from gaoxin.policies.matching.facts import enterprise_facts, facts_frame
from rulebook.criteria import compile_criteria, explain, match_batch

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2025, 6, 30)


@pytest.fixture
def firm(world):
    firm = world.a.enterprise
    firm.founded_on = datetime.date(2015, 7, 1)
    firm.save()
    YearlyFactFactory(enterprise=firm, year=2023, rnd_expense=Decimal("1"))
    YearlyFactFactory(enterprise=firm, year=2024)  # 2 500 000 / 50 000 000 = 5 %
    YearlyFactFactory(enterprise=firm, year=2025, rnd_expense=Decimal("9"))  # not complete
    QualificationFactory(enterprise=firm, kind="high_tech", valid_from=datetime.date(2023, 1, 1))
    QualificationFactory(
        enterprise=firm,
        kind="srdi",
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2022, 12, 31),
    )
    return firm


def test_enterprise_facts_map_the_registry(firm, world):
    facts = enterprise_facts(firm, AS_OF)
    assert facts["rnd_expense"] == Decimal("2500000.00")
    assert facts["rnd_ratio"] == Decimal("5.00")
    assert facts["employees"] == 120
    assert facts["years_since_founding"] == 9
    assert facts["qualifications"] == {"high_tech"}
    assert facts["park"] == world.a.park.name
    assert facts["stage"] == "production" and facts["industry_code"] == "C3581"
    assert set(facts) == {fact.key for fact in CATALOG}


def test_missing_figures_are_none():
    firm = EnterpriseFactory(founded_on=None, industry_code="")
    facts = enterprise_facts(firm, AS_OF)
    assert facts["revenue"] is None and facts["rnd_ratio"] is None
    assert facts["years_since_founding"] is None and facts["industry_code"] is None


def test_frame_agrees_with_explain_for_every_demo_policy(firm, world):
    other = world.b.enterprise
    YearlyFactFactory(enterprise=other, year=2024, rnd_expense=Decimal("100000"))
    EnterpriseFactory()  # no figures at all
    ids, frame = facts_frame(Enterprise.objects.all(), AS_OF)
    firms = {e.pk: e for e in Enterprise.objects.all()}
    for spec in POLICIES:
        criteria = compile_criteria(spec["criteria"], CATALOG)
        batch = match_batch(criteria, frame)
        one_by_one = [
            explain(criteria, enterprise_facts(firms[pk], AS_OF)).status == "met" for pk in ids
        ]
        assert batch == one_by_one, spec["title"]


@pytest.fixture
def edge_cases(firm, world):
    """Enterprises at the edges of every derived fact."""
    made = []

    def make(founded=None, park=None, stage="", code="", **figures):
        e = EnterpriseFactory(
            zone=world.a.zone, founded_on=founded, park=park, stage=stage, industry_code=code
        )
        if figures:
            YearlyFactFactory(enterprise=e, year=2024, **figures)
        made.append(e)
        return e

    make(datetime.date(2025, 6, 30), revenue=Decimal("0"), rnd_expense=Decimal("5"))
    make(datetime.date(2025, 7, 1), revenue=None, rnd_expense=Decimal("5"))  # founded after
    make(datetime.date(2000, 2, 29), revenue=Decimal("200"), rnd_expense=Decimal("0.01"))  # tie ↓
    make(datetime.date(1990, 6, 30), revenue=Decimal("200"), rnd_expense=Decimal("0.03"))  # tie ↑
    make(revenue=Decimal("300"), rnd_expense=Decimal("1"), employees=None)
    make(revenue=Decimal("3"), rnd_expense=Decimal("9300000000000.01"))  # fen × 10⁴ > int64
    make(park=world.a.park, stage="rnd", code="I6510", revenue=Decimal("0.07"),
         rnd_expense=None, tax_paid=Decimal("0.01"), export_value=Decimal("1234.5"))  # fmt: skip
    comma = make()
    QualificationFactory(enterprise=comma, kind="a,b", valid_from=datetime.date(2020, 1, 1))
    QualificationFactory(enterprise=comma, kind="srdi", valid_from=AS_OF, valid_to=AS_OF)
    QualificationFactory(
        enterprise=comma, kind="high_tech", valid_from=datetime.date(2025, 7, 1), valid_to=None
    )
    return made


def assert_columns_are_the_facts(columns, queryset):
    firms = {e.pk: e for e in queryset.select_related("park")}
    assert columns.ids.tolist() == sorted(firms)
    for row, pk in enumerate(columns.ids.tolist()):
        expected = enterprise_facts(firms[pk], AS_OF)
        assert columns.frame.record(row) == expected, pk
        assert columns.zone_ids[row] == firms[pk].zone_id


def test_the_columns_hold_exactly_each_enterprises_facts(edge_cases):
    from gaoxin.policies.matching.columnar import load_facts

    assert_columns_are_the_facts(load_facts(AS_OF), Enterprise.objects.all())
    subset = Enterprise.objects.filter(pk__in=[e.pk for e in edge_cases[2:6]])
    assert_columns_are_the_facts(load_facts(AS_OF, subset), subset)
    assert len(load_facts(AS_OF, Enterprise.objects.none())) == 0


@pytest.mark.django_db(transaction=True)
def test_the_parallel_read_gives_the_same_columns(edge_cases):
    """On PostgreSQL, outside a transaction, the three reads run on two connections at once."""
    from django.db import connection

    from gaoxin.policies.matching.columnar import load_facts

    if connection.vendor != "postgresql":
        pytest.skip("the parallel read is PostgreSQL's")
    assert_columns_are_the_facts(load_facts(AS_OF, parallel=True), Enterprise.objects.all())


@pytest.mark.parametrize("what", ["industry", "qualification"])
def test_a_code_written_between_the_labels_and_the_rows_is_read(edge_cases, monkeypatch, what):
    """Inside a transaction each statement sees the data as it starts: a code that was not
    among the labels read just before is not taken for a missing one (PostgreSQL reads again,
    SQLite adds the label)."""
    from gaoxin.policies.matching import columnar

    firm = edge_cases[0]
    real, done = columnar._distinct, []

    def distinct_then_write(sql, params, **kwargs):
        labels = real(sql, params, **kwargs)
        if not done:
            done.append(True)
            if what == "industry":
                Enterprise.objects.filter(pk=firm.pk).update(industry_code="M7320")
            else:
                QualificationFactory(enterprise=firm, kind="new_kind", valid_from=AS_OF)
        return labels

    monkeypatch.setattr(columnar, "_distinct", distinct_then_write)
    columns = columnar.load_facts(AS_OF)
    record = columns.frame.record(columns.ids.tolist().index(firm.pk))
    if what == "industry":
        assert record["industry_code"] == "M7320"
    else:
        assert "new_kind" in record["qualifications"]
    assert_columns_are_the_facts(columns, Enterprise.objects.all())


def test_the_binary_array_reader_refuses_another_layout():
    from gaoxin.policies.matching.columnar import _unpack_array

    def array(values, *, element=20, has_null=0, length=8):
        head = b"".join(n.to_bytes(4, "big") for n in (1, has_null, element, len(values), 1))
        body = b"".join(
            length.to_bytes(4, "big") + v.to_bytes(8, "big", signed=True) for v in values
        )
        return head + body

    assert _unpack_array(array([3, -1, 2**62])).tolist() == [3, -1, 2**62]
    assert _unpack_array((0).to_bytes(12, "big")).tolist() == []
    for bad in (array([1], element=23), array([1], has_null=1), array([1, 2])[:-4]):
        with pytest.raises(ValueError, match="bigint"):
            _unpack_array(bad)
    with pytest.raises(ValueError, match="8 bytes"):
        _unpack_array(array([1], length=4))
