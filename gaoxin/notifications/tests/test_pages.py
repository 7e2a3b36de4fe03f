"""The inbox pages: scoped to the user, marking read, the navbar bell, subscriptions."""

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.notifications.models import Notification, TagSubscription

from .conftest import new_policy, publish

pytestmark = pytest.mark.django_db


def note_for(user, title="政策A"):
    return Notification.objects.create(
        recipient=user, kind="policy_match", title=title, link="/policies/"
    )


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        client.cookies["django_language"] = "en"
        return client

    return _login


def test_inbox_lists_own_notifications_newest_first_with_the_unread_highlighted(
    world, member_a, member_b, login
):
    old = note_for(member_a, "旧通知")
    new = note_for(member_a, "新通知")
    old.read_at = old.created_at
    old.save()
    note_for(member_b, "别人的通知")
    response = login(member_a).get(reverse("notifications:inbox"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("新通知") < body.index("旧通知")
    assert "别人的通知" not in body
    assert body.count('data-testid="notification-unread"') == 1
    assert list(response.context["page_obj"]) == [new, old]


def test_inbox_empty_state_and_pagination(world, member_a, login):
    response = login(member_a).get(reverse("notifications:inbox"))
    assert 'data-testid="no-notifications"' in response.content.decode()
    for i in range(30):
        note_for(member_a, f"通知{i}")
    response = login(member_a).get(reverse("notifications:inbox") + "?page=2")
    assert len(response.context["page_obj"]) == 5


def test_navbar_bell_shows_the_unread_count(world, member_a, login):
    note_for(member_a)
    note_for(member_a)
    body = login(member_a).get(reverse("notifications:inbox")).content.decode()
    assert 'data-testid="inbox-unread">2<' in body
    login(member_a).post(reverse("notifications:read_all"))
    body = login(member_a).get(reverse("notifications:inbox")).content.decode()
    assert 'data-testid="inbox-bell"' in body
    assert 'data-testid="inbox-unread"' not in body


def test_reading_one_marks_it_and_goes_to_its_link(world, member_a, login):
    note = note_for(member_a)
    response = login(member_a).post(reverse("notifications:read", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/policies/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_an_external_link_is_not_followed(world, member_a, login):
    note = Notification.objects.create(
        recipient=member_a, kind="policy_match", title="x", link="https://evil.example/"
    )
    response = login(member_a).post(reverse("notifications:read", args=[note.pk]))
    assert response["Location"] == reverse("notifications:inbox")


def test_another_users_notification_is_not_found(world, member_a, member_b, login):
    note = note_for(member_a)
    for user in (member_b, world.a.users[Role.ZONE_OFFICIAL]):
        response = login(user).post(reverse("notifications:read", args=[note.pk]))
        assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_read_needs_post(world, member_a, login):
    note = note_for(member_a)
    assert login(member_a).get(reverse("notifications:read", args=[note.pk])).status_code == 405
    assert login(member_a).get(reverse("notifications:read_all")).status_code == 405


@pytest.mark.parametrize("name", ["inbox", "read", "read_all", "subscriptions"])
def test_anonymous_is_sent_to_login(client, world, member_a, name):
    kwargs = {"pk": note_for(member_a).pk} if name == "read" else None
    url = reverse(f"notifications:{name}", kwargs=kwargs)
    response = client.post(url) if name.startswith("read") else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_read_all_touches_only_own_notifications(world, member_a, member_b, login):
    mine, theirs = note_for(member_a), note_for(member_b)
    login(member_a).post(reverse("notifications:read_all"))
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


def test_subscriptions_offer_the_tags_of_published_policies(world, member_a, login):
    publish(new_policy(world.a.zone, tags="研发,补助"))
    new_policy(world.a.zone, title="草稿", tags="草稿标签")  # a draft: not offered
    publish(new_policy(world.b.zone, tags="别区标签"))  # the other zone: not offered
    response = login(member_a).get(reverse("notifications:subscriptions"))
    assert response.status_code == 200
    assert [t for t, _checked in response.context["tags"]] == ["研发", "补助"]
    response = login(member_a).post(
        reverse("notifications:subscriptions"), {"tags": ["研发", "不存在"]}
    )
    assert response.status_code == 302
    assert list(TagSubscription.objects.values_list("enterprise", "tag")) == [
        (world.a.enterprise.pk, "研发")
    ]
    response = login(member_a).get(reverse("notifications:subscriptions"))
    assert ("研发", True) in response.context["tags"]
    login(member_a).post(reverse("notifications:subscriptions"), {})
    assert not TagSubscription.objects.exists()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ENTERPRISE_USER])
def test_subscriptions_are_for_enterprise_users_only(world, login, role):
    response = login(world.a.users[role]).get(reverse("notifications:subscriptions"))
    assert response.status_code == 403
