"""The services of the service requests: filing and routing in one transaction, every step
from every state (allowed and refused), who may act, deadlines in working days, overdue."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import override

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import InvalidTransitionError, PermissionDeniedError
from gaoxin.experts.tests.factories import TieFactory
from gaoxin.notifications.models import Notification
from gaoxin.services import selectors_requests as sel
from gaoxin.services import services_requests as svc
from gaoxin.services.choices import RequestStatus
from gaoxin.services.models import Assignment, ServiceRequest, ServiceSettings

from .factories_requests import AdvisorFactory, advisor_with_account, domain

pytestmark = pytest.mark.django_db
S = RequestStatus


@pytest.fixture(autouse=True)
def english():
    with override("en"):
        yield


@pytest.fixture
def advisor(world):
    return advisor_with_account(world.a.zone, ["device_registration"], name="万飞")


@pytest.fixture
def second(world):
    return advisor_with_account(world.a.zone, ["compliance"], name="昝明辉")


def file(world, actor=None, code="device_registration", urgency="normal", **kwargs):
    return svc.request_create(
        actor=actor or world.a.users[Role.ENTERPRISE_USER],
        enterprise=world.a.enterprise,
        data={
            "domain": domain(code),
            "title": "二类医疗器械注册咨询",
            "description": "产品注册检验与临床评价路径",
            "urgency": urgency,
            **kwargs,
        },
    )


def user_of(advisor):
    return advisor.expert.user


# --- filing and routing ----------------------------------------------------------------------


def test_create_numbers_routes_and_writes_assignment(
    world, advisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        req = file(world)
    year = timezone.localdate().year
    assert req.number == f"FW{year}-0001"
    assert req.status == S.ASSIGNED and req.advisor == advisor
    assert "万飞" in req.routing_reason
    assert req.respond_by == svc.working_days_after(timezone.localdate(), 2)
    a = Assignment.objects.get(request=req)
    assert a.assigned_by is None and a.reason == req.routing_reason and a.candidates
    actions = set(AuditEvent.objects.filter(object_id=str(req.pk)).values_list("action", flat=True))
    assert {"services.request.create", "services.request.route"} <= actions
    assert Notification.objects.filter(recipient=user_of(advisor)).exists()
    assert Notification.objects.filter(recipient=world.a.users[Role.ENTERPRISE_USER]).exists()
    assert file(world).number == f"FW{year}-0002"


def test_urgent_uses_the_urgent_days_of_the_settings(world, advisor):
    ServiceSettings.objects.create(
        zone=world.a.zone, first_response_days=5, urgent_first_response_days=3
    )
    today = timezone.localdate()
    assert file(world, urgency="urgent").respond_by == svc.working_days_after(today, 3)
    assert file(world).respond_by == svc.working_days_after(today, 5)


def test_working_days_skip_national_day_and_count_the_adjusted_saturday():
    # 2026-10-01 … 10-07 are off; 10-10 (a Saturday) is worked
    assert svc.working_days_after(datetime.date(2026, 9, 30), 2) == datetime.date(2026, 10, 9)
    assert svc.working_days_after(datetime.date(2026, 9, 30), 3) == datetime.date(2026, 10, 10)
    assert svc.working_days_after(datetime.date(2026, 12, 4), 1) == datetime.date(2026, 12, 7)


def test_unknown_calendar_year_counts_monday_to_friday():
    # 2099-12-30 is a Wednesday: Thursday 31 (known year? no: 2099 is unknown) then Friday 1
    assert svc.working_days_after(datetime.date(2099, 12, 30), 2) == datetime.date(2100, 1, 1)
    # a weekend in an unknown year is skipped
    assert svc.working_days_after(datetime.date(2099, 12, 31), 2) == datetime.date(2100, 1, 4)


def test_nobody_can_take_it_stays_new_and_officials_are_told(
    world, django_capture_on_commit_callbacks
):
    AdvisorFactory(zone=world.a.zone, domains=["capital"])
    with django_capture_on_commit_callbacks(execute=True):
        req = file(world)
    assert req.status == S.NEW and req.advisor is None
    assert req.routing_reason.startswith("目前没有顾问可以承接")
    assert not Assignment.objects.filter(request=req).exists()
    assert Notification.objects.filter(recipient=world.a.users[Role.ZONE_OFFICIAL]).exists()
    assert not Notification.objects.filter(recipient=world.b.users[Role.ZONE_OFFICIAL]).exists()


def test_staff_file_on_behalf_in_scope_only(world, advisor):
    assert file(world, actor=world.a.users[Role.ZONE_OFFICIAL]).status == S.ASSIGNED
    assert file(world, actor=world.a.users[Role.PARK_OPERATOR]).status == S.ASSIGNED
    for actor in (
        world.b.users[Role.ZONE_OFFICIAL],
        world.b.users[Role.PARK_OPERATOR],
        world.b.users[Role.ENTERPRISE_USER],
        world.a.users[Role.PROVINCIAL_REVIEWER],
        world.a.users[Role.ADVISOR],
        world.a.users[Role.AUDITOR],
    ):
        with pytest.raises(PermissionDeniedError):
            file(world, actor=actor)


def test_bad_input_saves_nothing(world, advisor):
    with pytest.raises(ValidationError) as error:
        file(world, title="")
    assert "title" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        svc.request_create(
            actor=world.a.users[Role.ENTERPRISE_USER],
            enterprise=world.a.enterprise,
            data={"title": "x", "description": "y"},
        )
    assert "domain" in error.value.message_dict
    assert not ServiceRequest.objects.exists()


# --- the advisor's steps ---------------------------------------------------------------------


def test_accept_schedule_complete_rate(world, advisor):
    req = file(world)
    member = world.a.users[Role.ENTERPRISE_USER]
    with pytest.raises(PermissionDeniedError):
        svc.request_accept(actor=member, request=req)
    req = svc.request_accept(actor=user_of(advisor), request=req)
    assert req.status == S.ACCEPTED and req.responded_at
    with pytest.raises(ValidationError) as error:
        svc.request_schedule(
            actor=user_of(advisor),
            request=req,
            when=timezone.now() - datetime.timedelta(hours=1),
            location="园区",
        )
    assert "scheduled_for" in error.value.message_dict
    when = timezone.now() + datetime.timedelta(days=2)
    req = svc.request_schedule(actor=user_of(advisor), request=req, when=when, location="A座301")
    assert req.status == S.SCHEDULED and req.location == "A座301"
    with pytest.raises(ValidationError):
        svc.request_complete(actor=user_of(advisor), request=req, outcome="  ")
    req = svc.request_complete(actor=user_of(advisor), request=req, outcome="已梳理注册路径")
    assert req.status == S.COMPLETED and req.completed_at
    assert Assignment.objects.get(request=req).ended_at is not None
    with pytest.raises(PermissionDeniedError):
        svc.request_rate(actor=user_of(advisor), request=req, stars=5)
    for bad in (0, 6, True):
        with pytest.raises(ValidationError):
            svc.request_rate(actor=member, request=req, stars=bad)
    req = svc.request_rate(actor=member, request=req, stars=5, comment="很专业")
    assert req.status == S.RATED and req.rating == 5


def test_decline_reroutes_without_every_decliner(world, advisor, second):
    req = file(world)
    assert req.advisor == advisor
    with pytest.raises(InvalidTransitionError):
        svc.request_decline(actor=user_of(advisor), request=req, reason=" ")
    req = svc.request_decline(actor=user_of(advisor), request=req, reason="近期出差")
    assert req.status == S.ASSIGNED and req.advisor == second
    first = Assignment.objects.filter(request=req).order_by("id").first()
    assert first.ended_at and "近期出差" in first.end_reason
    req = svc.request_decline(actor=user_of(second), request=req, reason="不熟悉")
    assert req.status == S.NEW and req.advisor is None
    assert "已谢绝本需求" in req.routing_reason
    assert svc.declined_by(req) == {advisor.pk, second.pk}


def test_only_the_assigned_advisor_acts(world, advisor, second):
    req = file(world)
    for actor in (user_of(second), world.a.users[Role.ZONE_OFFICIAL]):
        with pytest.raises(PermissionDeniedError):
            svc.request_accept(actor=actor, request=req)
        with pytest.raises(PermissionDeniedError):
            svc.request_decline(actor=actor, request=req, reason="x")


# --- the officials' steps --------------------------------------------------------------------


def test_reassign_to_a_chosen_advisor_refuses_a_tie_and_a_term(world, advisor, second):
    official = world.a.users[Role.ZONE_OFFICIAL]
    req = file(world)
    tied = advisor_with_account(world.a.zone, ["compliance"])
    TieFactory(expert=tied.expert, enterprise=world.a.enterprise)
    with pytest.raises(ValidationError) as error:
        svc.request_reassign(actor=official, request=req, advisor=tied, reason="换人")
    assert "conflict of interest" in error.value.message_dict["advisor"][0]
    ended = advisor_with_account(
        world.a.zone,
        ["compliance"],
        term_start=datetime.date(2020, 1, 1),
        term_end=datetime.date(2021, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        svc.request_reassign(actor=official, request=req, advisor=ended, reason="换人")
    assert "term is not running" in error.value.message_dict["advisor"][0]
    with pytest.raises(InvalidTransitionError):
        svc.request_reassign(actor=official, request=req, advisor=second, reason="")
    req = svc.request_reassign(actor=official, request=req, advisor=second, reason="企业点名")
    assert req.advisor == second and req.status == S.ASSIGNED
    rows = list(Assignment.objects.filter(request=req).order_by("id"))
    assert rows[0].ended_at and rows[1].assigned_by == official and rows[1].ended_at is None
    assert "企业点名" in rows[1].reason


def test_reassign_to_a_full_advisor_warns(world, advisor):
    official = world.a.users[Role.ZONE_OFFICIAL]
    full = advisor_with_account(world.a.zone, ["capital"], max_load=1)
    ServiceRequest.objects.create(
        zone=world.a.zone,
        number="FW2000-0001",
        enterprise=world.a.enterprise,
        domain=domain("capital"),
        title="t",
        description="d",
        status=S.ACCEPTED,
        advisor=full,
    )
    req = file(world)
    req = svc.request_reassign(actor=official, request=req, advisor=full, reason="资本对接")
    assert req.advisor == full
    assert "提醒" in req.routing_reason and "上限 1" in req.routing_reason


def test_reassign_by_the_router_excludes_the_current(world, advisor, second):
    req = file(world)
    req = svc.request_reassign(
        actor=world.a.users[Role.PARK_OPERATOR], request=req, reason="重新分派"
    )
    assert req.advisor == second


def test_reassign_and_route_refused_out_of_scope(world, advisor):
    req = file(world)
    for actor in (
        world.b.users[Role.ZONE_OFFICIAL],
        world.a.users[Role.PROVINCIAL_REVIEWER],
        world.a.users[Role.ENTERPRISE_USER],
    ):
        with pytest.raises(PermissionDeniedError):
            svc.request_reassign(actor=actor, request=req, reason="x")
        with pytest.raises(PermissionDeniedError):
            svc.request_route(actor=actor, request=req)


def test_route_retries_a_new_request(world):
    req = file(world)
    assert req.status == S.NEW
    official = world.a.users[Role.ZONE_OFFICIAL]
    svc.request_route(actor=official, request=req)  # still nobody
    req.refresh_from_db()
    assert req.status == S.NEW
    advisor = AdvisorFactory(zone=world.a.zone, domains=["device_registration"])
    req = svc.request_route(actor=official, request=req)
    assert req.status == S.ASSIGNED and req.advisor == advisor
    with pytest.raises(InvalidTransitionError):
        svc.request_route(actor=official, request=req)


def test_cancel_by_enterprise_or_staff_with_reason(world, advisor):
    member = world.a.users[Role.ENTERPRISE_USER]
    req = file(world)
    with pytest.raises(PermissionDeniedError):
        svc.request_cancel(actor=user_of(advisor), request=req, reason="x")
    with pytest.raises(InvalidTransitionError):
        svc.request_cancel(actor=member, request=req, reason="  ")
    req = svc.request_cancel(actor=member, request=req, reason="问题已自行解决")
    assert req.status == S.CANCELLED
    assert Assignment.objects.get(request=req).ended_at
    other = file(world)
    assert (
        svc.request_cancel(
            actor=world.a.users[Role.ZONE_OFFICIAL], request=other, reason="重复提交"
        ).status
        == S.CANCELLED
    )


# --- every step from every state -------------------------------------------------------------


def _in_state(world, advisor, state):
    req = file(world)
    ServiceRequest.objects.filter(pk=req.pk).update(status=state)
    req.refresh_from_db()
    return req


def _step(world, advisor, name, req):
    adv = user_of(advisor)
    member = world.a.users[Role.ENTERPRISE_USER]
    official = world.a.users[Role.ZONE_OFFICIAL]
    later = timezone.now() + datetime.timedelta(days=3)
    calls = {
        "accept": lambda: svc.request_accept(actor=adv, request=req),
        "decline": lambda: svc.request_decline(actor=adv, request=req, reason="忙"),
        "schedule": lambda: svc.request_schedule(
            actor=adv, request=req, when=later, location="线上"
        ),
        "complete": lambda: svc.request_complete(actor=adv, request=req, outcome="完成"),
        "rate": lambda: svc.request_rate(actor=member, request=req, stars=4),
        "cancel": lambda: svc.request_cancel(actor=official, request=req, reason="取消"),
        "reassign": lambda: svc.request_reassign(actor=official, request=req, reason="换人"),
        "route": lambda: svc.request_route(actor=official, request=req),
    }
    return calls[name]()


ALLOWED = {
    "accept": {S.ASSIGNED},
    "decline": {S.ASSIGNED},
    "schedule": {S.ACCEPTED, S.SCHEDULED},
    "complete": {S.ACCEPTED, S.SCHEDULED},
    "rate": {S.COMPLETED},
    "cancel": {S.NEW, S.ASSIGNED, S.ACCEPTED, S.SCHEDULED},
    "reassign": {S.ASSIGNED, S.ACCEPTED, S.SCHEDULED},
    "route": {S.NEW},
}


# where each step leaves the request (a declined one is routed again at once: to `second`)
TARGET = {
    "accept": S.ACCEPTED,
    "decline": S.ASSIGNED,
    "schedule": S.SCHEDULED,
    "complete": S.COMPLETED,
    "rate": S.RATED,
    "cancel": S.CANCELLED,
    "reassign": S.ASSIGNED,
    "route": S.ASSIGNED,
}


@pytest.mark.parametrize("state", S.values)
@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_every_step_from_every_state(world, advisor, second, state, name):
    req = _in_state(world, advisor, state)
    if state in ALLOWED[name]:
        done = _step(world, advisor, name, req)
        assert done.status == TARGET[name]
        done.refresh_from_db()
        assert done.status == TARGET[name]
    else:
        with pytest.raises(InvalidTransitionError):
            _step(world, advisor, name, req)
        req.refresh_from_db()
        assert req.status == state


# --- overdue and settings --------------------------------------------------------------------


def test_overdue_is_assigned_and_past_the_deadline(world, advisor):
    today = timezone.localdate()
    late = file(world)
    ServiceRequest.objects.filter(pk=late.pk).update(respond_by=today - datetime.timedelta(1))
    due_today = file(world)
    ServiceRequest.objects.filter(pk=due_today.pk).update(respond_by=today)
    accepted = file(world)
    ServiceRequest.objects.filter(pk=accepted.pk).update(
        respond_by=today - datetime.timedelta(5), status=S.ACCEPTED
    )
    assert list(sel.overdue(ServiceRequest.objects.all(), today)) == [late]
    official = world.a.users[Role.ZONE_OFFICIAL]
    assert list(sel.request_list(official, {"overdue": "on"})) == [late]
    assert late in sel.desk_staff(official)


def test_settings_update_is_audited_and_checked(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    row = svc.settings_update(
        actor=official,
        zone=world.a.zone,
        data={"first_response_days": 3, "urgent_first_response_days": 1},
    )
    assert row.pk and row.first_response_days == 3
    assert AuditEvent.objects.filter(action="services.settings.update").count() == 1
    with pytest.raises(ValidationError):
        svc.settings_update(actor=official, zone=world.a.zone, data={"first_response_days": 0})
    with pytest.raises(ValidationError):
        svc.settings_update(
            actor=official,
            zone=world.a.zone,
            data={"first_response_days": 1, "urgent_first_response_days": 4},
        )
    with pytest.raises(PermissionDeniedError):
        svc.settings_update(
            actor=world.b.users[Role.ZONE_OFFICIAL],
            zone=world.a.zone,
            data={"first_response_days": 4},
        )
    with pytest.raises(PermissionDeniedError):
        svc.settings_update(
            actor=world.a.users[Role.PARK_OPERATOR],
            zone=world.a.zone,
            data={"first_response_days": 4},
        )
    assert ServiceSettings.objects.get(zone=world.a.zone).first_response_days == 3


def test_mail_goes_after_commit(world, advisor, django_capture_on_commit_callbacks):
    advisor.expert.user.email = "wf@example.com"
    advisor.expert.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        file(world)
    assert any("wf@example.com" in m.to for m in mail.outbox)
