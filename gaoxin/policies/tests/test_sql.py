"""SQL matching (gaoxin.policies.matching.sql) agrees with the numpy batch and with explain."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from gaoxin.enterprises.models import Enterprise, Qualification, YearlyFact
from gaoxin.enterprises.tests.factories import (
    EnterpriseFactory,
    QualificationFactory,
    YearlyFactFactory,
)
from gaoxin.policies.demo import POLICIES
from gaoxin.policies.matching.catalog import CATALOG
from gaoxin.policies.matching.facts import enterprise_facts, facts_frame
from gaoxin.policies.matching.match import facts_table, match_policy, rematch_all
from gaoxin.policies.matching.sql import FACTS_TABLE, NotCompilable, match_sql, table_condition
from gaoxin.policies.models import PolicyMatchSet
from gaoxin.policies.tests.conftest import make_policy
from rulebook.criteria import CriteriaError, compile_criteria, explain, match_batch

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2025, 6, 30)


def by_explain(criteria, as_of=AS_OF):
    return sorted(
        e.pk
        for e in Enterprise.objects.select_related("park")
        if explain(criteria, enterprise_facts(e, as_of)).status == "met"
    )


def by_sql(criteria, as_of=AS_OF):
    return sorted(match_sql(criteria, as_of).values_list("pk", flat=True))


def by_table(criteria, as_of=AS_OF):
    """The re-match path: the temporary facts table + the condition compiled over it."""
    where, params = table_condition(criteria, as_of, connection)
    with facts_table(as_of), connection.cursor() as cursor:
        cursor.execute(f"SELECT f.id FROM {FACTS_TABLE} f WHERE {where} ORDER BY f.id", params)  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def by_batch(criteria, as_of=AS_OF):
    ids, frame = facts_frame(Enterprise.objects.all(), as_of)
    return sorted(pk for pk, ok in zip(ids, match_batch(criteria, frame), strict=True) if ok)


@pytest.fixture
def firms(world):
    firm = world.a.enterprise
    firm.founded_on = datetime.date(2015, 7, 1)
    firm.save()
    YearlyFactFactory(enterprise=firm, year=2023, rnd_expense=Decimal("1"))
    YearlyFactFactory(enterprise=firm, year=2024)  # 5 %
    YearlyFactFactory(enterprise=firm, year=2025, rnd_expense=Decimal("9"))
    QualificationFactory(enterprise=firm, kind="high_tech", valid_from=datetime.date(2023, 1, 1))
    other = world.b.enterprise
    YearlyFactFactory(enterprise=other, year=2024, rnd_expense=Decimal("1500000.01"))
    QualificationFactory(enterprise=other, kind="srdi", valid_from=datetime.date(2024, 1, 1))
    EnterpriseFactory(founded_on=None, industry_code="", stage="")  # no figures at all
    small = EnterpriseFactory(founded_on=datetime.date(2024, 6, 30))
    YearlyFactFactory(enterprise=small, year=2024, revenue=Decimal("0"), employees=None)
    return firm


def test_demo_policies_sql_batch_and_explain_agree(firms):
    matched = 0
    for spec in POLICIES:
        criteria = compile_criteria(spec["criteria"], CATALOG)
        expected = by_explain(criteria)
        assert by_sql(criteria) == expected, spec["title"]
        assert by_table(criteria) == expected, spec["title"]
        assert by_batch(criteria) == expected, spec["title"]
        matched += len(expected)
    assert matched > 0


def test_rnd_ratio_is_rounded_half_even_in_sql(world):
    firm = world.a.enterprise
    # 3 / 200 = 1.5 % exactly; 2.995 % rounds to 3.00 (half even: 2.995 → 3.00 since 299.5 → 300)
    YearlyFactFactory(
        enterprise=firm, year=2024, revenue=Decimal("200"), rnd_expense=Decimal("5.99")
    )
    criteria = compile_criteria({">=": [{"var": "rnd_ratio"}, 3]}, CATALOG)
    assert by_sql(criteria) == by_explain(criteria) == [firm.pk]
    criteria = compile_criteria({"==": [{"var": "rnd_ratio"}, Decimal("2.99")]}, CATALOG)
    assert by_sql(criteria) == by_explain(criteria) == []


def test_division_by_a_fact_is_not_compiled_and_falls_back(firms):
    data = {">": [{"/": [{"var": "tax_paid"}, {"var": "employees"}]}, 1000]}
    criteria = compile_criteria(data, CATALOG)
    with pytest.raises(NotCompilable):
        match_sql(criteria, AS_OF)
    policy = make_policy(firms.zone, criteria=data)
    assert match_policy(policy.versions.get(), as_of=AS_OF) == by_explain(criteria)


def test_rematch_all_stores_the_matches(firms):
    policy = make_policy(firms.zone)
    version = policy.versions.get()
    counts = rematch_all(as_of=AS_OF)
    assert counts[version.pk] == 1
    assert PolicyMatchSet.objects.get().enterprise_ids() == [firms.pk]
    rematch_all(as_of=AS_OF)  # idempotent
    assert PolicyMatchSet.objects.get(version=version, as_of=AS_OF).enterprise_ids() == [firms.pk]


# -- property: random criteria over random enterprises ------------------------------------------

NUMERIC = [
    "revenue",
    "rnd_expense",
    "employees",
    "patents_granted",
    "rnd_ratio",
    "years_since_founding",
    "tax_paid",
]
KINDS = ["high_tech", "srdi", "tech_sme"]
small = st.integers(-3, 60).map(Decimal) | st.sampled_from(
    [Decimal("2.5"), Decimal("0.01"), Decimal("3.33")]
)


def num_expr(depth):
    leaf = st.builds(lambda k: {"var": k}, st.sampled_from(NUMERIC)) | small
    if depth == 0:
        return leaf
    sub = num_expr(depth - 1)
    return leaf | st.one_of(
        st.builds(
            lambda op, a, b: {op: [a, b]}, st.sampled_from(["+", "-", "min", "max"]), sub, sub
        ),
        st.builds(lambda a, b: {"*": [a, b]}, sub, small),
        st.builds(lambda a, b: {"/": [a, b]}, sub, small.filter(bool)),
        st.builds(lambda k, d: {"var": [k, d]}, st.sampled_from(NUMERIC), small),
    )


def cond_expr(depth):
    cmp = st.builds(
        lambda op, a, b: {op: [a, b]},
        st.sampled_from(["<", "<=", ">", ">=", "==", "!="]),
        num_expr(1),
        num_expr(1),
    )
    chain = st.builds(lambda a, b, c: {"<=": [a, b, c]}, num_expr(0), num_expr(0), num_expr(0))
    has = st.builds(lambda k: {"in": [k, {"var": "qualifications"}]}, st.sampled_from(KINDS))
    inlist = st.builds(
        lambda k, xs: {"in": [{"var": k}, xs]},
        st.sampled_from(NUMERIC),
        st.lists(small, max_size=3),
    )
    stage = st.builds(lambda s: {"==": [{"var": "stage"}, s]}, st.sampled_from(["rnd", "sales"]))
    codes = st.sampled_from(
        [
            {"in": ["C35", {"var": "industry_code"}]},
            {"!": {"var": "stage"}},
            {"in": [{"var": ["stage", "pilot"]}, ["pilot", "rnd"]]},
            {"==": [{"if": [{"!": {"var": "stage"}}, "none", {"var": "stage"}]}, "none"]},
            {"!=": [{"var": "industry_code"}, "C3581"]},
        ]
    )
    leaf = cmp | chain | has | inlist | stage | codes | st.just({"!": {"var": "qualifications"}})
    if depth == 0:
        return leaf
    sub = cond_expr(depth - 1)
    return leaf | st.one_of(
        st.builds(
            lambda op, xs: {op: xs},
            st.sampled_from(["and", "or"]),
            st.lists(sub, min_size=1, max_size=3),
        ),
        st.builds(lambda a: {"!": a}, sub),
        st.builds(lambda c, a, b: {"if": [c, a, b]}, sub, sub, sub),
    )


money = st.none() | st.integers(0, 10**9).map(lambda c: Decimal(c) / 100)
count = st.none() | st.integers(0, 300)
enterprise = st.fixed_dictionaries(
    {
        "founded": st.none() | st.dates(datetime.date(2020, 1, 1), datetime.date(2026, 1, 1)),
        "stage": st.sampled_from(["", "rnd", "sales"]),
        "industry": st.sampled_from(["", "C3581", "I6510"]),
        "yearly": st.none()
        | st.fixed_dictionaries(
            {
                "year": st.sampled_from([2023, 2024, 2025]),
                "revenue": money,
                "rnd_expense": money,
                "employees": count,
                "patents_granted": count,
                "tax_paid": money,
            }
        ),
        "quals": st.lists(st.tuples(st.sampled_from(KINDS), st.booleans()), max_size=2),
    }
)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=cond_expr(2), rows=st.lists(enterprise, min_size=1, max_size=4))
def test_sql_equals_explain_on_random_criteria(world, data, rows):
    try:
        criteria = compile_criteria(data, CATALOG)
    except CriteriaError:
        reject()  # mixed units etc.: not a valid definition
    Enterprise.objects.exclude(pk__in=[world.a.enterprise.pk, world.b.enterprise.pk]).delete()
    YearlyFact.objects.all().delete()
    Qualification.objects.all().delete()
    for row in rows:
        firm = EnterpriseFactory(
            founded_on=row["founded"], stage=row["stage"], industry_code=row["industry"]
        )
        if row["yearly"]:
            YearlyFactFactory(enterprise=firm, **row["yearly"])
        for kind, valid in row["quals"]:
            QualificationFactory(
                enterprise=firm,
                kind=kind,
                valid_from=datetime.date(2020, 1, 1),
                valid_to=None if valid else datetime.date(2024, 12, 31),
            )
    try:
        got = by_sql(criteria)
    except NotCompilable:
        return
    expected = by_explain(criteria)
    assert got == expected, data
    assert by_table(criteria) == expected, data


def test_an_enterprise_without_park_can_match_through_or(firms):
    parkless = EnterpriseFactory(park=None)
    YearlyFactFactory(enterprise=parkless, year=2024)
    data = {"or": [{"==": [{"var": "park"}, "X园区"]}, {">": [{"var": "revenue"}, 5]}]}
    criteria = compile_criteria(data, CATALOG)
    assert parkless.pk in by_sql(criteria)
    assert by_sql(criteria) == by_explain(criteria) == by_batch(criteria) == by_table(criteria)


def test_large_literals_do_not_overflow(firms):
    criteria = compile_criteria({"<": [{"var": "revenue"}, 400000000]}, CATALOG)
    assert by_sql(criteria) == by_explain(criteria) == by_table(criteria) != []
