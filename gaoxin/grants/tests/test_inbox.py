"""What the enterprise is told in its inbox: put on a public notice (amount, deadline), removed
after an upheld objection (reason), paid (amount, date, reference). Every active user of the
enterprise's organisation, nobody else; after the commit only; again for a later round of the
same policy version."""

import io
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.accounts.tests.factories import UserFactory
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import InvalidTransitionError
from gaoxin.grants import payment, services
from gaoxin.notifications.choices import NotificationKind
from gaoxin.notifications.models import Notification

from .conftest import AS_OF
from .helpers import AFTER, PUBLISHED, REFERENCE, D

pytestmark = pytest.mark.django_db
BENEFITS = reverse("grants:benefits_mine")


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the tests run inside one transaction)."""

    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run


@pytest.fixture
def members(world, zone_a):
    """World A's enterprise user plus a colleague; an inactive colleague; a user of 乙."""
    a = world.a
    colleague = UserFactory(
        username="a_colleague", role=Role.ENTERPRISE_USER, organisation=a.enterprise.organisation
    )
    UserFactory(
        username="a_gone",
        role=Role.ENTERPRISE_USER,
        organisation=a.enterprise.organisation,
        is_active=False,
    )
    yi = UserFactory(
        username="yi_user", role=Role.ENTERPRISE_USER, organisation=zone_a.second.organisation
    )
    return {"a": [a.users[Role.ENTERPRISE_USER], colleague], "yi": yi}


def inbox(kind) -> dict:
    """Recipient username → (title, body, link) of the ``kind`` notifications."""
    return {
        n.recipient.username: (n.title, n.body, n.link)
        for n in Notification.objects.filter(kind=kind).select_related("recipient")
    }


def published(capture, policy, official):
    grant_round = services.round_create(actor=official, policy=policy, as_of=AS_OF, today=AS_OF)
    capture(
        lambda: services.notice_publish(
            actor=official, grant_round=grant_round, contact="经发部", published_on=PUBLISHED
        )
    )
    grant_round.refresh_from_db()
    return grant_round


def test_put_on_the_notice_with_the_amount_and_the_deadline(
    capture, policy, official, members, world, zone_a
):
    published(capture, policy, official)
    told = inbox(NotificationKind.GRANT_NOTICE)
    # every enterprise on the notice (3), each active user of its organisation; not the
    # inactive one, not zone B's, not the staff
    assert set(told) == {"a_enterprise_user", "a_colleague", "yi_user"}
    assert Notification.objects.filter(kind=NotificationKind.GRANT_NOTICE).count() == 3
    title, body, link = told["a_enterprise_user"]
    assert policy.title in title
    assert "345,678.92" in body and "2025-10-14" in body and "2025-10-09" in body
    assert link == BENEFITS
    assert "80,000.00" in told["yi_user"][1] and "345,678.92" not in told["yi_user"][1]
    assert not Notification.objects.filter(policy_version__isnull=False).exists()
    event = AuditEvent.objects.get(action="notifications.notify")
    assert event.data == {
        "kind": "grant_notice",
        "enterprises": sorted([world.a.enterprise.pk, zone_a.second.pk, zone_a.third.pk]),
        "count": 3,
    }


def test_nobody_is_told_before_the_commit_or_when_the_step_rolls_back(
    policy, official, members, django_capture_on_commit_callbacks
):
    grant_round = services.round_create(actor=official, policy=policy, as_of=AS_OF, today=AS_OF)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.notice_publish(
            actor=official, grant_round=grant_round, contact="x", published_on=PUBLISHED
        )
        raise RuntimeError("the enclosing transaction fails after the step")
    assert callbacks == [] and not Notification.objects.exists()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notice_publish(
            actor=official, grant_round=grant_round, contact="x", published_on=PUBLISHED
        )
    assert len(callbacks) == 1 and not Notification.objects.exists()  # not before the commit
    callbacks[0]()
    assert Notification.objects.filter(kind=NotificationKind.GRANT_NOTICE).count() == 3


