"""The department import (部门数据导入): lists written as verified department data, the pending
declarations they confirm verified, the contradicted ones reported; all or nothing; the pages
and who may open them."""

from __future__ import annotations

import datetime
import io
import struct
import zlib
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gaoxin.accounts.choices import Role
from gaoxin.accounts.tests.factories import UserFactory
from gaoxin.audit.models import AuditEvent
from gaoxin.audit.services import verify_chain
from gaoxin.core.models import ImportJob
from gaoxin.enterprises import services
from gaoxin.enterprises.choices import FactSource, Membership, RecordStatus
from gaoxin.enterprises.io.department.kinds import KINDS
from gaoxin.enterprises.io.department.services import department_import_file_now
from gaoxin.enterprises.models import FactRecord, Qualification, YearlyFact
from gaoxin.enterprises.tests.factories import EnterpriseFactory, YearlyFactFactory

DEPARTMENT = "郑州市科学技术局"
REFERENCE = "豫科〔2025〕12号"
ISSUED = datetime.date(2025, 11, 20)
EXPIRES = datetime.date(2028, 11, 19)
NOT_IMPORTERS = [role for role in Role.values if role != Role.ZONE_OFFICIAL]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- helpers (the API tests and the permission matrices use them too) -----------------------


def write_list(path, kind: str, rows: list[dict], headers: list[str] | None = None):
    """A department list as the template lays it out; `rows` by column key."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    columns = KINDS[kind].columns
    sheet.append(headers or [column.header for column in columns])
    for row in rows:
        sheet.append([row.get(column.key) for column in columns])
    workbook.save(path)
    return path


def list_bytes(kind: str, rows: list[dict]) -> bytes:
    out = io.BytesIO()
    write_list(out, kind, rows)
    return out.getvalue()


def certificate(n: int) -> str:
    return f"GR2025410{n:05d}"


def high_tech_row(enterprise, n: int, **values) -> dict:
    row = {
        "uscc": enterprise.uscc,
        "name": enterprise.name,
        "certificate_no": certificate(n),
        "valid_from": ISSUED,
        "valid_to": EXPIRES,
    }
    row.update(values)
    return row


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def member_of(enterprise):
    return UserFactory(role=Role.ENTERPRISE_USER, organisation=enterprise.organisation)


def declare_high_tech(enterprise, number: str, valid_to=EXPIRES) -> FactRecord:
    """The enterprise declares a high-tech certificate, with its scan, as the page does."""
    user = member_of(enterprise)
    with transaction.atomic():
        upload = SimpleUploadedFile("证书.png", tiny_png(), content_type="image/png")
        attachment = services.attachment_store(actor=user, enterprise=enterprise, upload=upload)
        record = services.qualification_add(
            actor=user,
            enterprise=enterprise,
            data={
                "kind": "high_tech",
                "certificate_no": number,
                "valid_from": ISSUED,
                "valid_to": valid_to,
            },
            evidence=number,
            attachment=attachment,
        )
    assert isinstance(record, FactRecord) and record.status == RecordStatus.PENDING
    return record


def declare_figures(enterprise, year: int, **data) -> FactRecord:
    record = services.yearly_fact_upsert(
        actor=member_of(enterprise), enterprise=enterprise, year=year, data=data
    )
    assert isinstance(record, FactRecord) and record.status == RecordStatus.PENDING
    return record


def run(official, kind: str, path, **kwargs) -> ImportJob:
    return department_import_file_now(
        actor=official,
        kind=kind,
        department=kwargs.pop("department", DEPARTMENT),
        reference=kwargs.pop("reference", REFERENCE),
        path=path,
        **kwargs,
    )


def department_job(official, **details) -> ImportJob:
    """A finished department job of the official's zone (for the permission tests)."""
    return ImportJob.objects.create(
        kind="department",
        created_by=official,
        original_filename="名单.xlsx",
        status=ImportJob.Status.SUCCEEDED,
        details={
            "list_kind": "high_tech",
            "department": DEPARTMENT,
            "reference": REFERENCE,
            "zone_id": official.zone.pk,
            "mismatches": [],
            **details,
        },
    )


def snapshot_counts() -> tuple:
    return (
        YearlyFact.objects.count(),
        Qualification.objects.count(),
        FactRecord.objects.count(),
        AuditEvent.objects.count(),
    )


