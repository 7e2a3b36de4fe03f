"""The stored re-match (matching.rematch_all): the sets it stores are exactly match_policy's
(= explain's) ids, count_all (the same evaluation in the database) agrees, a re-run changes
nothing, other dates are untouched, and a definition without an SQL form is counted too."""

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
from gaoxin.policies.matching.match import count_all, match_policy, rematch_all, store_ids
from gaoxin.policies.matching.sql import NotCompilable, match_sql
from gaoxin.policies.models import PolicyMatchSet, pack_ids, unpack_ids
from gaoxin.policies.tests.conftest import make_policy
from gaoxin.policies.tests.test_sql import by_explain
from rulebook.criteria import compile_criteria

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2025, 6, 30)
DIVISION = {">": [{"/": [{"var": "tax_paid"}, {"var": "employees"}]}, 1000]}


def in_zone(version):
    """The enterprises a version may match: those of its policy's zone."""
    return Enterprise.objects.filter(zone_id=version.policy.zone_id)


def zone_explain(version, criteria):
    ids = set(in_zone(version).values_list("pk", flat=True))
    return [pk for pk in by_explain(criteria) if pk in ids]


def stored(version, as_of=AS_OF):
    match_set = PolicyMatchSet.objects.get(version=version, as_of=as_of)
    assert match_set.count == len(match_set.enterprise_ids())
    return match_set.enterprise_ids()


@pytest.fixture
def firms(world):
    """A handful of enterprises covering the facts: figures of several years, none, zero
    revenue, qualifications valid and expired, no park, no founding date."""
    made = [world.a.enterprise, world.b.enterprise]
    for i in range(12):
        firm = EnterpriseFactory(
            zone=world.a.zone,
            founded_on=None if i % 5 == 0 else datetime.date(2010 + i, 1 + i % 12, 1 + i),
            stage=["", "rnd", "pilot", "sales"][i % 4],
            park=None if i % 6 == 0 else world.a.park,
            industry_code=["", "C3581", "I6510"][i % 3],
        )
        if i % 4:
            YearlyFactFactory(
                enterprise=firm,
                year=2024,
                revenue=Decimal(i * 1_000_000),
                rnd_expense=Decimal(i * 31_000),
                employees=i * 10,
                tax_paid=Decimal(i * 20_000),
                patents_granted=i,
            )
        if i % 3 == 0:
            YearlyFactFactory(enterprise=firm, year=2023, revenue=Decimal(9 * 10**7))
        if i % 2:
            QualificationFactory(
                enterprise=firm,
                kind=["high_tech", "srdi", "tech_sme"][i % 3],
                valid_from=datetime.date(2022, 1, 1),
                valid_to=None if i % 4 == 1 else datetime.date(2024, 12, 31),
            )
        made.append(firm)
    return made


def test_stored_rows_are_match_policy_ids_for_the_demo_policies(world, firms):
    versions = [
        make_policy(world.a.zone, title=spec["title"], criteria=spec["criteria"]).versions.get()
        for spec in POLICIES
    ]
    counts = rematch_all(as_of=AS_OF)
    assert count_all(as_of=AS_OF) == counts
    total = 0
    for version in versions:
        expected = match_policy(version, as_of=AS_OF, queryset=in_zone(version))
        assert stored(version) == expected, version.policy.title
        assert expected == zone_explain(version, compile_criteria(version.criteria, CATALOG))
        assert counts[version.pk] == len(expected)
        total += len(expected)
    assert total > 0
    assert PolicyMatchSet.objects.count() == len(versions)
    # another zone's enterprise is never matched to this zone's policies
    assert all(
        world.b.enterprise.pk not in s.enterprise_ids() for s in PolicyMatchSet.objects.all()
    )


