"""A qualification and its insurance policies made directly, for the estimator's pre-fill."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ..models import CatalogEdition, InsurancePolicy, Qualification, Round


def qualification_for(enterprise, *, number="Q-EST-1", used="500000", **overrides):
    edition = CatalogEdition.objects.filter(is_current=True).first()
    if edition is None:
        edition = CatalogEdition.objects.create(name=f"估算测试目录 {number}", year=2024)
    round_ = Round.objects.create(
        year=2025, name=f"估算测试批次 {number}", edition=edition,
        valid_from=datetime.date(2025, 1, 1), valid_to=datetime.date(2027, 12, 31),
    )  # fmt: skip
    data = {
        "number": number,
        "enterprise": enterprise,
        "round": round_,
        "equipment_name": "重载工业机器人",
        "cap": Decimal("2160000"),
        "used": Decimal(used),
        "valid_from": datetime.date(2025, 1, 1),
        "valid_to": datetime.date(2027, 12, 31),
        "verify_code": f"V{number}",
    }
    return Qualification.objects.create(**{**data, **overrides})


def policy_for(qualification, number, starts, ends, *, previous=None, premium="560000"):
    return InsurancePolicy.objects.create(
        enterprise=qualification.enterprise, qualification=qualification, insurer="测试保险公司",
        number=number, insured_user="某用户单位", starts_on=datetime.date.fromisoformat(starts),
        ends_on=datetime.date.fromisoformat(ends), sum_insured=Decimal("28000000"),
        premium=Decimal(premium), previous=previous,
    )  # fmt: skip