# --- a 200-row recognition list ----------------------------------------------------------------


def test_high_tech_list_writes_verifies_and_reports_mismatches(world, official, tmp_path):
    enterprises = EnterpriseFactory.create_batch(200, zone=world.a.zone)
    confirmed = [declare_high_tech(e, certificate(n)) for n, e in enumerate(enterprises[:5])]
    other_dates = declare_high_tech(enterprises[5], certificate(5), valid_to=EXPIRES.replace(2027))
    contradicted = [
        declare_high_tech(e, f"GR2019410{n:05d}") for n, e in enumerate(enterprises[6:9], start=6)
    ]
    path = write_list(
        tmp_path / "高新.xlsx",
        "high_tech",
        [high_tech_row(e, n) for n, e in enumerate(enterprises)],
    )

    job = run(official, "high_tech", path)

    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert (job.row_count, job.created_count, job.updated_count) == (200, 200, 0)
    details = job.details
    assert (details["written"], details["verified"], details["mismatched"]) == (200, 6, 3)
    held = Qualification.objects.filter(enterprise__in=enterprises, kind="high_tech")
    assert held.count() == 200  # the confirmed declarations were not added twice
    for record in [*confirmed, other_dates]:
        record.refresh_from_db()
        assert record.status == RecordStatus.VERIFIED and record.decided_by == official
        assert DEPARTMENT in record.reason and REFERENCE in record.reason
    # the department's dates win over the declared ones
    assert held.get(enterprise=enterprises[5]).valid_to == EXPIRES
    for record in contradicted:
        record.refresh_from_db()
        assert record.status == RecordStatus.PENDING
    # the enterprises that declared a wrong number still get the department's certificate
    assert held.get(enterprise=enterprises[6]).certificate_no == certificate(6)

    written = FactRecord.objects.filter(import_job=job)
    assert written.count() == 195  # 194 added + one date corrected after a verification
    assert set(written.values_list("source", "department", "evidence", "status")) == {
        (FactSource.DEPARTMENT, DEPARTMENT, REFERENCE, RecordStatus.VERIFIED)
    }
    mismatches = details["mismatches"]
    assert [(m["uscc"], m["field"]) for m in mismatches] == [
        (e.uscc, "certificate_no") for e in enterprises[6:9]
    ]
    assert mismatches[0]["declared"] == "GR201941000006"
    assert mismatches[0]["department"] == certificate(6)
    assert mismatches[0]["record_id"] == contradicted[0].pk

    event = AuditEvent.objects.get(action="enterprises.department_import")
    assert event.actor_id == official.pk
    assert event.data["written"] == 200 and event.data["verified"] == 6
    assert event.data["mismatched"] == 3 and event.data["department"] == DEPARTMENT


def test_importing_the_same_list_again_changes_nothing(world, official, tmp_path):
    enterprises = EnterpriseFactory.create_batch(3, zone=world.a.zone)
    path = write_list(
        tmp_path / "l.xlsx", "srdi", [high_tech_row(e, n) for n, e in enumerate(enterprises)]
    )
    assert run(official, "srdi", path).created_count == 3
    records = FactRecord.objects.count()
    again = run(official, "srdi", path)
    assert again.status == ImportJob.Status.SUCCEEDED
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 3)
    assert FactRecord.objects.count() == records
    assert Qualification.objects.filter(kind="srdi").count() == 3


