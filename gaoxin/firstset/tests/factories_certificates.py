"""Small factories for the certificate tests: a round, a qualification with its models and an
insurance policy (the qualifications and insurance parts own the real flows; until the merge,
these make the rows directly, as those flows leave them)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from gaoxin.firstset.choices import DeclarationStatus, InsuranceStatus
from gaoxin.firstset.models import Declaration, InsurancePolicy, Qualification, Round

from .factories import EditionFactory, robot_entry


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    """A date ``n`` days from today (the tests do not depend on the calendar)."""
    return today() + datetime.timedelta(days=n)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round
        django_get_or_create = ("year",)

    year = 2024
    name = factory.LazyAttribute(lambda o: f"{o.year}年度首台(套)重大技术装备保险补偿")
    doc_number = "工信部联重装〔2024〕89号"
    edition = factory.SubFactory(EditionFactory)
    valid_from = factory.LazyFunction(lambda: days(-500))
    valid_to = factory.LazyFunction(lambda: days(25))


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification

    number = factory.Sequence(lambda n: f"ZS-2024-{n:04d}")
    verify_code = factory.Sequence(lambda n: f"HN24C{n:05d}")
    round = factory.SubFactory(RoundFactory)
    equipment_name = "重载工业机器人"
    cap = Decimal("5000000.00")
    valid_from = factory.LazyFunction(lambda: days(-500))
    valid_to = factory.LazyFunction(lambda: days(25))
    recommending_unit = "郑州市工业和信息化局"
    published_on = datetime.date(2024, 12, 20)


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InsurancePolicy

    enterprise = factory.LazyAttribute(lambda o: o.qualification.enterprise)
    insurer = "中国人民财产保险股份有限公司河南省分公司"
    number = factory.Sequence(lambda n: f"PICC-HN-2026-{n:06d}")
    insured_user = "郑州某装备用户有限公司"
    starts_on = factory.LazyFunction(lambda: days(-60))
    ends_on = factory.LazyFunction(lambda: days(304))
    sum_insured = Decimal("12000000.00")
    premium = Decimal("180000.00")
    cover = "综合险(质量风险+责任风险)"
    status = InsuranceStatus.VERIFIED


def qualified(enterprise, *, policy: bool = True, **overrides) -> Qualification:
    """A qualification of ``enterprise`` for the heavy-load robot with a model and an improved
    model; with ``policy``, a verified policy in force today."""
    entry = robot_entry(EditionFactory(), number=overrides.pop("entry_number", "示例-01"))
    rnd = RoundFactory(edition=entry.edition)
    qualification = QualificationFactory(enterprise=enterprise, round=rnd, entry=entry, **overrides)
    base = Declaration.objects.create(
        enterprise=enterprise, entry=entry, model_name="HT-RB800", product_name="重载搬运机器人",
        status=DeclarationStatus.VERIFIED, meets_all=True,
    )  # fmt: skip
    improved = Declaration.objects.create(
        enterprise=enterprise, entry=entry, model_name="HT-RB800A", improved_from=base,
        status=DeclarationStatus.VERIFIED, meets_all=True,
    )  # fmt: skip
    qualification.declarations.add(base, improved)
    if policy:
        PolicyFactory(qualification=qualification, declaration=base)
    return qualification


def qualification_of_a(world) -> Qualification:
    """For the API permission matrix: side A's qualified enterprise (made once per test)."""
    if not hasattr(world, "certificate_qualification"):
        world.certificate_qualification = qualified(world.a.enterprise)
    return world.certificate_qualification
