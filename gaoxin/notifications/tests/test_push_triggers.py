"""Precise push after a change of an enterprise's profile (park, stage, industry code, founding
date) and after an Excel import (one task for the file, after the commit)."""

from __future__ import annotations

import datetime

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.enterprises import services as enterprise_services
from gaoxin.enterprises.io.services import import_file_now
from gaoxin.enterprises.tests.factories import ParkFactory
from gaoxin.enterprises.tests.test_import_helpers import enterprise_row, write_xlsx
from gaoxin.notifications.models import Notification
from gaoxin.notifications.services import enterprises_push

from .conftest import new_policy, publish

pytestmark = pytest.mark.django_db
IN_NEW_PARK = {"in": [{"var": "park"}, ["新园区"]]}
SELLING = {"==": [{"var": "stage"}, "sales"]}
OLD_ENOUGH = {">=": [{"var": "years_since_founding"}, 10]}
MEDICAL = {"==": [{"var": "industry_code"}, "C3584"]}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pushes() -> list[dict]:
    return list(
        AuditEvent.objects.filter(action="notifications.push")
        .order_by("pk")
        .values_list("data", flat=True)
    )


def update(world, data, capture):
    official = world.a.users[Role.ZONE_OFFICIAL]
    with capture(execute=True):
        enterprise_services.enterprise_update(
            actor=official, enterprise=world.a.enterprise, data=data
        )


@pytest.mark.parametrize(
    ("criteria", "data"),
    [
        (IN_NEW_PARK, "park"),
        (SELLING, {"stage": "sales"}),
        (OLD_ENOUGH, {"founded_on": "2010-01-01"}),
        (MEDICAL, {"industry_code": "c3584"}),
    ],
)
def test_a_profile_change_that_makes_a_policy_fit_notifies(
    world, member_a, django_capture_on_commit_callbacks, criteria, data
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(new_policy(world.a.zone, title="画像政策"), criteria=criteria)
    assert not Notification.objects.filter(recipient=member_a).exists()
    if data == "park":
        park = ParkFactory(name="新园区", zone=world.a.zone, operator=world.a.operator)
        data = {"park": park.pk}
    update(world, data, django_capture_on_commit_callbacks)
    notification = Notification.objects.get(recipient=member_a)
    assert notification.title == "画像政策"
    assert pushes()[-1] == {"enterprise": world.a.enterprise.pk, "count": 1}


def test_a_profile_change_that_does_not_fit_notifies_nobody(
    world, member_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(new_policy(world.a.zone, title="销售阶段政策"), criteria=SELLING)
    update(world, {"stage": "pilot"}, django_capture_on_commit_callbacks)
    assert not Notification.objects.exists()
    assert pushes()[-1] == {"enterprise": world.a.enterprise.pk, "count": 0}


def test_other_profile_changes_push_nothing(world, member_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish(new_policy(world.a.zone), criteria=SELLING)
    before = len(pushes())
    update(world, {"address": "郑州高新区长椿路11号"}, django_capture_on_commit_callbacks)
    assert len(pushes()) == before


def _import(world, tmp_path, rows, capture):
    with capture(execute=True) as callbacks:
        job = import_file_now(
            path=write_xlsx(tmp_path / "push.xlsx", rows),
            actor=world.a.users[Role.ZONE_OFFICIAL],
            language="en",
        )
    assert job.status == job.Status.SUCCEEDED, job.errors
    return callbacks


def test_an_import_pushes_once_for_the_whole_file(
    world, member_a, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(new_policy(world.a.zone, title="销售阶段政策"), criteria=SELLING)
    before = len(pushes())
    existing = {"uscc": world.a.enterprise.uscc, "name": world.a.enterprise.name}
    rows = [{**existing, "stage": "sales"}, enterprise_row(1), enterprise_row(2)]
    _import(world, tmp_path, rows, django_capture_on_commit_callbacks)
    runs = pushes()[before:]
    assert len(runs) == 1  # one task for the file, not one per row
    assert runs[0]["enterprises"] == 3 and runs[0]["count"] == 1
    assert Notification.objects.get(recipient=member_a).title == "销售阶段政策"


def test_an_import_that_changes_no_fact_pushes_nothing(
    world, member_a, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(new_policy(world.a.zone), criteria=SELLING)
    before = len(pushes())
    row = {"uscc": world.a.enterprise.uscc, "name": world.a.enterprise.name, "address": "新地址"}
    _import(world, tmp_path, [row], django_capture_on_commit_callbacks)
    assert pushes()[before:] == []
    assert not Notification.objects.exists()


def test_an_import_whose_facts_do_not_fit_notifies_nobody(
    world, member_a, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(new_policy(world.a.zone), criteria=SELLING)
    row = {
        "uscc": world.a.enterprise.uscc,
        "name": world.a.enterprise.name,
        "stage": "pilot",
        "year": 2024,
        "revenue": 10,
    }
    _import(world, tmp_path, [row], django_capture_on_commit_callbacks)
    assert pushes()[-1] == {"enterprises": 1, "count": 0}
    assert not Notification.objects.exists()


def test_enterprises_push_matches_per_zone_and_only_once(world, member_a, member_b):
    publish(new_policy(world.a.zone, title="甲区政策"))  # IN_PARK: a园区 or b园区
    publish(new_policy(world.b.zone, title="乙区政策"))
    ids = [world.a.enterprise.pk, world.b.enterprise.pk]
    as_of = datetime.date(2026, 3, 1)
    assert enterprises_push(enterprise_ids=ids, as_of=as_of) == 2
    assert Notification.objects.get(recipient=member_a).title == "甲区政策"
    assert Notification.objects.get(recipient=member_b).title == "乙区政策"
    assert enterprises_push(enterprise_ids=ids, as_of=as_of) == 0  # once per version


def test_a_department_list_pushes_once_for_the_whole_list(
    world, tmp_path, django_capture_on_commit_callbacks
):
    """The department import writes each row through the registry's services; inside the
    import they collect the enterprises, and one task looks at them after the commit."""
    from gaoxin.enterprises.io.department.services import department_import_file_now
    from gaoxin.enterprises.tests.factories import EnterpriseFactory
    from gaoxin.enterprises.tests.test_department_import import write_list

    with django_capture_on_commit_callbacks(execute=True):
        publish(new_policy(world.a.zone), criteria=SELLING)
    firms = [world.a.enterprise, *EnterpriseFactory.create_batch(2, zone=world.a.zone)]
    rows = [{"uscc": e.uscc, "year": 2023, "tax_paid": 1000 + i} for i, e in enumerate(firms)]
    before = len(pushes())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = department_import_file_now(
            actor=world.a.users[Role.ZONE_OFFICIAL],
            kind="tax",
            department="国家税务总局郑州高新技术产业开发区税务局",
            reference="税务数据〔2024〕1号",
            path=write_list(tmp_path / "tax.xlsx", "tax", rows),
        )
    assert job.status == job.Status.SUCCEEDED, job.errors
    assert len(callbacks) == 1  # one task for the list, not one per row
    runs = pushes()[before:]
    assert len(runs) == 1 and runs[0]["enterprises"] == 3
