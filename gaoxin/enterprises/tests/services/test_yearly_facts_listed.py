"""A department's yearly list written together (yearly_facts_write_listed): for each row what
yearly_fact_upsert writes with the department as provenance — the same figures, field history,
provenance records and audit events — or nothing at all."""

from decimal import Decimal

import pytest
from django.db import transaction

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.audit.services import verify_chain
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.enterprises import services
from gaoxin.enterprises.choices import FactSource, RecordStatus
from gaoxin.enterprises.models import FactRecord, YearlyFact
from gaoxin.enterprises.tests.factories import EnterpriseFactory, YearlyFactFactory

pytestmark = pytest.mark.django_db

PROVENANCE = {
    "source": FactSource.DEPARTMENT,
    "department": "郑州市统计局",
    "evidence": "郑统〔2024〕3号",
}
REASON = "郑州市统计局名单（郑统〔2024〕3号）"


def listed(actor, rows):
    with transaction.atomic():
        return services.yearly_facts_write_listed(
            actor=actor,
            rows=[services.ListedFigures(e, year, data) for e, year, data in rows],
            provenance=PROVENANCE,
            reason=REASON,
        )


def one_by_one(actor, rows):
    with transaction.atomic():
        for enterprise, year, data in rows:
            services.yearly_fact_upsert(
                actor=actor, enterprise=enterprise, year=year, data=data, provenance=PROVENANCE
            )


def written(enterprise):
    """What the registry, the records and the trail hold of an enterprise's figures."""
    facts = [
        (f.year, f.revenue, f.employees, f.output_value)
        for f in YearlyFact.objects.filter(enterprise=enterprise).order_by("year")
    ]
    records = [
        (r.year, r.slot, r.values, r.previous, r.status, r.source, r.department, r.evidence)
        for r in FactRecord.objects.filter(enterprise=enterprise).order_by("pk")
    ]
    events = [
        (e.action, e.summary, {k: v for k, v in e.data.items() if k != "record_id"})
        for e in AuditEvent.objects.filter(
            object_type="enterprises.enterprise", object_id=str(enterprise.pk)
        ).order_by("pk")
    ]
    record_ids = [
        e.data["record_id"]
        for e in AuditEvent.objects.filter(object_id=str(enterprise.pk)).order_by("pk")
    ]
    assert record_ids == list(
        FactRecord.objects.filter(enterprise=enterprise).order_by("pk").values_list("pk", flat=True)
    )
    history = [  # a list writes the new years' rows first, then the changed ones'
        (h.year, h.history_type, h.revenue)
        for h in YearlyFact.history.filter(enterprise=enterprise).order_by("year", "history_id")
    ]
    return facts, records, events, history


def test_the_same_as_one_upsert_a_row(world, official):
    ours, theirs = EnterpriseFactory.create_batch(2, zone=world.a.zone)
    YearlyFactFactory(enterprise=ours, year=2022, revenue=Decimal("100.00"), employees=5)
    YearlyFactFactory(enterprise=theirs, year=2022, revenue=Decimal("100.00"), employees=5)
    rows = [
        (2022, {"revenue": Decimal("120.50"), "employees": 5}),  # one figure changed
        (2023, {"revenue": Decimal("300.00"), "output_value": Decimal("410.00")}),  # a new year
    ]
    results = listed(official, [(ours, year, data) for year, data in rows])
    one_by_one(official, [(theirs, year, data) for year, data in rows])

    assert [(r.created, r.changes) for r in results] == [
        (False, {"revenue": [Decimal("100.00"), Decimal("120.50")]}),
        (
            True,
            {
                "revenue": [None, Decimal("300.00")],
                "output_value": [None, Decimal("410.00")],
            },
        ),
    ]
    assert written(ours) == written(theirs)
    assert len(written(ours)[2]) == 2
    assert verify_chain().ok


