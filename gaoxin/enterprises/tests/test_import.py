"""The enterprise import: all or nothing, row errors, idempotent re-import, scope, history,
audit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from gaoxin.accounts.choices import OrganisationKind, Role
from gaoxin.accounts.models import Organisation
from gaoxin.audit.models import AuditEvent
from gaoxin.core.models import ImportJob
from gaoxin.enterprises.io.services import import_file_now
from gaoxin.enterprises.models import Enterprise, YearlyFact

from .factories import ParkFactory
from .test_import_helpers import enterprise_row, new_uscc, write_xlsx


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def run(path, user, **kwargs):
    return import_file_now(path=path, actor=user, language="en", **kwargs)


def official(world):
    return world.a.users[Role.ZONE_OFFICIAL]


def operator(world):
    return world.a.users[Role.PARK_OPERATOR]


def messages(job) -> list[str]:
    return [error["message"] for error in job.errors]


def test_one_bad_row_imports_nothing_and_says_where(world, tmp_path):
    rows = [enterprise_row(1), enterprise_row(2, revenue=-5), enterprise_row(3)]
    path = write_xlsx(tmp_path / "one-bad.xlsx", rows)
    before = Enterprise.objects.count(), Organisation.objects.count(), YearlyFact.objects.count()

    job = run(path, official(world))

    assert job.status == ImportJob.Status.FAILED
    assert job.errors == [
        {"row": 3, "column": "营业收入", "cell": "L3", "message": "Amounts cannot be negative."}
    ]
    assert job.error_count == 1 and job.created_count == 0
    after = Enterprise.objects.count(), Organisation.objects.count(), YearlyFact.objects.count()
    assert after == before
    event = AuditEvent.objects.get(action="enterprises.import.failed")
    assert event.actor == official(world)
    assert event.object_id == str(job.pk)
    assert event.data["errors"] == 1 and event.data["file_sha256"] == job.file_sha256


def test_the_fixed_file_imports_and_reimporting_changes_nothing(world, tmp_path):
    rows = [enterprise_row(n) for n in range(5)]
    rows[0]["park"] = world.a.park.name
    path = write_xlsx(tmp_path / "good.xlsx", rows)
    before = Enterprise.objects.count()

    job = run(path, official(world))

    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert (job.row_count, job.created_count, job.updated_count, job.unchanged_count) == (
        5,
        5,
        0,
        0,
    )
    assert job.details == {"facts_created": 5, "facts_updated": 0}
    assert Enterprise.objects.count() == before + 5
    enterprise = Enterprise.objects.get(uscc=rows[0]["uscc"])
    assert enterprise.zone == world.a.zone and enterprise.park == world.a.park
    assert enterprise.stage == "production" and enterprise.industry_code == "C3581"
    assert enterprise.organisation.kind == OrganisationKind.ENTERPRISE
    assert enterprise.organisation.name == enterprise.name
    assert enterprise.organisation.zone == world.a.zone
    fact = enterprise.yearly_facts.get(year=2024)
    assert fact.revenue == Decimal("12345678.90")
    assert fact.output_value == Decimal("23456789.12")
    assert fact.rnd_expense == Decimal("123456.78")
    assert fact.tax_paid == Decimal("34567.80")
    assert (fact.employees, fact.patents_granted, fact.export_value) == (120, 5, Decimal("0"))
    assert enterprise.history.count() == 1
    assert enterprise.history.first().history_user == official(world)
    assert fact.history.count() == 1 and enterprise.organisation.history.count() == 1
    event = AuditEvent.objects.get(action="enterprises.import")
    assert event.data["created"] == 5 and event.data["rows"] == 5

    again = run(path, official(world))

    assert again.status == ImportJob.Status.SUCCEEDED
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 5)
    assert Enterprise.objects.count() == before + 5
    assert enterprise.history.count() == 1 and fact.history.count() == 1


def test_reimport_updates_by_credit_code_and_blank_cells_keep_values(world, tmp_path):
    row = enterprise_row(1)
    run(write_xlsx(tmp_path / "first.xlsx", [row]), official(world))
    changed = {
        **row,
        "legal_representative": "",
        "address": "新地址",
        "stage": "sales",
        "employees": 130,
    }
    job = run(write_xlsx(tmp_path / "second.xlsx", [changed]), official(world))

    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 1, 0)
    assert job.details == {"facts_created": 0, "facts_updated": 1}
    enterprise = Enterprise.objects.get(uscc=row["uscc"])
    assert enterprise.address == "新地址" and enterprise.stage == "sales"
    assert enterprise.legal_representative == "王五"  # blank cell: kept
    assert enterprise.yearly_facts.get(year=2024).employees == 130
    assert enterprise.history.count() == 2


def test_an_existing_enterprise_is_updated_and_a_new_year_added(world, tmp_path):
    enterprise = world.a.enterprise
    row = {"uscc": enterprise.uscc, "name": "改名后的企业有限公司", "year": 2023, "revenue": 10}
    job = run(write_xlsx(tmp_path / "rename.xlsx", [row]), official(world))

    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert (job.created_count, job.updated_count) == (0, 1)
    enterprise.refresh_from_db()
    assert enterprise.name == "改名后的企业有限公司"
    assert enterprise.organisation.name == "改名后的企业有限公司"  # it followed the name
    assert enterprise.yearly_facts.get(year=2023).revenue == Decimal("10.00")


def test_row_errors_name_row_column_and_what_is_wrong(world, tmp_path):
    good = enterprise_row(1)
    bad_code = good["uscc"][:-1] + ("0" if good["uscc"][-1] != "0" else "1")
    rows = [
        good,
        enterprise_row(2, uscc=bad_code),
        enterprise_row(3, uscc=good["uscc"]),
        enterprise_row(4, stage="量产", founded_on="2020-13-01", employees=1.5),
        enterprise_row(5, year=None),
        enterprise_row(6, region_code="4101", industry_code="X1"),
        enterprise_row(7, name=""),
        enterprise_row(8, uscc=914101001234567890),
    ]
    job = run(write_xlsx(tmp_path / "bad.xlsx", rows), official(world))

    assert job.status == ImportJob.Status.FAILED
    found = {(e["row"], e["column"]) for e in job.errors}
    assert found == {
        (3, "统一社会信用代码"),
        (4, "统一社会信用代码"),
        (5, "发展阶段"),
        (5, "成立日期"),
        (5, "从业人员"),
        (6, "年度"),
        (7, "行政区划代码"),
        (7, "行业代码"),
        (8, "企业名称"),
        (9, "统一社会信用代码"),
    }
    by_place = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert "check digit" in by_place[(3, "统一社会信用代码")]
    assert "row 2" in by_place[(4, "统一社会信用代码")]  # the duplicate names the first row
    assert "year" in by_place[(6, "年度")]
    assert "as a number" in by_place[(9, "统一社会信用代码")]
    assert not Enterprise.objects.filter(uscc=good["uscc"]).exists()


def test_another_zones_credit_code_is_refused(world, tmp_path):
    foreign = world.b.enterprise
    row = enterprise_row(1, uscc=foreign.uscc, name="想改别人的企业")
    job = run(write_xlsx(tmp_path / "foreign.xlsx", [row]), official(world))

    assert job.status == ImportJob.Status.FAILED
    assert job.errors[0]["column"] == "统一社会信用代码"
    assert "outside your scope" in job.errors[0]["message"]
    foreign.refresh_from_db()
    assert foreign.name == "b企业有限公司"


def test_park_operator_imports_only_into_own_parks(world, tmp_path):
    other_park = ParkFactory(name="别家园区", zone=world.a.zone)
    rows = [
        enterprise_row(1, park=world.a.park.name),
        enterprise_row(2, park=other_park.name),
        enterprise_row(3, park=world.b.park.name),
        enterprise_row(4),
    ]
    job = run(write_xlsx(tmp_path / "parks.xlsx", rows), operator(world))

    assert job.status == ImportJob.Status.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (3, "所属园区"),
        (4, "所属园区"),
        (5, "所属园区"),
    ]
    assert world.a.park.name in job.errors[0]["message"]

    job = run(write_xlsx(tmp_path / "own.xlsx", rows[:1]), operator(world))
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert Enterprise.objects.get(uscc=rows[0]["uscc"]).park == world.a.park


def test_park_operator_cannot_update_an_enterprise_outside_its_parks(world, tmp_path):
    outside = Enterprise.objects.create(
        name="园区外企业", uscc=new_uscc(), zone=world.a.zone, region_code="410171"
    )
    row = {"uscc": outside.uscc, "name": "园区外企业", "park": world.a.park.name}
    job = run(write_xlsx(tmp_path / "outside.xlsx", [row]), operator(world))
    assert job.status == ImportJob.Status.FAILED
    assert "outside your scope" in job.errors[0]["message"]
    outside.refresh_from_db()
    assert outside.park is None


def test_names_must_be_free_for_the_enterprises_organisation(world, tmp_path):
    rows = [
        enterprise_row(1, name="同名企业有限公司"),
        enterprise_row(2, name="同名企业有限公司"),
        enterprise_row(3, name=world.b.operator.name),
    ]
    job = run(write_xlsx(tmp_path / "names.xlsx", rows), official(world))
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "企业名称"), (4, "企业名称")]
    assert "row 2" in job.errors[0]["message"]


def test_a_prepared_organisation_of_the_zone_is_linked(world, tmp_path):
    prepared = Organisation.objects.create(
        name="预先建好的企业", kind=OrganisationKind.ENTERPRISE, zone=world.a.zone
    )
    row = enterprise_row(1, name="预先建好的企业")
    job = run(write_xlsx(tmp_path / "link.xlsx", [row]), official(world))
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert Enterprise.objects.get(uscc=row["uscc"]).organisation == prepared


def test_missing_columns_and_unreadable_files_are_refused(world, tmp_path):
    path = write_xlsx(tmp_path / "cols.xlsx", [{"name": "x"}], headers=["企业名称*", "地址"])
    job = run(path, official(world))
    assert job.status == ImportJob.Status.FAILED
    assert job.errors[0]["row"] is None and "统一社会信用代码" in job.errors[0]["message"]

    garbage = tmp_path / "not.xlsx"
    garbage.write_bytes(b"PK\x03\x04 not really a workbook")
    job = run(garbage, official(world))
    assert job.status == ImportJob.Status.FAILED and ".xlsx" in job.errors[0]["message"]

    empty = write_xlsx(tmp_path / "empty.xlsx", [])
    job = run(empty, official(world))
    assert job.status == ImportJob.Status.FAILED and "no rows" in job.errors[0]["message"]


def test_errors_are_stored_in_the_importers_language(world, tmp_path):
    path = write_xlsx(tmp_path / "zh.xlsx", [enterprise_row(1, employees="很多")])
    job = import_file_now(path=path, actor=official(world), language="zh-hans")
    with translation.override("zh-hans"):
        expected = translation.gettext("Enter a whole number.")
    assert job.language == "zh-hans" and job.errors[0]["message"] == expected


def test_the_system_imports_into_a_zone(world, tmp_path):
    row = enterprise_row(1, park=world.a.park.name)
    job = import_file_now(path=write_xlsx(tmp_path / "sys.xlsx", [row]), zone=world.a.zone)
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert job.created_by is None
    event = AuditEvent.objects.get(action="enterprises.import")
    assert event.actor is None and event.actor_name.startswith("system")


def test_a_job_runs_once_and_rechecks_the_uploaders_role(world, tmp_path):
    from django.core.files import File

    from gaoxin.enterprises.io.runner import import_job_run

    user = official(world)
    path = write_xlsx(tmp_path / "queued.xlsx", [enterprise_row(1)])
    job = ImportJob(
        kind="enterprises", created_by=user, original_filename="queued.xlsx", language="en"
    )
    with path.open("rb") as fh:
        job.file.save("queued.xlsx", File(fh))
    user.role = Role.ADVISOR  # lost the right to import while the job waited
    user.save()

    job = import_job_run(job.pk)
    assert job.status == ImportJob.Status.FAILED
    assert "Only zone officials and park operators" in job.errors[0]["message"]
    assert AuditEvent.objects.filter(action="enterprises.import.failed").count() == 1

    again = import_job_run(job.pk)  # a second delivery of the task
    assert again.finished_at == job.finished_at
    assert AuditEvent.objects.filter(action="enterprises.import.failed").count() == 1


def test_history_rows_are_those_of_the_changed_records_and_the_chain_verifies(world, tmp_path):
    """The bulk write (core.bulk.insert_rows / insert_history) leaves one "+" row per
    created record, one "~" row per changed record holding its new values, none for an
    unchanged one, and an audit chain that verifies."""
    from gaoxin.audit.services import verify_chain

    rows = [enterprise_row(n) for n in range(3)]
    first = run(write_xlsx(tmp_path / "first.xlsx", rows), official(world))
    assert first.status == ImportJob.Status.SUCCEEDED, first.errors
    created = Enterprise.objects.get(uscc=rows[0]["uscc"]).history.get()
    assert created.history_type == "+" and created.history_user == official(world)
    assert created.history_change_reason == f"Excel import #{first.pk}"
    assert created.name == rows[0]["name"] and created.organisation_id is not None

    rows[1] = {**rows[1], "address": "新地址一号"}  # the enterprise changes, its figures do not
    rows[2] = {**rows[2], "employees": 999}  # the figures change, the enterprise does not
    second = run(write_xlsx(tmp_path / "second.xlsx", rows), official(world))

    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 2, 1)
    same, address, figures = (Enterprise.objects.get(uscc=row["uscc"]) for row in rows)
    assert same.history.count() == 1 and same.yearly_facts.get().history.count() == 1
    assert [h.history_type for h in address.history.all()] == ["~", "+"]
    changed = address.history.first()
    assert changed.address == "新地址一号" and changed.name == address.name
    assert changed.history_change_reason == f"Excel import #{second.pk}"
    assert address.yearly_facts.get().history.count() == 1
    assert figures.history.count() == 1
    fact_history = figures.yearly_facts.get().history.all()
    assert [(h.history_type, h.employees) for h in fact_history] == [("~", 999), ("+", 120)]
    assert verify_chain().ok
