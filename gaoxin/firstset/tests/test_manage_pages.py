"""The reviewer's pages: entries through forms, deletion with confirmation, import, export."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gaoxin.audit.models import AuditEvent
from gaoxin.firstset.models import CatalogEdition, CatalogEntry

from .test_catalog_excel import REDUCER, ROBOT, workbook

pytestmark = pytest.mark.django_db

INDICATOR_KEYS = ("name", "unit", "direction", "threshold")


def entry_post(**overrides):
    data = {
        "edition": overrides.pop("edition", ""),
        "field_name": "智能制造装备",
        "number": "2.1",
        "equipment_name": "协作机器人",
        "description": "",
        "support_mode": "units",
        "notes": "",
        "indicators-TOTAL_FORMS": "3",
        "indicators-INITIAL_FORMS": "0",
        "indicators-0-name": "额定负载",
        "indicators-0-unit": "kg",
        "indicators-0-direction": ">=",
        "indicators-0-threshold": "20",
        "indicators-1-name": "重复定位精度",
        "indicators-1-unit": "mm",
        "indicators-1-direction": "<=",
        "indicators-1-threshold": "0.03",
    }
    data.update(overrides)
    return data


def test_create_an_entry_through_the_form(as_user, reviewer, edition):
    response = as_user(reviewer).post(
        reverse("firstset:entry_create"), entry_post(edition=edition.pk)
    )
    entry = CatalogEntry.objects.get(number="2.1")
    assert response.status_code == 302
    assert response.url == reverse("firstset:entry_detail", kwargs={"pk": entry.pk})
    assert [str(i) for i in entry.indicators.all()] == [
        "额定负载 ≥ 20 kg",
        "重复定位精度 ≤ 0.03 mm",
    ]
    assert AuditEvent.objects.filter(action="firstset.catalog_entry.create").count() == 1


def test_service_errors_come_back_on_the_form(as_user, reviewer, edition, robot):
    client = as_user(reviewer)
    taken = client.post(
        reverse("firstset:entry_create"), entry_post(edition=edition.pk, number=robot.number)
    )
    assert taken.status_code == 200
    assert "already has an entry with that number" in taken.content.decode()
    no_indicators = client.post(
        reverse("firstset:entry_create"),
        entry_post(
            edition=edition.pk,
            **{f"indicators-{i}-{key}": "" for i in (0, 1) for key in INDICATOR_KEYS},
        ),
    )
    assert b'data-testid="indicator-errors"' in no_indicators.content
    assert CatalogEntry.objects.count() == 1


def test_edit_an_entry_and_remove_an_indicator(as_user, reviewer, robot):
    indicators = list(robot.indicators.all())
    data = entry_post(
        number=robot.number,
        equipment_name="重载工业机器人",
        reason="修订",
        **{
            "indicators-TOTAL_FORMS": "3",
            "indicators-INITIAL_FORMS": "3",
            "indicators-0-name": indicators[0].name,
            "indicators-0-unit": "kg",
            "indicators-0-direction": ">=",
            "indicators-0-threshold": "550",
            "indicators-1-name": indicators[1].name,
            "indicators-1-unit": "mm",
            "indicators-1-direction": "<=",
            "indicators-1-threshold": "0.1",
            "indicators-2-name": indicators[2].name,
            "indicators-2-unit": "h",
            "indicators-2-direction": ">=",
            "indicators-2-threshold": "50000",
            "indicators-2-DELETE": "on",
        },
    )
    client = as_user(reviewer)
    page = client.get(reverse("firstset:entry_update", kwargs={"pk": robot.pk}))
    assert page.context["formset"].forms[0]["threshold"].value() == "500"
    response = client.post(reverse("firstset:entry_update", kwargs={"pk": robot.pk}), data)
    assert response.status_code == 302
    assert [str(i) for i in robot.indicators.all()] == [
        "额定负载 ≥ 550 kg",
        "重复定位精度 ≤ 0.1 mm",
    ]
    event = AuditEvent.objects.get(action="firstset.catalog_entry.update")
    assert event.reason == "修订"


def test_delete_asks_first(as_user, reviewer, robot):
    client = as_user(reviewer)
    url = reverse("firstset:entry_delete", kwargs={"pk": robot.pk})
    page = client.get(url)
    assert b'data-testid="confirm-delete"' in page.content
    assert CatalogEntry.objects.exists()
    response = client.post(url, {"reason": "不再列入"})
    assert response.status_code == 302
    assert not CatalogEntry.objects.exists()
    assert AuditEvent.objects.get(action="firstset.catalog_entry.delete").reason == "不再列入"


def test_create_an_edition(as_user, reviewer, edition):
    response = as_user(reviewer).post(
        reverse("firstset:edition_create"),
        {"name": "2026年版", "year": "2026", "issued_by": "工信部", "is_current": "on"},
    )
    assert response.status_code == 302
    assert CatalogEdition.objects.get(is_current=True).name == "2026年版"


def upload(client, edition, source, name="目录.xlsx"):
    source.name = name
    return client.post(reverse("firstset:catalog_import"), {"edition": edition.pk, "file": source})


def test_import_page_lists_every_error_and_writes_nothing(as_user, reviewer, edition):
    bad = [*REDUCER]
    bad[9] = "大于"
    response = upload(as_user(reviewer), edition, workbook(ROBOT, bad))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="import-errors"' in html
    assert "指标1方向" in html and "J3" in html
    assert not CatalogEntry.objects.exists()


def test_import_page_imports_a_good_file(as_user, reviewer, edition):
    response = upload(as_user(reviewer), edition, workbook(ROBOT, REDUCER))
    assert response.status_code == 302
    assert CatalogEntry.objects.filter(edition=edition).count() == 2


def test_import_refuses_a_file_that_is_not_xlsx(as_user, reviewer, edition):
    response = upload(as_user(reviewer), edition, io.BytesIO(b"a,b"), name="目录.csv")
    assert response.status_code == 200
    assert "Choose an Excel workbook" in response.content.decode()


def test_export_and_template_downloads(as_user, reviewer, robot):
    client = as_user(reviewer)
    response = client.get(reverse("firstset:catalog_export"), {"edition": robot.edition_id})
    assert response["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book["目录"]["C2"].value == "重载工业机器人"
    template = client.get(reverse("firstset:catalog_import_template"))
    assert load_workbook(io.BytesIO(template.content))["目录"]["B1"].value == "编号*"
