"""The import pages: template download, upload, the polled job page, and who may open each
io URL (anonymous → login, wrong role → 403, someone else's job → 404)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.models import ImportJob
from gaoxin.enterprises.io.columns import SHEET_HELP, SHEET_LISTS
from gaoxin.enterprises.models import Enterprise

from .test_import_helpers import HEADERS, enterprise_row, read_xlsx, write_xlsx

IMPORTERS = (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR)
NOT_IMPORTERS = (
    Role.PROVINCIAL_REVIEWER,
    Role.ENTERPRISE_USER,
    Role.ADVISOR,
    Role.AUDITOR,
    Role.SYSTEM_ADMIN,
    Role.SECURITY_ADMIN,
)
LISTERS = (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, path, **extra):
    with open(path, "rb") as fh:
        return client.post(reverse("enterprises:import"), {"file": fh}, **extra)


def english(client) -> None:
    """The language switch's choice (a cookie); the browser's Accept-Language is not used."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def make_job(user, **fields) -> ImportJob:
    fields = {"original_filename": "x.xlsx", **fields}
    return ImportJob.objects.create(kind="enterprises", created_by=user, **fields)


# --- permissions ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["import", "import_template", "export"])
def test_anonymous_is_sent_to_login(client, world, name):
    response = client.get(reverse(f"enterprises:{name}"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_anonymous_job_page_is_sent_to_login(client, world):
    job = make_job(world.a.users[Role.ZONE_OFFICIAL])
    response = client.get(reverse("enterprises:import_status", args=[job.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", NOT_IMPORTERS)
@pytest.mark.parametrize("name", ["import", "import_template"])
def test_import_pages_refuse_other_roles(client, world, role, name):
    client.force_login(world.a.users[role])
    assert client.get(reverse(f"enterprises:{name}")).status_code == 403


@pytest.mark.parametrize("role", NOT_IMPORTERS)
def test_upload_refused_to_other_roles(client, world, role, tmp_path):
    client.force_login(world.a.users[role])
    path = write_xlsx(tmp_path / "x.xlsx", [enterprise_row(1)])
    count = Enterprise.objects.count()
    assert upload(client, path).status_code == 403
    assert Enterprise.objects.count() == count and not ImportJob.objects.exists()


@pytest.mark.parametrize("role", IMPORTERS)
@pytest.mark.parametrize("name", ["import", "import_template"])
def test_import_pages_open_for_importers(client, world, role, name):
    client.force_login(world.a.users[role])
    assert client.get(reverse(f"enterprises:{name}")).status_code == 200


@pytest.mark.parametrize("role", [r for r in Role if r not in LISTERS])
def test_export_refused_to_roles_without_the_list(client, world, role):
    client.force_login(world.a.users[role])
    assert client.get(reverse("enterprises:export")).status_code == 403


@pytest.mark.parametrize("role", LISTERS)
def test_export_open_to_roles_with_the_list(client, world, role):
    client.force_login(world.a.users[role])
    assert client.get(reverse("enterprises:export")).status_code == 200


@pytest.mark.parametrize("other", ["b_zone", "a_other_official", "a_operator"])
def test_a_job_page_is_its_creators_only(client, world, other):
    job = make_job(world.a.users[Role.ZONE_OFFICIAL])
    intruder = {
        "b_zone": world.b.users[Role.ZONE_OFFICIAL],
        "a_operator": world.a.users[Role.PARK_OPERATOR],
        "a_other_official": type(world.a.users[Role.ZONE_OFFICIAL]).objects.create(
            username="a_second_official",
            role=Role.ZONE_OFFICIAL,
            organisation=world.a.zone,
            must_change_password=False,
        ),
    }[other]
    client.force_login(intruder)
    assert client.get(reverse("enterprises:import_status", args=[job.pk])).status_code == 404
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    assert client.get(reverse("enterprises:import_status", args=[job.pk])).status_code == 200


# --- template ---------------------------------------------------------------------------------


def test_template_has_the_headers_help_and_the_importers_parks(client, world):
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    response = client.get(reverse("enterprises:import_template"))
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "filename*=utf-8''" in response["Content-Disposition"]
    content = response.content
    assert read_xlsx(content)[0] == HEADERS
    help_text = " ".join(str(c) for row in read_xlsx(content, SHEET_HELP) for c in row if c)
    assert "统一社会信用代码" in help_text and "credit code" in help_text
    parks = [row[1] for row in read_xlsx(content, SHEET_LISTS)[1:] if row[1]]
    assert parks == [world.a.park.name]


def test_template_file_imports_once_filled(client, world, tmp_path):
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    content = client.get(reverse("enterprises:import_template")).content
    from openpyxl import load_workbook

    path = tmp_path / "filled.xlsx"
    path.write_bytes(content)
    workbook = load_workbook(path)
    row = enterprise_row(1, park=world.a.park.name)
    workbook["企业"].append(
        [
            row.get(key)
            for key in (
                "uscc",
                "name",
                "legal_representative",
                "address",
                "region_code",
                "industry_code",
                "industry_name",
                "park",
                "stage",
                "founded_on",
                "year",
                "revenue",
                "output_value",
                "rnd_expense",
                "employees",
                "tax_paid",
                "patents_granted",
                "export_value",
            )
        ]
    )
    workbook.save(path)
    response = upload(client, path, follow=True)
    assert response.context["job"].status == ImportJob.Status.SUCCEEDED, response.context[
        "job"
    ].errors
    assert Enterprise.objects.get(uscc=row["uscc"]).park == world.a.park


# --- upload and job page ------------------------------------------------------------------------


def test_upload_with_a_bad_row_shows_the_error_and_imports_nothing(client, world, tmp_path):
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    rows = [enterprise_row(1), enterprise_row(2, founded_on="去年")]
    count = Enterprise.objects.count()

    english(client)
    response = upload(client, write_xlsx(tmp_path / "bad.xlsx", rows))

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("enterprises:import_status", args=[job.pk])
    assert job.status == ImportJob.Status.FAILED and job.language == "en"
    assert job.file.name.startswith("imports/enterprises/") and job.original_filename == "bad.xlsx"
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="import-failed"' in page
    assert "Nothing was imported." in page
    assert "成立日期" in page and "Enter a date as YYYY-MM-DD" in page and ">3<" in page
    assert "every 1s" not in page
    assert Enterprise.objects.count() == count
    assert AuditEvent.objects.filter(action="enterprises.import.failed").count() == 1

    rows[1]["founded_on"] = "2020-02-02"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    response = upload(client, write_xlsx(tmp_path / "fixed.xlsx", rows), follow=True)
    assert response.context["job"].status == ImportJob.Status.SUCCEEDED
    assert Enterprise.objects.count() == count + 2
    assert 'data-testid="import-succeeded"' in response.content.decode()


def test_a_running_job_is_polled_and_a_finished_one_is_not(client, world):
    user = world.a.users[Role.ZONE_OFFICIAL]
    client.force_login(user)
    job = make_job(user, status=ImportJob.Status.RUNNING, row_count=200, processed_rows=50)
    url = reverse("enterprises:import_status", args=[job.pk])

    page = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page and f'hx-get="{url}"' in page
    assert "<html" in page

    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'hx-trigger="every 1s"' in partial
    assert 'aria-valuenow="25"' in partial

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.SUCCEEDED)
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial and 'data-status="succeeded"' in partial


def test_upload_rejects_files_that_are_not_xlsx(client, world, tmp_path):
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    path = tmp_path / "list.csv"
    path.write_text("a,b\n")
    response = upload(client, path)
    assert response.status_code == 400 and not ImportJob.objects.exists()
    path = tmp_path / "fake.xlsx"
    path.write_text("not a zip")
    assert upload(client, path).status_code == 400


def test_errors_beyond_the_stored_ones_are_counted(client, world):
    user = world.a.users[Role.ZONE_OFFICIAL]
    client.force_login(user)
    errors = [{"row": 2, "column": "企业名称", "cell": "B2", "message": "x"}]
    job = make_job(user, status=ImportJob.Status.FAILED, errors=errors, error_count=1500)
    english(client)
    page = client.get(reverse("enterprises:import_status", args=[job.pk])).content.decode()
    assert "1,499 more errors" in page


def test_import_page_lists_my_recent_jobs_only(client, world):
    mine = make_job(world.a.users[Role.ZONE_OFFICIAL], original_filename="mine.xlsx")
    make_job(world.a.users[Role.PARK_OPERATOR], original_filename="theirs.xlsx")
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    page = client.get(reverse("enterprises:import")).content.decode()
    assert mine.original_filename in page and "theirs.xlsx" not in page
    assert reverse("enterprises:import_template") in page
