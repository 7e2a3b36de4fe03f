"""Builders of the first-set program shared by every part's tests (import from here):

- ``make_round(zone, year=2026, province=None)``: a Round of the current Catalog edition (made
  with the robot entry if none is current) with its two published policies of ``zone``
  (delivery mode apply, a version in force since 1 January of the year before, required
  materials), their review stages (qualification: 初审 by the zone's officials → 推荐单位审核 by
  ``province``'s reviewer when given → 公示 → 决定; subsidy: 推荐单位审核 → 决定) and a fund of the
  subsidy policy for the current year (budget 20 000 000);
- ``make_declaration(enterprise, entry=None, values=None, status="draft", evidence=True)``: a
  declaration of the robot entry meeting every indicator, with one test report;
- ``make_qualification(enterprise, round=None, cap="2160000", …)``: a qualified
  Qualification (no application behind it: like a result entered from the published list).
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.applications.models import ReviewStage
from gaoxin.applications.services import setup_update
from gaoxin.enterprises.services.attachments import attachment_store
from gaoxin.firstset.choices import DeclarationStatus
from gaoxin.firstset.models import (
    CatalogEdition,
    CatalogEntry,
    Declaration,
    DeclarationEvidence,
    Qualification,
    Round,
)
from gaoxin.firstset.qualification_program import new_verify_code
from gaoxin.firstset.services_qualifications import check_values
from gaoxin.funds.services import fund_create
from gaoxin.policies.choices import DeliveryMode
from gaoxin.policies.services import policy_create, version_publish

from .factories import EditionFactory, robot_entry

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROBOT_VALUES = {"额定负载": "600", "重复定位精度": "0.08", "平均无故障工作时间": "60000"}
QUALIFICATION_MATERIALS = ["资格审定申请表", "检测报告"]
SUBSIDY_MATERIALS = ["保费补助资金申请表", "保费支付凭证"]
CRITERIA = {">=": [{"var": "employees"}, 0]}
_numbers = itertools.count(1)


def pdf(name="检测报告.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def current_entry() -> CatalogEntry:
    """The robot entry of the current edition (made, with the edition, when missing)."""
    edition = CatalogEdition.objects.filter(is_current=True).first()
    if edition is None:
        edition = EditionFactory(year=2024, is_current=True)
    entry = edition.entries.filter(equipment_name="重载工业机器人").first()
    return entry or robot_entry(edition, number=f"示例-R{next(_numbers)}")


def _policy(zone, title: str, materials: list[str], year: int):
    policy = policy_create(
        actor=None,
        zone=zone,
        data={
            "title": title,
            "issuing_body": "工业和信息化部",
            "delivery_mode": DeliveryMode.APPLY,
        },
    )
    version_publish(
        actor=None, policy=policy, criteria=CRITERIA, effective_from=datetime.date(year - 1, 1, 1)
    )
    setup_update(actor=None, policy=policy, materials=materials)
    policy.refresh_from_db()
    return policy


def _stages(policy, zone, province, kinds) -> None:
    names = {
        "review": "初审",
        "review_pr": "推荐单位审核",
        "publication": "公示",
        "decision": "决定",
    }
    for order, kind in enumerate(kinds, start=1):
        owner, role = zone, Role.ZONE_OFFICIAL
        if kind == "review_pr" or (kind == "decision" and province is not None):
            owner, role = province or zone, Role.PROVINCIAL_REVIEWER
        ReviewStage.objects.create(
            policy=policy,
            order=order,
            kind="review" if kind == "review_pr" else kind,
            name=names[kind],
            owner_organisation=owner,
            owner_role=role,
            working_days=5,
        )


def make_round(zone, year=2026, province=None, valid_from=None, valid_to=None, name=None):
    """A Round of ``year`` with its two policies of ``zone`` (see the module docstring)."""
    entry = current_entry()
    qualification = _policy(
        zone, f"{year}年首台(套)资格审定（测试）", QUALIFICATION_MATERIALS, year
    )
    subsidy = _policy(zone, f"{year}年首台(套)保费补助（测试）", SUBSIDY_MATERIALS, year)
    kinds = (
        ("review", "review_pr", "publication", "decision")
        if province
        else ("review", "publication", "decision")
    )
    _stages(qualification, zone, province, kinds)
    _stages(subsidy, zone, province, ("review", "decision"))
    fund_create(
        actor=None, policy=subsidy, year=timezone.localdate().year, budget=Decimal("20000000")
    )
    return Round.objects.create(
        year=year,
        name=name or f"{year}年度首台(套)重大技术装备保险补偿",
        edition=entry.edition,
        qualification_policy=qualification,
        subsidy_policy=subsidy,
        valid_from=valid_from or datetime.date(year, 7, 1),
        valid_to=valid_to or datetime.date(year + 3, 6, 30),
    )


def make_declaration(
    enterprise,
    entry=None,
    values=None,
    status=DeclarationStatus.DRAFT,
    evidence=True,
    model_name=None,
    improved_from=None,
) -> Declaration:
    """A declaration of ``entry`` (the robot) with ``values`` (meeting every indicator)."""
    entry = entry or current_entry()
    clean, result, meets = check_values(entry, ROBOT_VALUES if values is None else values)
    declaration = Declaration.objects.create(
        enterprise=enterprise,
        entry=entry,
        model_name=model_name or f"HR-{next(_numbers):03d}",
        product_name="重载搬运机器人",
        values=clean,
        check_result=result,
        meets_all=meets,
        unit_value=Decimal("1200000"),
        status=status,
        improved_from=improved_from,
    )
    if evidence:
        attachment = attachment_store(actor=None, enterprise=enterprise, upload=pdf())
        DeclarationEvidence.objects.create(
            declaration=declaration, kind="检测报告", attachment=attachment
        )
    return declaration


def make_qualification(
    enterprise,
    round=None,
    cap="2160000",
    valid_from=None,
    valid_to=None,
    declarations=None,
    zone=None,
) -> Qualification:
    """A qualified Qualification of ``enterprise`` in ``round`` (made in the enterprise's zone
    when missing), with ``declarations`` (one verified robot declaration when None)."""
    round = round or Round.objects.order_by("-year").first()
    if round is None:
        round = make_round(zone or enterprise.zone)
    if declarations is None:
        declarations = [make_declaration(enterprise, status=DeclarationStatus.VERIFIED)]
    entry = declarations[0].entry if declarations else current_entry()
    qualification = Qualification.objects.create(
        number=f"ZG{round.year}-T{next(_numbers):04d}",
        enterprise=enterprise,
        round=round,
        entry=entry,
        equipment_name=entry.equipment_name,
        support_mode=entry.support_mode,
        quantity=1,
        cap=None if cap is None else Decimal(cap),
        valid_from=valid_from or round.valid_from,
        valid_to=valid_to or round.valid_to,
        recommending_unit="郑州市工业和信息化局",
        published_on=round.valid_from,
        verify_code=new_verify_code(),
    )
    qualification.declarations.set(declarations)
    return qualification
