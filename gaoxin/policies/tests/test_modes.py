"""The two modes of evaluation (issue 9, item 4): *decision* reads only verified facts, and an
unverified fact counts as missing; *estimate* puts the enterprise's pending declarations in
place. The explain, the numpy batch and the SQL paths agree in both modes."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from gaoxin.accounts.choices import Role
from gaoxin.enterprises import services
from gaoxin.enterprises.choices import FactSource, Membership, RecordStatus, RecordSubject
from gaoxin.enterprises.models import Enterprise, FactRecord, Qualification, YearlyFact
from gaoxin.enterprises.services.attachments import attachment_store
from gaoxin.enterprises.tests.evidence import pdf
from gaoxin.enterprises.tests.factories import (
    EnterpriseFactory,
    QualificationFactory,
    YearlyFactFactory,
)
from gaoxin.policies.demo import POLICIES
from gaoxin.policies.matching.catalog import CATALOG
from gaoxin.policies.matching.facts import (
    DECISION,
    ESTIMATE,
    enterprise_facts,
    estimate_facts,
    facts_frame,
)
from gaoxin.policies.matching.match import match_policy
from gaoxin.policies.tests.conftest import make_policy
from gaoxin.policies.tests.test_sql import cond_expr
from rulebook.criteria import CriteriaError, compile_criteria, explain, match_batch

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2025, 6, 30)
HIGH_TECH = {"in": ["high_tech", {"var": "qualifications"}]}
MODES = (DECISION, ESTIMATE)


def by_explain(criteria, mode, scope=None):
    scope = Enterprise.objects.all() if scope is None else scope
    return sorted(
        e.pk
        for e in scope.select_related("park")
        if explain(criteria, enterprise_facts(e, AS_OF, mode)).status == "met"
    )


def by_batch(criteria, mode, scope=None):
    scope = Enterprise.objects.all() if scope is None else scope
    ids, frame = facts_frame(scope, AS_OF, mode)
    return sorted(pk for pk, ok in zip(ids, match_batch(criteria, frame), strict=True) if ok)


def by_sql(version, mode, scope=None):
    return match_policy(version, as_of=AS_OF, queryset=scope, mode=mode)


@pytest.fixture
def declared(world, member):
    """Zone A's enterprise with verified 2024 figures (R&D 5 %, stage R&D) and three pending
    declarations: 高新技术企业 (with its scan), new 2024 figures, a new stage."""
    firm = world.a.enterprise
    firm.stage = "rnd"
    firm.founded_on = datetime.date(2015, 7, 1)
    firm.save()
    YearlyFactFactory(enterprise=firm, year=2024)
    scan = attachment_store(actor=member, enterprise=firm, upload=pdf())
    services.qualification_add(
        actor=member,
        enterprise=firm,
        data={
            "kind": "high_tech",
            "certificate_no": "GR202441000123",
            "valid_from": "2024-12-01",
            "valid_to": "2027-11-30",
        },
        attachment=scan,
    )
    services.yearly_fact_upsert(
        actor=member, enterprise=firm, year=2024, data={"rnd_expense": "3000000.00"}
    )
    services.enterprise_update(actor=member, enterprise=firm, data={"stage": "sales"})
    assert FactRecord.objects.filter(enterprise=firm, status=RecordStatus.PENDING).count() == 3
    return firm


def test_decision_reads_only_the_verified_values(declared):
    facts = enterprise_facts(declared, AS_OF)
    assert facts["qualifications"] == set()
    assert facts["stage"] == "rnd"
    assert facts["rnd_ratio"] == Decimal("5.00")


def test_estimate_puts_the_pending_declarations_in_place_and_names_them(declared):
    estimate = estimate_facts(declared, AS_OF)
    assert estimate.facts["qualifications"] == {"high_tech"}
    assert estimate.facts["stage"] == "sales"
    assert estimate.facts["rnd_expense"] == Decimal("3000000.00")
    assert estimate.facts["rnd_ratio"] == Decimal("6.00")  # of the verified revenue
    assert estimate.unverified == {"qualifications", "stage", "rnd_expense", "rnd_ratio"}
    assert len(estimate.records) == 3
    assert enterprise_facts(declared, AS_OF, ESTIMATE) == estimate.facts


def test_without_declarations_both_modes_agree_and_nothing_is_unverified(world):
    firm = world.b.enterprise
    YearlyFactFactory(enterprise=firm, year=2024)
    estimate = estimate_facts(firm, AS_OF)
    assert estimate.facts == enterprise_facts(firm, AS_OF)
    assert not estimate.has_unverified


def test_rejected_and_replaced_declarations_count_in_neither_mode(declared, official, member):
    record = FactRecord.objects.get(enterprise=declared, subject=RecordSubject.QUALIFICATION)
    services.declaration_reject(actor=official, record=record, reason="证书编号与名单不符")
    services.enterprise_update(actor=member, enterprise=declared, data={"stage": "pilot"})
    estimate = estimate_facts(declared, AS_OF)
    assert estimate.facts["qualifications"] == set()
    assert estimate.facts["stage"] == "pilot"  # the newer declaration replaced the older one
    assert FactRecord.objects.filter(status=RecordStatus.WITHDRAWN).count() == 1


def test_verifying_makes_the_estimate_the_decision(declared, official):
    estimated = estimate_facts(declared, AS_OF).facts
    for record in FactRecord.objects.filter(enterprise=declared, status=RecordStatus.PENDING):
        services.declaration_verify(actor=official, record=record)
    declared.refresh_from_db()
    assert enterprise_facts(declared, AS_OF) == estimated
    assert not estimate_facts(declared, AS_OF).has_unverified


def test_a_declared_qualification_matches_only_in_estimate_mode(declared):
    policy = make_policy(declared.zone, criteria=HIGH_TECH, formula=None)
    version = policy.versions.get()
    criteria = compile_criteria(HIGH_TECH, CATALOG)
    for path in (by_explain, by_batch):
        assert path(criteria, DECISION) == []
        assert path(criteria, ESTIMATE) == [declared.pk]
    assert by_sql(version, DECISION) == []
    assert by_sql(version, ESTIMATE) == [declared.pk]


def test_demo_policies_agree_on_every_path_in_both_modes(declared, world):
    other = world.b.enterprise
    YearlyFactFactory(enterprise=other, year=2024, rnd_expense=Decimal("1500000.01"))
    QualificationFactory(enterprise=other, kind="high_tech", valid_from=datetime.date(2024, 1, 1))
    EnterpriseFactory(founded_on=None, industry_code="", stage="")
    matched = {DECISION: 0, ESTIMATE: 0}
    for spec in POLICIES:
        policy = make_policy(declared.zone, title=spec["title"], criteria=spec["criteria"])
        version = policy.versions.get()
        criteria = compile_criteria(spec["criteria"], CATALOG)
        for mode in MODES:
            expected = by_explain(criteria, mode)
            assert by_batch(criteria, mode) == expected, (spec["title"], mode)
            assert by_sql(version, mode) == expected, (spec["title"], mode)
            matched[mode] += len(expected)
    assert matched[ESTIMATE] > matched[DECISION] > 0


def test_a_partner_outside_the_zone_is_never_a_candidate_in_any_mode(world, member):
    """The decision paths restrict to the zone's members; a partner's declaration changes
    nothing either."""
    partner = EnterpriseFactory(zone=world.a.zone, membership=Membership.PARTNER)
    QualificationFactory(enterprise=partner, kind="high_tech", valid_from=datetime.date(2024, 1, 1))
    FactRecord.objects.create(
        enterprise=partner,
        subject=RecordSubject.PROFILE,
        slot="profile",
        values={"stage": "sales"},
        source=FactSource.DECLARATION,
        status=RecordStatus.PENDING,
    )
    policy = make_policy(world.a.zone, criteria=HIGH_TECH, formula=None)
    version = policy.versions.get()
    members = Enterprise.objects.filter(zone=world.a.zone).zone_members()
    for mode in MODES:
        assert partner.pk not in by_sql(version, mode, members)
        assert partner.pk not in by_batch(compile_criteria(HIGH_TECH, CATALOG), mode, members)


# -- property: random criteria over random enterprises with random pending declarations ------

money = st.none() | st.integers(0, 10**9).map(lambda c: Decimal(c) / 100)
count = st.none() | st.integers(0, 300)
KINDS = ["high_tech", "srdi", "tech_sme"]
figures = st.fixed_dictionaries(
    {
        "revenue": money,
        "rnd_expense": money,
        "employees": count,
        "patents_granted": count,
        "tax_paid": money,
    }
)
declaration = st.one_of(
    st.builds(
        lambda stage, code: ("profile", {"stage": stage, "industry_code": code}),
        st.sampled_from(["", "rnd", "sales"]),
        st.sampled_from(["", "C3581", "I6510"]),
    ),
    st.builds(
        lambda founded: ("profile", {"founded_on": founded.isoformat()}),
        st.dates(datetime.date(2018, 1, 1), datetime.date(2026, 1, 1)),
    ),
    st.builds(
        lambda year, values: ("yearly", year, values),
        st.sampled_from([2023, 2024, 2025]),
        figures.map(lambda d: {k: v for k, v in d.items() if v is not None} or {"employees": 1}),
    ),
    st.builds(
        lambda kind, valid: ("qualification", kind, valid),
        st.sampled_from(KINDS),
        st.booleans(),
    ),
)
enterprise = st.fixed_dictionaries(
    {
        "stage": st.sampled_from(["", "rnd", "sales"]),
        "industry": st.sampled_from(["", "C3581", "I6510"]),
        "yearly": st.none() | st.tuples(st.sampled_from([2023, 2024, 2025]), figures),
        "quals": st.lists(st.sampled_from(KINDS), max_size=2),
        "declared": st.lists(declaration, max_size=3),
    }
)


def _pending(firm, spec) -> None:
    kind = spec[0]
    if kind == "profile":
        subject, slot, year, values = RecordSubject.PROFILE, "profile", None, spec[1]
    elif kind == "yearly":
        subject, slot, year = RecordSubject.YEARLY, f"yearly:{spec[1]}", spec[1]
        values = {name: str(value) for name, value in spec[2].items()}
    else:
        subject, slot, year = RecordSubject.QUALIFICATION, f"qualification:new:{spec[1]}", None
        values = {
            "kind": spec[1],
            "certificate_no": "GR2024",
            "valid_from": "2020-01-01",
            "valid_to": "2027-12-31" if spec[2] else "2024-12-31",
        }
    # One pending declaration per slot (the database says so): a later one replaces it.
    FactRecord.objects.filter(enterprise=firm, slot=slot, status=RecordStatus.PENDING).update(
        status=RecordStatus.WITHDRAWN, decided_at=datetime.datetime.now(datetime.UTC)
    )
    FactRecord.objects.create(
        enterprise=firm,
        subject=subject,
        slot=slot,
        year=year,
        values=values,
        source=FactSource.DECLARATION,
        status=RecordStatus.PENDING,
    )


TITLES = itertools.count()


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=cond_expr(2), rows=st.lists(enterprise, min_size=1, max_size=4))
def test_the_paths_agree_in_both_modes_with_pending_declarations(world, data, rows):
    try:
        criteria = compile_criteria(data, CATALOG)
    except CriteriaError:
        reject()
    Enterprise.objects.exclude(pk__in=[world.a.enterprise.pk, world.b.enterprise.pk]).delete()
    FactRecord.objects.all().delete()
    YearlyFact.objects.all().delete()
    Qualification.objects.all().delete()
    for row in rows:
        firm = EnterpriseFactory(
            zone=world.a.zone,
            founded_on=datetime.date(2019, 5, 1),
            stage=row["stage"],
            industry_code=row["industry"],
        )
        if row["yearly"]:
            year, values = row["yearly"]
            YearlyFactFactory(enterprise=firm, year=year, **values)
        for kind in row["quals"]:
            QualificationFactory(enterprise=firm, kind=kind, valid_from=datetime.date(2020, 1, 1))
        for spec in row["declared"]:
            _pending(firm, spec)
    title = f"随机条件{next(TITLES)}"
    version = make_policy(world.a.zone, title=title, criteria=data, formula=None).versions.get()
    for mode in MODES:
        expected = by_explain(criteria, mode)
        assert by_batch(criteria, mode) == expected, (data, mode)
        assert by_sql(version, mode) == expected, (data, mode)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(row=enterprise)
def test_an_estimate_is_what_verifying_the_declarations_would_give(world, row):
    """The estimate is not a guess: verifying every pending declaration through the registry's
    services brings exactly the estimated facts into force."""
    FactRecord.objects.all().delete()
    firm = EnterpriseFactory(
        zone=world.a.zone,
        founded_on=datetime.date(2019, 5, 1),
        stage=row["stage"],
        industry_code=row["industry"] or "C3581",
    )
    if row["yearly"]:
        year, values = row["yearly"]
        YearlyFactFactory(enterprise=firm, year=year, **values)
    for kind in row["quals"]:
        QualificationFactory(enterprise=firm, kind=kind, valid_from=datetime.date(2020, 1, 1))
    for spec in row["declared"]:
        _pending(firm, spec)
    estimated = estimate_facts(firm, AS_OF).facts
    official = world.a.users[Role.ZONE_OFFICIAL]
    for record in FactRecord.objects.filter(enterprise=firm, status=RecordStatus.PENDING):
        services.declaration_verify(actor=official, record=record)
    firm = Enterprise.objects.select_related("park").get(pk=firm.pk)
    assert enterprise_facts(firm, AS_OF) == estimated


# -- the calculator is an estimate and says so --------------------------------------------------


def test_the_calculator_shows_a_declared_match_as_an_estimate(declared, member, as_user):
    policy = make_policy(declared.zone, title="高企认定奖励", criteria=HIGH_TECH, formula=None)
    page = as_user(member).get("/policies/calculator/")
    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="calc-unverified"' in body
    assert "Includes unverified data" in body
    assert "valid qualifications" in body  # the fact the declaration changes, named
    cards = body.split('data-testid="calc-policy"')[1:]
    (card,) = [c for c in cards if policy.title in c]
    assert 'data-testid="calc-unverified-badge"' in card
    assert 'data-status="met"' in card


def test_the_calculator_api_names_the_unverified_facts(declared, member):
    from django.test import Client

    make_policy(declared.zone, title="高企认定奖励", criteria=HIGH_TECH, formula=None)
    client = Client()
    client.force_login(member)
    body = client.get("/api/policies/calculator").json()
    assert body["mode"] == "estimate"
    assert set(body["unverified_facts"]) == {"qualifications", "stage", "rnd_expense", "rnd_ratio"}
    by_title = {r["policy"]["title"]: r for r in body["results"]}
    assert by_title["高企认定奖励"]["status"] == "met"
    assert by_title["高企认定奖励"]["unverified"] is True


def test_without_declarations_the_calculator_has_no_mark(world, as_user):
    make_policy(world.b.zone, title="高企认定奖励", criteria=HIGH_TECH, formula=None)
    body = as_user(world.b.users[Role.ENTERPRISE_USER]).get("/policies/calculator/").content
    assert b"calc-unverified" not in body
