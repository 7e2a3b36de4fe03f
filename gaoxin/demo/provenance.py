"""Where the demo's facts come from: each value is loaded as a department's shared data (部门共享),
verified, as a zone running 免申即享 receives it — the profile from market regulation, the
figures from the tax and statistics bureaus and the patent office, the qualifications from the
departments that grant them. The department files are the demo's own (示例), named as such."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from gaoxin.enterprises.choices import FactSource, RecordStatus, RecordSubject
from gaoxin.enterprises.models import Enterprise, FactRecord, Qualification, YearlyFact
from gaoxin.enterprises.services.declarations import (
    PROFILE_FACT_FIELDS,
    as_record_values,
    qualification_slot,
    yearly_slot,
)

MARKET = "郑州市市场监督管理局"
TAX = "国家税务总局郑州高新技术产业开发区税务局"
STATISTICS = "郑州高新区统计局"
PATENTS = "郑州市知识产权局"
SCIENCE = "河南省科学技术厅"
INDUSTRY = "河南省工业和信息化厅"

# yearly figure → the department that shares it
YEARLY_DEPARTMENTS = {
    TAX: ("revenue", "rnd_expense", "tax_paid", "export_value"),
    STATISTICS: ("output_value", "employees"),
    PATENTS: ("patents_granted",),
}
QUALIFICATION_DEPARTMENTS = {
    "high_tech": SCIENCE,
    "tech_sme": SCIENCE,
    "innovative_sme": INDUSTRY,
    "srdi": INDUSTRY,
    "little_giant": INDUSTRY,
}


def _record(enterprise: Enterprise, department: str, evidence: str, **fields) -> FactRecord:
    return FactRecord(
        enterprise=enterprise,
        source=FactSource.DEPARTMENT,
        department=department,
        evidence=f"{evidence}（示例数据文件）",
        status=RecordStatus.VERIFIED,
        decided_at=timezone.now(),
        **fields,
    )


def department_records(
    enterprise: Enterprise,
    facts: Iterable[YearlyFact],
    qualifications: Iterable[Qualification],
) -> list[FactRecord]:
    """The verified department records behind a demo enterprise's values."""
    records = [_profile_record(enterprise)]
    for fact in facts:
        records.extend(_yearly_records(enterprise, fact))
    records.extend(_qualification_record(enterprise, q) for q in qualifications)
    return records


def _profile_record(enterprise: Enterprise) -> FactRecord:
    """The market regulator's record of the file's fields that policies read."""
    profile = {name: getattr(enterprise, name) for name in PROFILE_FACT_FIELDS if name != "park"}
    profile["park"] = enterprise.park_id
    return _record(
        enterprise,
        MARKET,
        "企业登记信息共享",
        subject=RecordSubject.PROFILE,
        slot="profile",
        values=as_record_values({k: v for k, v in profile.items() if v not in (None, "")}),
    )


def _yearly_records(enterprise: Enterprise, fact: YearlyFact) -> list[FactRecord]:
    """One record per department that gives some of the year's figures."""
    records = []
    for department, names in YEARLY_DEPARTMENTS.items():
        values = {n: getattr(fact, n) for n in names if getattr(fact, n) is not None}
        if values:
            records.append(
                _record(
                    enterprise,
                    department,
                    f"{fact.year}年度数据共享",
                    subject=RecordSubject.YEARLY,
                    slot=yearly_slot(fact.year),
                    year=fact.year,
                    values=as_record_values(values),
                )
            )
    return records


def _qualification_record(enterprise: Enterprise, qualification: Qualification) -> FactRecord:
    """The record of the department whose list holds the qualification."""
    department = QUALIFICATION_DEPARTMENTS.get(qualification.kind, SCIENCE)
    return _record(
        enterprise,
        department,
        f"{qualification.get_kind_display()}名单",
        subject=RecordSubject.QUALIFICATION,
        slot=qualification_slot(qualification, qualification.kind),
        qualification=qualification,
        values=as_record_values(
            {
                "kind": qualification.kind,
                "certificate_no": qualification.certificate_no,
                "valid_from": qualification.valid_from,
                "valid_to": qualification.valid_to,
            }
        ),
    )