def test_history_names_the_official_and_the_list(world, official):
    enterprise = world.a.enterprise
    listed(official, [(enterprise, 2023, {"revenue": Decimal("1.00")})])
    listed(official, [(enterprise, 2023, {"revenue": Decimal("2.00")})])
    history = YearlyFact.history.filter(enterprise=enterprise).order_by("history_id")
    assert [(h.history_type, h.revenue) for h in history] == [
        ("+", Decimal("1.00")),
        ("~", Decimal("2.00")),
    ]
    assert {(h.history_user_id, h.history_change_reason) for h in history} == {
        (official.pk, REASON)
    }
    record = FactRecord.objects.filter(enterprise=enterprise).latest("pk")
    assert record.status == RecordStatus.VERIFIED and record.decided_by == official
    assert record.values == {"revenue": "2.00"} and record.previous == {"revenue": "1.00"}


def test_a_row_equal_to_the_registry_writes_nothing(world, official):
    enterprise = world.a.enterprise
    YearlyFactFactory(enterprise=enterprise, year=2023, revenue=Decimal("7.00"))
    before = (FactRecord.objects.count(), AuditEvent.objects.count())
    [result] = listed(official, [(enterprise, 2023, {"revenue": "7.00"})])
    assert (result.created, result.changes) == (False, {})
    assert (FactRecord.objects.count(), AuditEvent.objects.count()) == before


def test_refused_rows_are_named_and_nothing_is_written(world, official):
    good, bad = EnterpriseFactory.create_batch(2, zone=world.a.zone)
    before = (YearlyFact.objects.count(), FactRecord.objects.count(), AuditEvent.objects.count())
    with pytest.raises(services.ListedRowsInvalid) as refused:
        listed(
            official,
            [
                (good, 2023, {"revenue": "5.00"}),
                (bad, 2023, {"revenue": "-1"}),
                (bad, 1800, {"revenue": "1"}),
            ],
        )
    assert sorted(refused.value.errors) == [1, 2]
    assert refused.value.errors[1].message_dict == {"revenue": ["Amounts cannot be negative."]}
    assert "year" in refused.value.errors[2].message_dict
    after = (YearlyFact.objects.count(), FactRecord.objects.count(), AuditEvent.objects.count())
    assert after == before


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ZONE_OFFICIAL])
def test_only_an_official_writes_a_list(world, role):
    with pytest.raises(PermissionDeniedError):
        listed(world.a.users[role], [(world.a.enterprise, 2023, {"revenue": "1"})])
    assert not YearlyFact.objects.filter(enterprise=world.a.enterprise, year=2023).exists()


def test_an_enterprise_of_another_zone_refuses_the_whole_list(world, official):
    with pytest.raises(PermissionDeniedError):
        listed(
            official,
            [
                (world.a.enterprise, 2023, {"revenue": "1"}),
                (world.b.enterprise, 2023, {"revenue": "1"}),
            ],
        )
    assert not YearlyFact.objects.filter(year=2023).exists()
    assert not FactRecord.objects.exists()


def test_only_department_data_is_written_as_a_list(world, official):
    with pytest.raises(ValueError, match="department"):
        services.yearly_facts_write_listed(
            actor=official,
            rows=[services.ListedFigures(world.a.enterprise, 2023, {"revenue": "1"})],
            provenance={"source": FactSource.STAFF},
            reason="",
        )


def test_a_long_reason_is_cut_to_the_history_column(world, official):
    long_reason = "郑州市统计局" * 60  # a department and a document number can be long
    with transaction.atomic():
        services.yearly_facts_write_listed(
            actor=official,
            rows=[services.ListedFigures(world.a.enterprise, 2023, {"revenue": "1"})],
            provenance=PROVENANCE,
            reason=long_reason,
        )
    length = YearlyFact.history.model._meta.get_field("history_change_reason").max_length
    history = YearlyFact.history.get(enterprise=world.a.enterprise, year=2023)
    assert history.history_change_reason == long_reason[:length]


def test_a_year_twice_in_one_list_is_refused(world, official):
    with pytest.raises(ValueError, match="once"):
        listed(
            official,
            [
                (world.a.enterprise, 2023, {"revenue": "1"}),
                (world.a.enterprise, 2023, {"revenue": "2"}),
            ],
        )
    assert not YearlyFact.objects.filter(year=2023).exists()
