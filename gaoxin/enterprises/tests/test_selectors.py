import datetime

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.enterprises import selectors, services
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.tests.factories import (
    ContactFactory,
    EnterpriseFactory,
    ParkFactory,
    QualificationFactory,
    YearlyFactFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(world):
    zone = world.a.zone
    e1 = EnterpriseFactory(
        name="甲医疗器械有限公司",
        zone=zone,
        park=world.a.park,
        stage="rnd",
        industry_code="C3581",
        legal_representative="赵一",
        founded_on=datetime.date(2010, 1, 1),
        is_sample=True,
    )
    e2 = EnterpriseFactory(
        name="乙纺织机械有限公司",
        zone=zone,
        stage="sales",
        industry_code="C3551",
        founded_on=datetime.date(2020, 1, 1),
    )
    QualificationFactory(enterprise=e1, kind="srdi")
    QualificationFactory(enterprise=e1, kind="high_tech")
    return world.a.enterprise, e1, e2


def names(qs):
    return [e.name for e in qs]


def test_filters(world, registry):
    official = world.a.users[Role.ZONE_OFFICIAL]
    base, e1, e2 = registry

    def run(**filters):
        return set(names(selectors.enterprise_list(user=official, filters=filters)))

    assert run() == {base.name, e1.name, e2.name}
    assert run(q="纺织") == {e2.name}
    assert run(q=e1.uscc.lower()[:16]) == {e1.name}  # a partial code, any case
    assert run(q="赵一") == {e1.name}
    assert run(park=str(world.a.park.pk)) == {base.name, e1.name}
    assert run(park="not-a-number") == set()
    assert run(stage="sales") == {e2.name}
    assert run(qualification="srdi") == {e1.name}
    assert run(industry="c355") == {e2.name}
    assert run(sample="1") == {e1.name}
    assert run(sample="0") == {base.name, e2.name}
    # Two qualifications do not duplicate a row.
    assert len(selectors.enterprise_list(user=official, filters={"qualification": ""})) == 3


def test_sorting(world, registry):
    official = world.a.users[Role.ZONE_OFFICIAL]
    by = lambda sort: names(selectors.enterprise_list(user=official, filters={"sort": sort}))  # noqa: E731
    assert by("founded")[:2] == ["甲医疗器械有限公司", "乙纺织机械有限公司"]
    assert by("-name") == sorted(by("name"), reverse=True)
    assert by("bogus") == by("name")
    # Stages in their pipeline order: rnd (甲), production (a), sales (乙).
    assert by("stage") == ["甲医疗器械有限公司", "a企业有限公司", "乙纺织机械有限公司"]
    assert by("-stage") == ["乙纺织机械有限公司", "a企业有限公司", "甲医疗器械有限公司"]


def test_list_is_scoped(world, registry):
    assert not selectors.enterprise_list(user=world.b.users[Role.ZONE_OFFICIAL]).filter(
        zone=world.a.zone
    )
    operator = world.a.users[Role.PARK_OPERATOR]
    assert set(names(selectors.enterprise_list(user=operator))) == {
        world.a.enterprise.name,
        registry[1].name,
    }


def test_get_outside_scope_is_does_not_exist(world):
    with pytest.raises(Enterprise.DoesNotExist):
        selectors.enterprise_get(user=world.a.users[Role.ENTERPRISE_USER], pk=world.b.enterprise.pk)


def test_sub_records_only_through_a_visible_enterprise(world):
    member = world.a.users[Role.ENTERPRISE_USER]
    theirs = ContactFactory(enterprise=world.b.enterprise)
    with pytest.raises(Exception) as exc:
        selectors.contact_get(user=member, enterprise_pk=world.b.enterprise.pk, pk=theirs.pk)
    assert "DoesNotExist" in type(exc.value).__name__
    # Nor by pairing our enterprise's id with their record's id.
    with pytest.raises(Exception) as exc:
        selectors.contact_get(user=member, enterprise_pk=world.a.enterprise.pk, pk=theirs.pk)
    assert "DoesNotExist" in type(exc.value).__name__


def test_profile_masks_phones_except_for_the_enterprise(world):
    enterprise = world.a.enterprise
    ContactFactory(enterprise=enterprise, phone="13812341234")
    YearlyFactFactory(enterprise=enterprise, year=2022)
    YearlyFactFactory(enterprise=enterprise, year=2024)
    official = selectors.enterprise_profile(
        user=world.a.users[Role.ZONE_OFFICIAL], enterprise=enterprise
    )
    assert official.contacts[0].shown_phone == "138****1234"
    assert official.contacts[0].phone_masked
    assert official.can_edit and official.can_reveal
    assert [f.year for f in official.facts] == [2024, 2022]
    assert official.latest_fact.year == 2024
    own = selectors.enterprise_profile(
        user=world.a.users[Role.ENTERPRISE_USER], enterprise=enterprise
    )
    assert own.contacts[0].shown_phone == "13812341234"
    assert not own.can_reveal


def test_qualification_status():
    from gaoxin.enterprises.models import Qualification

    today = datetime.date(2025, 6, 1)
    q = Qualification(valid_from=datetime.date(2022, 1, 1), valid_to=datetime.date(2024, 12, 31))
    assert selectors.qualification_status(q, today) == "expired"
    q.valid_to = None
    assert selectors.qualification_status(q, today) == "valid"
    q.valid_from = datetime.date(2025, 7, 1)
    assert selectors.qualification_status(q, today) == "pending"


def test_history_lists_the_enterprises_events_for_those_who_may_see_it(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    services.enterprise_update(actor=official, enterprise=world.a.enterprise, data={"address": "x"})
    services.enterprise_update(
        actor=world.b.users[Role.ZONE_OFFICIAL],
        enterprise=world.b.enterprise,
        data={"address": "y"},
    )
    history = selectors.enterprise_history(user=official, enterprise=world.a.enterprise)
    assert [e.action for e in history] == ["enterprises.enterprise.update"]
    assert not selectors.enterprise_history(
        user=world.b.users[Role.ZONE_OFFICIAL], enterprise=world.a.enterprise
    )


def test_parks(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    operator = world.a.users[Role.PARK_OPERATOR]
    extra = ParkFactory(zone=world.a.zone)
    assert set(selectors.assignable_parks(user=official)) == {world.a.park, extra}
    assert set(selectors.assignable_parks(user=operator)) == {world.a.park}
    assert not selectors.assignable_parks(user=world.a.users[Role.PROVINCIAL_REVIEWER])
    assert world.a.park in selectors.park_choices(user=world.a.users[Role.PROVINCIAL_REVIEWER])
    assert world.b.park not in selectors.park_choices(user=official)


def test_own_enterprise(world):
    assert selectors.own_enterprise(user=world.a.users[Role.ENTERPRISE_USER]) == world.a.enterprise
    assert selectors.own_enterprise(user=world.a.users[Role.ZONE_OFFICIAL]) is None
