"""The first-set demo: the 2024 edition with the reference's four sample entries; idempotent,
audited, and every entry marked 示例."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from gaoxin.audit.models import AuditEvent
from gaoxin.audit.services import verify_chain
from gaoxin.firstset.demo import load_firstset_demo
from gaoxin.firstset.models import CatalogEdition, CatalogEntry

from .factories import EditionFactory

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_2024_edition_and_four_sample_entries():
    report = load_firstset_demo()
    assert report.created == {"editions": 1, "entries": 4}
    edition = CatalogEdition.objects.get()
    assert edition.is_current and edition.year == 2024
    assert edition.name == "《首台(套)重大技术装备推广应用指导目录(2024年版)》"
    entries = {e.equipment_name: e for e in CatalogEntry.objects.all()}
    assert set(entries) == {"重载工业机器人", "含油污泥资源化处理成套装备", "超导磁共振成像系统",
                            "机器人用RV减速器"}  # fmt: skip
    assert all(entry.is_sample for entry in entries.values())
    assert [f.name for f in edition.fields.all()] == [
        "智能制造装备",
        "节能环保装备",
        "医疗装备",
        "关键零部件",
    ]
    assert entries["机器人用RV减速器"].support_mode == "batches"
    robot = [str(i) for i in entries["重载工业机器人"].indicators.all()]
    assert robot == [
        "额定负载 ≥ 500 kg",
        "重复定位精度(±) ≤ 0.1 mm",
        "平均无故障工作时间(MTBF) ≥ 50000 h",
    ]
    assert str(entries["超导磁共振成像系统"].indicators.first()) == "主磁场强度 ≥ 3 T"
    assert AuditEvent.objects.filter(action="firstset.demo.load").count() == 1
    assert AuditEvent.objects.filter(action="firstset.catalog_entry.create").count() == 4
    assert verify_chain().ok


def test_the_demo_is_idempotent_and_keeps_edits():
    load_firstset_demo()
    CatalogEntry.objects.filter(number="示例-01").update(equipment_name="改过的名称")
    events = AuditEvent.objects.count()
    report = load_firstset_demo()
    assert not report.changed
    assert report.existing == {"editions": 1, "entries": 4}
    assert AuditEvent.objects.count() == events
    assert CatalogEntry.objects.get(number="示例-01").equipment_name == "改过的名称"


def test_the_demo_does_not_take_the_current_mark_from_another_edition():
    other = EditionFactory(is_current=True)
    load_firstset_demo()
    other.refresh_from_db()
    assert other.is_current
    assert not CatalogEdition.objects.get(year=2024, name__startswith="《").is_current


def test_the_command(client):
    out = io.StringIO()
    call_command("load_firstset_demo", stdout=out)
    assert "4 entries" in out.getvalue()
    call_command("load_firstset_demo", stdout=out)
    assert "nothing changed" in out.getvalue()
    page = client.get(reverse("firstset:catalog")).content.decode()
    assert page.count('data-testid="sample-badge"') == 4
