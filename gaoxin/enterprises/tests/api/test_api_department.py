"""The department import's API: POST /api/department-imports (multipart) and
GET /api/department-imports/{id}, with the pages' permissions and the one error body."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gaoxin.accounts.choices import Role
from gaoxin.accounts.tests.api_client import ApiClient
from gaoxin.core.models import ImportJob
from gaoxin.enterprises.models import Qualification
from gaoxin.enterprises.tests.factories import EnterpriseFactory
from gaoxin.enterprises.tests.test_department_import import (
    DEPARTMENT,
    REFERENCE,
    certificate,
    declare_high_tech,
    department_job,
    high_tech_row,
    list_bytes,
)

PATH = "/api/department-imports"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def post(user, data: dict, *, language: str | None = None):
    """A multipart POST, as a program sends it (with the user's token; anonymous for None)."""
    api = ApiClient(user, language)
    return api.client.post(PATH, data, headers=api.headers)


def form(content: bytes, name: str = "名单.xlsx", **fields) -> dict:
    return {
        "kind": "high_tech",
        "department": DEPARTMENT,
        "reference": REFERENCE,
        "file": SimpleUploadedFile(name, content),
        **fields,
    }


def test_submit_and_read_a_job(world, official):
    enterprises = EnterpriseFactory.create_batch(3, zone=world.a.zone)
    declared = declare_high_tech(enterprises[0], certificate(0))
    declare_high_tech(enterprises[1], "GR2019410XXXXX")
    rows = [high_tech_row(e, n) for n, e in enumerate(enterprises)]

    response = post(official, form(list_bytes("high_tech", rows)))

    assert response.status_code == 202, response.content
    body = response.json()
    job = ImportJob.objects.get(pk=body["id"])
    assert job.kind == "department" and job.created_by == official
    assert body["status"] == "succeeded"  # the test settings run tasks at once
    assert (body["list"], body["department"], body["reference"]) == (
        "high_tech",
        DEPARTMENT,
        REFERENCE,
    )
    assert (body["rows"], body["written"], body["verified"], body["mismatched"]) == (3, 3, 1, 1)
    assert Qualification.objects.filter(enterprise__in=enterprises).count() == 3
    declared.refresh_from_db()
    assert declared.status == "verified"

    read = ApiClient(official, "en").get(f"/department-imports/{job.pk}")
    assert read.status_code == 200
    mismatch = read.json()["mismatches"][0]
    assert mismatch["uscc"] == enterprises[1].uscc and mismatch["field"] == "certificate_no"
    assert mismatch["declared"] == "GR2019410XXXXX"
    assert mismatch["department"] == certificate(1)
    assert mismatch["label"] == "Certificate number"


def test_a_refused_file_lists_its_errors(world, official):
    rows = [high_tech_row(world.b.enterprise, 1), high_tech_row(world.a.enterprise, 2)]
    rows[1]["valid_to"] = "2020-01-01"
    response = post(official, form(list_bytes("high_tech", rows)))
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "failed" and body["error_count"] == 2
    assert [(e["row"], e["column"]) for e in body["errors"]] == [
        (2, "统一社会信用代码"),
        (3, "有效期至"),
    ]
    assert not Qualification.objects.filter(enterprise=world.a.enterprise).exists()


def test_errors_in_chinese_for_a_chinese_caller(world, official):
    rows = [high_tech_row(world.a.enterprise, 1, valid_from="20250101x")]
    body = post(official, form(list_bytes("high_tech", rows)), language="zh-hans").json()
    assert body["errors"][0]["message"] == "请按 YYYY-MM-DD 格式填写日期，如2024-05-01。"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"department": " "}, "department"),
        ({"reference": "x" * 201}, "reference"),
        ({"kind": "weather"}, "kind"),
    ],
)
def test_bad_inputs_are_422_naming_the_field(world, official, fields, field):
    response = post(official, form(list_bytes("high_tech", []), **fields))
    assert response.status_code == 422, response.content
    assert field in [f["field"] for f in response.json()["error"]["fields"]]
    assert not ImportJob.objects.exists()


def test_a_file_that_is_not_xlsx_is_422(world, official):
    response = post(official, form(b"a,b\n1,2", name="名单.csv"))
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "file"


def test_missing_file_is_422(world, official):
    data = form(b"")
    del data["file"]
    response = post(official, data)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation"


def test_anonymous_is_401(world):
    response = post(None, form(list_bytes("high_tech", [])))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    job = department_job(world.a.users[Role.ZONE_OFFICIAL])
    assert ApiClient().get(f"/department-imports/{job.pk}").status_code == 401


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ZONE_OFFICIAL])
def test_other_roles_are_403(world, role):
    user = world.a.users[role]
    response = post(user, form(list_bytes("high_tech", [high_tech_row(world.a.enterprise, 1)])))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    job = department_job(world.a.users[Role.ZONE_OFFICIAL])
    assert ApiClient(user).get(f"/department-imports/{job.pk}").status_code == 403
    assert not Qualification.objects.filter(enterprise=world.a.enterprise).exists()


def test_another_zones_job_is_404(world, official):
    job = department_job(official)
    other = ApiClient(world.b.users[Role.ZONE_OFFICIAL]).get(f"/department-imports/{job.pk}")
    assert other.status_code == 404
    assert other.json()["error"]["code"] == "not_found"
    registry = ImportJob.objects.create(kind="enterprises", created_by=official)
    assert ApiClient(official).get(f"/department-imports/{registry.pk}").status_code == 404
    assert ApiClient(official).get("/department-imports/999999").status_code == 404


def test_openapi_documents_the_responses():
    from config.api import api

    paths = api.get_openapi_schema()["paths"]
    errors = {"400", "401", "403", "404", "409", "422"}  # every operation's (config/api.py)
    assert set(map(str, paths[PATH]["post"]["responses"])) == {"202", *errors}
    responses = paths[PATH + "/{job_id}"]["get"]["responses"]
    assert set(map(str, responses)) == {"200", *errors}
    body = paths[PATH]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert set(body["required"]) == {"kind", "department", "reference", "file"}