def test_removed_after_an_upheld_objection_with_the_reason(
    capture, policy, official, members, zone_a
):
    grant_round = published(capture, policy, official)
    second = grant_round.candidates.get(enterprise=zone_a.second)
    third = grant_round.candidates.get(enterprise=zone_a.third)
    upheld, dismissed = [
        services.objection_record(
            actor=official, candidate=c, raised_by="张三", channel="phone", text="虚报",
            raised_on=D(2025, 10, 9), today=D(2025, 10, 9),
        )
        for c in (second, third)
    ]  # fmt: skip
    capture(
        lambda: services.objection_resolve(
            actor=official, objection=dismissed, upheld=False, reason="按政策封顶"
        )
    )
    assert inbox(NotificationKind.GRANT_REMOVED) == {}  # a dismissal tells nobody
    capture(
        lambda: services.objection_resolve(
            actor=official, objection=upheld, upheld=True, reason="研发费用归集不实"
        )
    )
    told = inbox(NotificationKind.GRANT_REMOVED)
    assert set(told) == {"yi_user"}
    title, body, link = told["yi_user"]
    assert policy.title in title and "研发费用归集不实" in body and link == BENEFITS


def test_paid_with_the_exact_amount_date_and_reference(capture, policy, official, members, zone_a):
    grant_round = published(capture, policy, official)
    services.round_confirm(actor=official, grant_round=grant_round, reason="ok", today=AFTER)
    services.round_export(actor=official, grant_round=grant_round, out=io.BytesIO())
    assert inbox(NotificationKind.GRANT_PAID) == {}  # confirming and exporting tell nobody
    today = timezone.localdate()
    capture(
        lambda: payment.round_pay(
            actor=official, grant_round=grant_round, paid_on=today, reference=REFERENCE
        )
    )
    told = inbox(NotificationKind.GRANT_PAID)
    assert set(told) == {"a_enterprise_user", "a_colleague", "yi_user"}
    title, body, link = told["a_enterprise_user"]
    assert policy.title in title and "345,678.92" in title
    assert f"{today:%Y-%m-%d}" in body and REFERENCE in body and link == BENEFITS
    assert "80,000.00" in told["yi_user"][0]
    # a refused second payment tells nobody again
    with pytest.raises(InvalidTransitionError, match=REFERENCE):
        capture(
            lambda: payment.round_pay(
                actor=official, grant_round=grant_round, paid_on=today, reference="x"
            )
        )
    assert Notification.objects.filter(kind=NotificationKind.GRANT_PAID).count() == 3


def test_the_third_enterprise_is_paid_its_capped_amount(capture, policy, official, zone_a):
    third_user = UserFactory(
        username="bing_user", role=Role.ENTERPRISE_USER, organisation=zone_a.third.organisation
    )
    grant_round = published(capture, policy, official)
    services.round_confirm(actor=official, grant_round=grant_round, reason="ok", today=AFTER)
    services.round_export(actor=official, grant_round=grant_round, out=io.BytesIO())
    capture(
        lambda: payment.round_pay(
            actor=official,
            grant_round=grant_round,
            paid_on=timezone.localdate(),
            reference=REFERENCE,
        )
    )
    paid = Notification.objects.get(kind=NotificationKind.GRANT_PAID, recipient=third_user)
    assert f"{Decimal('5000000.00'):,.2f}" in paid.title  # 5,000,000.00


def test_a_later_round_of_the_same_version_notifies_again(
    capture, policy, official, members, zone_a
):
    first = published(capture, policy, official)
    second = first.candidates.get(enterprise=zone_a.second)
    objection = services.objection_record(
        actor=official, candidate=second, raised_by="张三", channel="phone", text="虚报",
        raised_on=D(2025, 10, 9), today=D(2025, 10, 9),
    )  # fmt: skip
    services.objection_resolve(actor=official, objection=objection, upheld=True, reason="属实")
    services.round_confirm(actor=official, grant_round=first, reason="ok", today=AFTER)
    later = services.round_create(
        actor=official, policy=policy, as_of=D(2025, 11, 1), today=D(2025, 11, 1)
    )
    assert later.version_id == first.version_id
    capture(
        lambda: services.notice_publish(
            actor=official, grant_round=later, contact="x", published_on=D(2025, 11, 3)
        )
    )
    yi = members["yi"]
    notices = Notification.objects.filter(kind=NotificationKind.GRANT_NOTICE, recipient=yi)
    assert notices.count() == 2  # round 1 and round 2 (乙 was removed from round 1)


def test_the_inbox_shows_the_message_and_links_to_the_benefits(
    client, capture, policy, official, members
):
    published(capture, policy, official)
    member = members["a"][0]
    client.force_login(member)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "On a public notice" in page and "345,678.92" in page
    assert "A policy with a tag you follow was published." not in page
    notification = Notification.objects.get(recipient=member)
    response = client.post(reverse("notifications:read", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == BENEFITS
