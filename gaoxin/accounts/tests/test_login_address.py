"""Failures counted per (username, client address), and the throttle on one address across
usernames: nobody can lock an account out from their own address for everyone else."""

import pytest
from django.test import Client
from django.test.utils import override_settings

from gaoxin.accounts import lockout
from gaoxin.accounts.choices import Role
from gaoxin.accounts.tests.factories import TEST_PASSWORD
from gaoxin.audit.models import AuditEvent
from gaoxin.core.middleware import client_ip

LOGIN = "/accounts/login/"
ATTACKER = "198.51.100.7"
OWNER = "203.0.113.20"


def attempt(client, username, password, ip):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_two_failures_from_one_address_then_the_right_password_from_another(world):
    user = world.a.users[Role.SECURITY_ADMIN]
    attacker = Client()
    for _n in range(2):
        assert attempt(attacker, user.username, "wrong-Password-1", ATTACKER).status_code == 200
    owner = Client()
    assert attempt(owner, user.username, TEST_PASSWORD, OWNER).status_code == 302
    assert logged_in(owner)


@pytest.mark.django_db
def test_five_failures_lock_the_pair_and_another_address_still_logs_in(world):
    user = world.a.users[Role.SECURITY_ADMIN]
    attacker = Client()
    statuses = [
        attempt(attacker, user.username, "wrong-Password-1", ATTACKER).status_code
        for _n in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks the pair (等保)
    # the right password from the locked pair's address is refused too
    response = attempt(attacker, user.username, TEST_PASSWORD, ATTACKER)
    assert response.status_code == 429 and not logged_in(attacker)
    assert 'data-testid="locked-out"' in response.content.decode()
    assert lockout.is_locked(user.username)  # shown as locked on the account pages
    lock = AuditEvent.objects.get(action="accounts.user.lock")
    assert lock.ip == ATTACKER and lock.data == {"failures": 5, "limit": 5}
    owner = Client()
    assert attempt(owner, user.username, TEST_PASSWORD, OWNER).status_code == 302
    assert logged_in(owner)


@pytest.mark.django_db
@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=6)
def test_one_address_is_throttled_across_usernames(world):
    users = [world.a.users[role] for role in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR)]
    attacker = Client()
    # three failures for each of two accounts and none reaches the lock of a pair (5) ...
    statuses = [
        attempt(attacker, user.username, "wrong-Password-1", ATTACKER).status_code
        for user in users
        for _n in range(3)
    ]
    assert statuses == [200, 200, 200, 200, 200, 429]  # the sixth reaches the address's limit
    assert not any(lockout.is_locked(u.username) for u in users)
    # ... but six from one address refuse that address, even with a right password
    third = world.a.users[Role.AUDITOR]
    response = attempt(attacker, third.username, TEST_PASSWORD, ATTACKER)
    assert response.status_code == 429 and not logged_in(attacker)
    page = response.content.decode()
    assert 'data-testid="address-blocked"' in page
    assert "Address refused for now" in page or "该地址暂被拒绝登录" in page
    assert "Account locked" not in page and "账号已锁定" not in page
    event = AuditEvent.objects.get(action="accounts.address.throttle")
    assert event.ip == ATTACKER and event.data == {"ip": ATTACKER, "failures": 6, "limit": 6}
    # unknown usernames count as well, and only once is the throttle audited
    attempt(attacker, "nobody-here", "x", ATTACKER)
    assert AuditEvent.objects.filter(action="accounts.address.throttle").count() == 1
    # every other address is untouched
    owner = Client()
    assert attempt(owner, third.username, TEST_PASSWORD, OWNER).status_code == 302


@pytest.mark.django_db
@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=5)
def test_unknown_usernames_count_towards_the_address_throttle(db):
    attacker = Client()
    for n in range(5):
        attempt(attacker, f"guess{n}", "x", ATTACKER)
    assert lockout.address_blocked(ATTACKER)
    assert not lockout.address_blocked(OWNER)


class FakeRequest:
    def __init__(self, remote, forwarded=None):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


def test_x_forwarded_for_is_ignored_without_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(FakeRequest(ATTACKER, "192.0.2.1")) == ATTACKER


def test_behind_a_trusted_proxy_the_address_it_saw_is_taken(settings):
    settings.TRUSTED_PROXIES = ["192.0.2.0/28"]
    # the client sent a forged first entry; the proxy appended the address it saw
    assert client_ip(FakeRequest("192.0.2.2", f"1.2.3.4, {ATTACKER}")) == ATTACKER
    # two trusted proxies in a row
    assert client_ip(FakeRequest("192.0.2.2", f"{ATTACKER}, 192.0.2.3")) == ATTACKER
    # a peer that is not a trusted proxy cannot choose its address
    assert client_ip(FakeRequest(OWNER, ATTACKER)) == OWNER
    # garbage in the header falls back to the peer
    assert client_ip(FakeRequest("192.0.2.2", "not-an-ip")) == "192.0.2.2"
