import random
from decimal import Decimal

import factory

from gaoxin.accounts.choices import OrganisationKind
from gaoxin.accounts.tests.factories import OrganisationFactory, ZoneFactory
from gaoxin.enterprises.choices import Stage
from gaoxin.enterprises.identifiers import generate_uscc
from gaoxin.enterprises.models import Contact, Enterprise, Qualification, YearlyFact
from gaoxin.parks.models import Park

_rng = random.Random(20250425)


def new_uscc(region_code: str = "410100") -> str:
    """A valid credit code no other factory row has used."""
    return generate_uscc(_rng, region_code)


class ParkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Park

    name = factory.Sequence(lambda n: f"测试园区{n}")
    zone = factory.SubFactory(ZoneFactory)
    operator = factory.SubFactory(
        OrganisationFactory,
        kind=OrganisationKind.PARK_OPERATOR,
        zone=factory.SelfAttribute("..zone"),
    )
    focus = "高端医疗器械"


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    uscc = factory.LazyFunction(lambda: generate_uscc(_rng))
    region_code = "410171"
    zone = factory.SubFactory(ZoneFactory)
    park = None
    stage = Stage.PRODUCTION
    industry_code = "C3581"
    industry_name = "医疗诊断、监护及治疗设备制造"
    organisation = factory.SubFactory(
        OrganisationFactory,
        kind=OrganisationKind.ENTERPRISE,
        zone=factory.SelfAttribute("..zone"),
        name=factory.SelfAttribute("..name"),
    )


class YearlyFactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearlyFact

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2024
    revenue = Decimal("50000000.00")
    output_value = Decimal("60000000.00")
    rnd_expense = Decimal("2500000.00")
    employees = 120
    tax_paid = Decimal("1800000.00")
    patents_granted = 6
    export_value = Decimal("0.00")


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = "high_tech"
    certificate_no = factory.Sequence(lambda n: f"GR2023410{n:05d}")
    valid_from = factory.Faker("date_between", start_date="-2y", end_date="-1y")
    valid_to = None


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    enterprise = factory.SubFactory(EnterpriseFactory)
    name = "张伟"
    title = "总经理"
    phone = "13812341234"
    is_primary = True
