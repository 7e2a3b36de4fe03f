import datetime
from decimal import Decimal

import pytest

from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.tests.factories import (
    EnterpriseFactory,
    QualificationFactory,
    YearlyFactFactory,
)
from gaoxin.policies.demo import POLICIES
from gaoxin.policies.facts import CATALOG, enterprise_facts, facts_frame
from rulebook.criteria import compile_criteria, explain, match_batch

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2025, 6, 30)


@pytest.fixture
def firm(world):
    firm = world.a.enterprise
    firm.founded_on = datetime.date(2015, 7, 1)
    firm.save()
    YearlyFactFactory(enterprise=firm, year=2023, rnd_expense=Decimal("1"))
    YearlyFactFactory(enterprise=firm, year=2024)  # 2 500 000 / 50 000 000 = 5 %
    YearlyFactFactory(enterprise=firm, year=2025, rnd_expense=Decimal("9"))  # not complete
    QualificationFactory(enterprise=firm, kind="high_tech", valid_from=datetime.date(2023, 1, 1))
    QualificationFactory(
        enterprise=firm,
        kind="srdi",
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2022, 12, 31),
    )
    return firm


def test_enterprise_facts_map_the_registry(firm, world):
    facts = enterprise_facts(firm, AS_OF)
    assert facts["rnd_expense"] == Decimal("2500000.00")
    assert facts["rnd_ratio"] == Decimal("5.00")
    assert facts["employees"] == 120
    assert facts["years_since_founding"] == 9
    assert facts["qualifications"] == {"high_tech"}
    assert facts["park"] == world.a.park.name
    assert facts["stage"] == "production" and facts["industry_code"] == "C3581"
    assert set(facts) == {fact.key for fact in CATALOG}


def test_missing_figures_are_none():
    firm = EnterpriseFactory(founded_on=None, industry_code="")
    facts = enterprise_facts(firm, AS_OF)
    assert facts["revenue"] is None and facts["rnd_ratio"] is None
    assert facts["years_since_founding"] is None and facts["industry_code"] is None


def test_frame_agrees_with_explain_for_every_demo_policy(firm, world):
    other = world.b.enterprise
    YearlyFactFactory(enterprise=other, year=2024, rnd_expense=Decimal("100000"))
    EnterpriseFactory()  # no figures at all
    ids, frame = facts_frame(Enterprise.objects.all(), AS_OF)
    firms = {e.pk: e for e in Enterprise.objects.all()}
    for spec in POLICIES:
        criteria = compile_criteria(spec["criteria"], CATALOG)
        batch = match_batch(criteria, frame)
        one_by_one = [
            explain(criteria, enterprise_facts(firms[pk], AS_OF)).status == "met" for pk in ids
        ]
        assert batch == one_by_one, spec["title"]