def test_statistics_list_confirms_contradicts_and_leaves_uncovered(world, official, tmp_path):
    same, other, uncovered, known = EnterpriseFactory.create_batch(4, zone=world.a.zone)
    confirm = declare_figures(same, 2024, revenue="1000.50", employees="12")
    contradict = declare_figures(other, 2024, revenue="999.00", output_value="5.00")
    leave = declare_figures(uncovered, 2024, revenue="300.00", tax_paid="20.00")
    YearlyFactFactory(enterprise=known, year=2024, revenue=Decimal("80000000.00"))
    last_before = AuditEvent.objects.order_by("pk").last().pk
    rows = [
        {"uscc": same.uscc, "year": 2024, "revenue": 1000.5, "employees": 12},
        {"uscc": other.uscc, "year": 2024, "revenue": "1,200.00", "output_value": 5},
        {"uscc": uncovered.uscc, "year": 2024, "revenue": "300"},
        {"uscc": known.uscc, "year": 2024, "revenue": 80000000, "employees": 130},
    ]
    job = run(official, "statistics", write_list(tmp_path / "s.xlsx", "statistics", rows))

    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert (job.created_count, job.updated_count, job.unchanged_count) == (3, 1, 0)
    assert (job.details["verified"], job.details["mismatched"]) == (1, 1)
    assert job.details["not_covered"] == 1
    for record, status in ((confirm, "verified"), (contradict, "pending"), (leave, "pending")):
        record.refresh_from_db()
        assert record.status == status
    assert [(m["field"], m["declared"], m["department"]) for m in job.details["mismatches"]] == [
        ("revenue", "999.00", "1200.00")
    ]
    assert YearlyFact.objects.get(enterprise=other, year=2024).revenue == Decimal("1200.00")
    fact = YearlyFact.objects.get(enterprise=known, year=2024)
    assert (fact.revenue, fact.employees) == (Decimal("80000000.00"), 130)
    assert FactRecord.objects.get(import_job=job, enterprise=known).values == {"employees": 130}
    # every year written has its event (the confirmed row's after its verification's), and the
    # import's own closes the list; all appended together at the end, in the chain
    added = list(AuditEvent.objects.filter(pk__gt=last_before).order_by("pk"))
    assert [e.action for e in added][-1] == "enterprises.department_import"
    written = [e for e in added if e.action.startswith("enterprises.yearly_fact.")]
    assert sorted(e.object_id for e in written) == sorted(
        str(e.pk) for e in (same, other, uncovered, known)
    )
    assert len(added) > len(written) + 1  # and the confirmed declaration's verification
    assert verify_chain().ok


def test_tax_list_writes_tax_and_rnd_expense(world, official, tmp_path):
    enterprise = world.a.enterprise
    rows = [{"uscc": enterprise.uscc, "year": 2023, "tax_paid": 1234.56, "rnd_expense": "0"}]
    job = run(official, "tax", write_list(tmp_path / "t.xlsx", "tax", rows))
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    fact = YearlyFact.objects.get(enterprise=enterprise, year=2023)
    assert (fact.tax_paid, fact.rnd_expense, fact.revenue) == (
        Decimal("1234.56"),
        Decimal("0.00"),
        None,
    )


# --- all or nothing ---------------------------------------------------------------------------


def test_one_bad_row_imports_nothing(world, official, tmp_path):
    enterprises = EnterpriseFactory.create_batch(200, zone=world.a.zone)
    pending = declare_high_tech(enterprises[0], certificate(0))
    rows = [high_tech_row(e, n) for n, e in enumerate(enterprises)]
    rows[120]["valid_from"] = "2025-13-40"  # row 122 of the sheet
    path = write_list(tmp_path / "bad.xlsx", "high_tech", rows)
    before = snapshot_counts()

    job = run(official, "high_tech", path)

    assert job.status == ImportJob.Status.FAILED
    assert job.errors == [
        {
            "row": 122,
            "column": "发证日期",
            "cell": "D122",
            "message": "Enter a date as YYYY-MM-DD, e.g. 2024-05-01.",
        }
    ]
    assert snapshot_counts() == before
    pending.refresh_from_db()
    assert pending.status == RecordStatus.PENDING


def test_every_bad_row_is_reported(world, official, tmp_path):
    partner = EnterpriseFactory(zone=world.a.zone, membership=Membership.PARTNER)
    mine = EnterpriseFactory(zone=world.a.zone)
    rows = [
        {"uscc": mine.uscc, "year": 2024, "revenue": 10},
        {"uscc": partner.uscc, "year": 2024, "revenue": 10},
        {"uscc": world.b.enterprise.uscc, "year": 2024, "revenue": 10},
        {"uscc": "91410100MA00000000", "year": 2024, "revenue": 10},
        {"uscc": mine.uscc, "year": 2024, "revenue": 20},
        {"uscc": world.a.enterprise.uscc, "year": 1900, "revenue": -5, "employees": 1.5},
        {"uscc": world.a.enterprise.uscc, "year": 2023},
    ]
    before = snapshot_counts()
    job = run(official, "statistics", write_list(tmp_path / "e.xlsx", "statistics", rows))
    assert job.status == ImportJob.Status.FAILED
    found = [(e["row"], e["column"]) for e in job.errors]
    assert found == [
        (3, "统一社会信用代码"),
        (4, "统一社会信用代码"),
        (5, "统一社会信用代码"),
        (6, "统一社会信用代码"),
        (7, "年度"),
        (7, "营业收入"),
        (7, "从业人数"),
        (8, "营业收入"),
    ], job.errors
    messages = {e["row"]: e["message"] for e in job.errors}
    assert "partner outside the zone" in messages[3] and partner.name in messages[3]
    assert "No enterprise of your zone" in messages[4]
    assert "also in row 2" in messages[6]
    assert snapshot_counts() == before


