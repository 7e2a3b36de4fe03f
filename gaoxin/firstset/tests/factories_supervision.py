"""Builders of the supervision tests (until the qualifications and insurance parts merge): a
round, a qualification with its cap, allocations through the cap ledger (``used`` never
written directly), and a subsidy claim with its fund commitment, optionally paid."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from django.db import transaction

from gaoxin.applications.choices import ApplicationStatus
from gaoxin.applications.models import Application
from gaoxin.firstset import ledger
from gaoxin.firstset.models import Qualification, Round, SubsidyClaim
from gaoxin.funds.services import disbursement_create
from gaoxin.funds.tests.factories import make_commitment, make_fund

from .factories import EditionFactory

_numbers = itertools.count(1)
UNIT = "郑州市工业和信息化局"


def make_round(
    year=2024, valid_from=datetime.date(2024, 7, 1), valid_to=datetime.date(2026, 12, 31)
):
    return Round.objects.create(
        year=year, name=f"{year}年度首台(套)保险补偿", edition=EditionFactory(),
        valid_from=valid_from, valid_to=valid_to,
    )  # fmt: skip


def make_qualification(
    enterprise,
    *,
    round=None,
    cap="1000000",
    valid_from=datetime.date(2024, 7, 1),
    valid_to=datetime.date(2026, 12, 31),
    unit=UNIT,
    equipment="重载工业机器人",
) -> Qualification:
    n = next(_numbers)
    return Qualification.objects.create(
        number=f"SJ-T-{n:04d}", enterprise=enterprise, round=round or _round(),
        equipment_name=equipment, cap=None if cap is None else Decimal(cap),
        valid_from=valid_from, valid_to=valid_to, recommending_unit=unit,
        verify_code=f"T{n:08d}",
    )  # fmt: skip


def _round():
    return Round.objects.filter(year=2024).first() or make_round()


@transaction.atomic
def allocate(q: Qualification, amount, claim=None) -> None:
    ledger.allocate(actor=None, qualification=q, amount=Decimal(amount), claim=claim, note="测试")
    q.refresh_from_db()


@transaction.atomic
def make_claim(q: Qualification, amount, *, paid=None, fund=None) -> SubsidyClaim:
    """A decided subsidy claim on ``q``: ``amount`` allocated on the cap and committed from a
    fund of the enterprise's zone; ``paid`` of it disbursed."""
    fund = fund or make_fund(q.enterprise.zone, title=f"首台套保费补助{next(_numbers)}", year=2026)
    application = Application.objects.create(
        number=f"FS-T-{next(_numbers):05d}", policy=fund.policy, enterprise=q.enterprise,
        status=ApplicationStatus.DECIDED,
    )  # fmt: skip
    commitment = make_commitment(fund, q.enterprise, str(amount))
    claim = SubsidyClaim.objects.create(application=application, qualification=q)
    SubsidyClaim.objects.filter(pk=claim.pk).update(commitment=commitment, allocated=amount)
    claim.refresh_from_db()
    allocate(q, amount, claim=claim)
    if paid:
        disbursement_create(
            actor=None, commitment=commitment, amount=Decimal(paid), reference="拨付-测试",
            idempotency_key=f"k-{claim.pk}",
        )  # fmt: skip
        claim.refresh_from_db()
    return claim