def test_rematch_is_idempotent_and_leaves_other_dates_alone(world, firms):
    version = make_policy(world.a.zone, criteria={">": [{"var": "revenue"}, 0]}).versions.get()
    other_day = datetime.date(2025, 1, 31)
    store_ids(version, [firms[0].pk, firms[1].pk], as_of=other_day)
    first = rematch_all(as_of=AS_OF)
    rows = stored(version)
    assert len(rows) == first[version.pk] > 0
    # a stale set of the same date is replaced, not kept
    store_ids(version, [firms[0].pk], as_of=AS_OF)
    assert rematch_all(as_of=AS_OF) == first
    assert stored(version) == rows
    assert stored(version, other_day) == sorted([firms[0].pk, firms[1].pk])


def test_a_definition_without_sql_form_is_stored_through_numpy(world, firms):
    with pytest.raises(NotCompilable):
        match_sql(compile_criteria(DIVISION, CATALOG), AS_OF)
    odd = make_policy(world.a.zone, title="每人纳税", criteria=DIVISION).versions.get()
    plain = make_policy(world.a.zone).versions.get()
    counts = rematch_all(as_of=AS_OF)
    expected = zone_explain(odd, compile_criteria(DIVISION, CATALOG))
    assert expected
    assert stored(odd) == expected == match_policy(odd, as_of=AS_OF, queryset=in_zone(odd))
    assert counts[odd.pk] == len(expected)
    assert stored(plain) == match_policy(plain, as_of=AS_OF, queryset=in_zone(plain))
    assert count_all(as_of=AS_OF) == counts


def test_qualification_kinds_with_a_comma_are_read_from_the_table(world, firms):
    QualificationFactory(
        enterprise=firms[3], kind="a,b", valid_from=datetime.date(2020, 1, 1), valid_to=None
    )
    version = make_policy(
        world.a.zone, criteria={"in": ["a,b", {"var": "qualifications"}]}
    ).versions.get()
    rematch_all(as_of=AS_OF)
    assert stored(version) == [firms[3].pk] == match_policy(version, as_of=AS_OF)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_calculator_fast_path_gives_the_plain_explain_results(world, firms, language):
    """Cached compilation and one-language wording change nothing: every clause's text is the
    one ``localized(text_zh, text_en)`` gives for a fresh compile and explain."""
    from django.utils import translation

    from gaoxin.firstset.display import localized
    from gaoxin.policies.calculator import calculate
    from gaoxin.policies.matching.facts import enterprise_facts
    from gaoxin.policies.selectors import policies_in_force
    from rulebook.criteria import explain

    for spec in POLICIES:
        make_policy(world.a.zone, title=spec["title"], criteria=spec["criteria"])
    pairs = policies_in_force(AS_OF)
    with translation.override(language):
        for firm in firms[:8]:
            facts = enterprise_facts(firm, AS_OF)
            for _ in range(2):  # the second run is served from the cache
                calculation = calculate(pairs, facts, AS_OF)
                for result in calculation.results:
                    fresh = explain(compile_criteria(result.version.criteria, CATALOG), facts)
                    assert result.status == fresh.status
                    texts = [localized(c.text_zh, c.text_en) for c in fresh.clauses]
                    assert [c.text for c in result.clauses] == texts
                    failing = [localized(c.text_zh, c.text_en) for c in fresh.failing]
                    assert [c.text for c in result.failing] == failing
                    assert result.missing == list(fresh.missing)


def test_nothing_in_force_stores_nothing(world, firms):
    assert rematch_all(as_of=AS_OF) == {}
    assert not PolicyMatchSet.objects.exists()


@pytest.mark.parametrize(
    "ids", [[], [1], [1, 2, 3, 1_000_000], list(range(5, 100_000, 3)), [7, 2**40, 2**40 + 1]]
)
def test_packed_ids_come_back_exactly(ids):
    assert unpack_ids(pack_ids(ids)).tolist() == ids


@pytest.mark.parametrize("ids", [[2, 1], [1, 1], [0], [-3]])
def test_packing_refuses_ids_out_of_order_or_not_positive(ids):
    with pytest.raises(ValueError, match="ascending"):
        pack_ids(ids)


def test_a_million_dense_matches_pack_small():
    assert len(pack_ids(range(1, 1_000_001))) < 32_000  # 8 MB as int64
