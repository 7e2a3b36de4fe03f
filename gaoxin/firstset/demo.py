"""The first-set demo: the 2024 edition of the catalog with the reference's four SAMPLE entries
(reference §5), marked 示例 (``is_sample``) because no real 2024 entry with its numbers was at
hand. Idempotent and audited: records are found by natural key (edition name, entry number) and
left exactly as they are when present; only what is missing is created, through the services.

``gaoxin load-firstset-demo`` runs it; ``gaoxin load-demo`` may call :func:`load_firstset_demo`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from gaoxin.audit.services import record
from gaoxin.core.registry import demo_loader

from .choices import Direction, SupportMode
from .models import CatalogEdition, CatalogEntry
from .services import catalog_edition_create, catalog_entry_create

EDITION = {
    "name": "《首台(套)重大技术装备推广应用指导目录(2024年版)》",
    "year": 2024,
    "issued_by": "工业和信息化部",
    "doc_number": "",
    "is_current": True,
    "notes": (
        "2024年及2025年保险补偿工作的目录范围。演示数据中的条目为示例(示例数据)，"
        "并非目录原文；文号未列出。"
    ),
}

AT_LEAST, AT_MOST = Direction.AT_LEAST, Direction.AT_MOST
SAMPLE_NOTE = "示例条目(参考资料§5)：指标数值为演示用示例值，并非目录原文。"

ENTRIES = [
    {
        "field": "智能制造装备",
        "number": "示例-01",
        "equipment_name": "重载工业机器人",
        "support_mode": SupportMode.UNITS,
        "description": "额定负载500 kg及以上的重载六轴工业机器人整机。",
        "indicators": [
            ("额定负载", "kg", AT_LEAST, "500"),
            ("重复定位精度(±)", "mm", AT_MOST, "0.1"),
            ("平均无故障工作时间(MTBF)", "h", AT_LEAST, "50000"),
        ],
    },
    {
        "field": "节能环保装备",
        "number": "示例-02",
        "equipment_name": "含油污泥资源化处理成套装备",
        "support_mode": SupportMode.UNITS,
        "description": "含油污泥热解/萃取资源化处理成套装备。",
        "indicators": [
            ("处理能力", "t/d", AT_LEAST, "100"),
            ("处理后固相含油率", "%", AT_MOST, "0.3"),
            ("油回收率", "%", AT_LEAST, "90"),
        ],
    },
    {
        "field": "医疗装备",
        "number": "示例-03",
        "equipment_name": "超导磁共振成像系统",
        "support_mode": SupportMode.UNITS,
        "description": "全身超导磁共振成像系统。",
        "indicators": [
            ("主磁场强度", "T", AT_LEAST, "3.0"),
            ("梯度场强", "mT/m", AT_LEAST, "80"),
        ],
    },
    {
        "field": "关键零部件",
        "number": "示例-04",
        "equipment_name": "机器人用RV减速器",
        "support_mode": SupportMode.BATCHES,
        "description": "工业机器人关节用RV减速器(按批次支持)。",
        "indicators": [
            ("传动误差", "arcmin", AT_MOST, "1"),
        ],
    },
]


@dataclass
class FirstsetDemoReport:
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return sum(self.created.values()) > 0


def describe(report: FirstsetDemoReport) -> list[str]:
    if not report.changed:
        return []
    made = ", ".join(f"{n} {k}" for k, n in report.created.items() if n)
    return [f"首台(套) catalog demo loaded: {made}."]


@demo_loader("firstset", order=10, describe=describe)
def load_firstset_demo() -> FirstsetDemoReport:
    """Load the 2024 edition and its sample entries; returns what was created and found."""
    report = FirstsetDemoReport()
    with transaction.atomic():
        edition = CatalogEdition.objects.filter(name=EDITION["name"]).first()
        if edition is None:
            current = CatalogEdition.objects.filter(is_current=True).exists()
            edition = catalog_edition_create(
                actor=None, data={**EDITION, "is_current": not current}
            )
            report.created["editions"] += 1
        else:
            report.existing["editions"] += 1
        for spec in ENTRIES:
            _entry(edition, spec, report)
        if report.changed:
            record(
                action="firstset.demo.load",
                actor=None,
                obj=edition,
                summary=_("Loaded the first-set demo catalog"),
                data={"created": dict(report.created), "existing": dict(report.existing)},
                reason="示例数据: gaoxin load-firstset-demo",
            )
    return report


def _entry(edition: CatalogEdition, spec: dict, report: FirstsetDemoReport) -> None:
    if CatalogEntry.objects.filter(edition=edition, number=spec["number"]).exists():
        report.existing["entries"] += 1
        return
    catalog_entry_create(
        actor=None,
        edition=edition,
        field_name=spec["field"],
        data={
            "number": spec["number"],
            "equipment_name": spec["equipment_name"],
            "description": spec["description"],
            "support_mode": spec["support_mode"],
            "is_sample": True,
            "notes": SAMPLE_NOTE,
        },
        indicators=[
            {"name": name, "unit": unit, "direction": direction, "threshold": threshold}
            for name, unit, direction, threshold in spec["indicators"]
        ],
        via="demo",
    )
    report.created["entries"] += 1


# the program's demo loaders (each registers itself with @demo_loader)
from . import demo_insurance, demo_proposals, demo_qualifications, demo_supervision  # noqa: E402,F401