def test_messages_are_in_the_uploaders_language(world, official, tmp_path):
    rows = [high_tech_row(world.a.enterprise, 1, valid_from="明天")]
    job = run(
        official,
        "high_tech",
        write_list(tmp_path / "z.xlsx", "high_tech", rows),
        language="zh-hans",
    )
    assert job.status == ImportJob.Status.FAILED
    assert job.errors[0]["message"] == "请按 YYYY-MM-DD 格式填写日期，如2024-05-01。"


def test_a_list_without_its_columns_is_refused(world, official, tmp_path):
    path = write_list(tmp_path / "h.xlsx", "high_tech", [], headers=["统一社会信用代码", "名称"])
    job = run(official, "high_tech", path)
    assert job.status == ImportJob.Status.FAILED
    assert "missing" in job.errors[0]["message"] and "证书编号" in job.errors[0]["message"]


def test_headers_may_use_the_departments_names(world, official, tmp_path):
    headers = ["信用代码", "单位名称", "年份", "营业收入（元）", "工业总产值", "从业人员"]
    rows = [{"uscc": world.a.enterprise.uscc, "year": 2022, "employees": 7}]
    path = write_list(tmp_path / "a.xlsx", "statistics", rows, headers=headers)
    job = run(official, "statistics", path)
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert YearlyFact.objects.get(enterprise=world.a.enterprise, year=2022).employees == 7


def test_a_period_out_of_order_and_duplicate_certificates(world, official, tmp_path):
    one, two = EnterpriseFactory.create_batch(2, zone=world.a.zone)
    rows = [
        high_tech_row(one, 1, valid_to=datetime.date(2020, 1, 1)),
        high_tech_row(two, 1),
    ]
    job = run(official, "high_tech", write_list(tmp_path / "d.xlsx", "high_tech", rows))
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "有效期至"), (3, "证书编号")]


def test_only_zone_officials_import(world, tmp_path):
    from gaoxin.core.errors import PermissionDeniedError

    path = write_list(tmp_path / "p.xlsx", "high_tech", [high_tech_row(world.a.enterprise, 1)])
    for role in NOT_IMPORTERS:
        with pytest.raises(PermissionDeniedError):
            run(world.a.users[role], "high_tech", path)
    assert not ImportJob.objects.exists()


# --- pages ------------------------------------------------------------------------------------


def test_form_templates_and_job_page(client, world, official, tmp_path):
    client.force_login(official)
    page = client.get(reverse("enterprises:department_import"))
    assert page.status_code == 200
    for code, kind in KINDS.items():
        assert reverse("enterprises:department_import_template", args=[code]) in page.text
        response = client.get(reverse("enterprises:department_import_template", args=[code]))
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content))["名单"]
        assert [cell.value for cell in sheet[1]] == [column.header for column in kind.columns]
    enterprise = world.a.enterprise
    declare_high_tech(enterprise, "GR2019XXXX")
    upload = SimpleUploadedFile(
        "名单.xlsx", list_bytes("high_tech", [high_tech_row(enterprise, 1)])
    )
    response = client.post(
        reverse("enterprises:department_import"),
        {"kind": "high_tech", "department": DEPARTMENT, "reference": REFERENCE, "file": upload},
    )
    job = ImportJob.objects.get(kind="department")
    assert response.status_code == 302
    assert response["Location"] == reverse("enterprises:department_import_status", args=[job.pk])
    status = client.get(response["Location"])
    assert status.status_code == 200
    assert 'data-testid="department-succeeded"' in status.text
    assert 'data-testid="mismatches"' in status.text and "GR2019XXXX" in status.text
    # the list's Chinese name; in English its translated name beside it
    assert "高新技术企业认定名单" in status.text and 'data-testid="list-label"' not in status.text
    client.cookies["django_language"] = "en"
    english = client.get(response["Location"]).text
    assert 'data-testid="list-label"' in english and "High-tech enterprise recognition" in english
    del client.cookies["django_language"]
    report = client.get(reverse("enterprises:department_import_mismatches", args=[job.pk]))
    assert report.status_code == 200
    rows = list(load_workbook(io.BytesIO(b"".join(report.streaming_content))).active.values)
    assert rows[0][:3] == ("行号", "统一社会信用代码", "企业名称")
    assert rows[1][1:3] == (enterprise.uscc, enterprise.name)
    assert rows[1][5:7] == ("GR2019XXXX", certificate(1))
    assert DEPARTMENT in client.get(reverse("enterprises:department_import")).text


def test_form_errors_are_shown(client, world, official):
    client.force_login(official)
    upload = SimpleUploadedFile("名单.csv", b"a,b")
    response = client.post(
        reverse("enterprises:department_import"),
        {"kind": "high_tech", "department": "", "reference": REFERENCE, "file": upload},
    )
    assert response.status_code == 400
    assert not ImportJob.objects.exists()
    assert response.context["form"].errors.keys() == {"department", "file"}


def test_registry_import_page_links_here_for_officials(client, world, official, operator):
    link = reverse("enterprises:department_import")
    client.force_login(official)
    assert link in client.get(reverse("enterprises:import")).text
    client.force_login(operator)
    assert link not in client.get(reverse("enterprises:import")).text


@pytest.mark.parametrize("name", ["department_import", "department_import_template"])
def test_pages_refuse_other_roles_and_anonymous(client, world, name):
    url = reverse(
        f"enterprises:{name}", kwargs={"kind": "tax"} if name.endswith("template") else None
    )
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for role in NOT_IMPORTERS:
        client.force_login(world.a.users[role])
        assert client.get(url).status_code == 403, role


def test_post_refused_to_other_roles(client, world):
    for role in NOT_IMPORTERS:
        client.force_login(world.a.users[role])
        upload = SimpleUploadedFile("名单.xlsx", list_bytes("tax", []))
        data = {"kind": "tax", "department": "税务局", "reference": "2025-1", "file": upload}
        assert client.post(reverse("enterprises:department_import"), data).status_code == 403
    assert not ImportJob.objects.exists()


def test_unknown_template_is_404(client, official):
    client.force_login(official)
    assert client.get("/enterprises/department-import/template/weather/").status_code == 404


@pytest.mark.parametrize("name", ["department_import_status", "department_import_mismatches"])
def test_job_pages_are_for_the_zone_that_made_them(client, world, official, name):
    job = department_job(official)
    url = reverse(f"enterprises:{name}", args=[job.pk])
    assert client.get(url).status_code == 302
    colleague = UserFactory(role=Role.ZONE_OFFICIAL, organisation=world.a.zone)
    client.force_login(colleague)
    assert client.get(url).status_code == 200
    client.force_login(world.b.users[Role.ZONE_OFFICIAL])
    assert client.get(url).status_code == 404
    for role in NOT_IMPORTERS:
        client.force_login(world.a.users[role])
        assert client.get(url).status_code == 403, role
    registry_job = ImportJob.objects.create(kind="enterprises", created_by=official)
    client.force_login(official)
    assert client.get(reverse(f"enterprises:{name}", args=[registry_job.pk])).status_code == 404


def test_failed_job_page_lists_errors_and_has_no_report(client, world, official, tmp_path):
    rows = [high_tech_row(world.b.enterprise, 1)]
    job = run(official, "high_tech", write_list(tmp_path / "x.xlsx", "high_tech", rows))
    client.force_login(official)
    page = client.get(reverse("enterprises:department_import_status", args=[job.pk]))
    assert 'data-testid="department-failed"' in page.text
    assert 'data-testid="import-errors"' in page.text
    url = reverse("enterprises:department_import_mismatches", args=[job.pk])
    assert client.get(url).status_code == 404
