"""Login security to 等保 level 3: lockout and unlock, idle timeout, forced password change."""

import pytest
from django.urls import reverse

from gaoxin.accounts import lockout, services
from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import LoginPolicy
from gaoxin.accounts.tests.factories import TEST_PASSWORD
from gaoxin.audit.models import AuditEvent

LOGIN = "/accounts/login/"


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
class TestLockout:
    def test_locked_after_five_failures_even_with_the_right_password(self, client, world):
        user = world.a.users[Role.ZONE_OFFICIAL]
        for n in range(1, 5):
            response = attempt(client, user.username, "wrong-Password-1")
            assert response.status_code == 200, n
            assert "login-error" in response.content.decode()
        response = attempt(client, user.username, "wrong-Password-1")
        assert response.status_code == 429  # the fifth failure locks
        response = attempt(client, user.username, TEST_PASSWORD)
        assert response.status_code == 429
        assert 'data-testid="locked-out"' in response.content.decode()
        assert not logged_in(client)
        assert lockout.is_locked(user.username)

    def test_failures_and_the_lock_are_audited(self, client, world):
        user = world.a.users[Role.ZONE_OFFICIAL]
        for _ in range(6):
            attempt(client, user.username, "wrong-Password-1")
        assert AuditEvent.objects.filter(action="accounts.user.login_failed").count() == 4
        lock = AuditEvent.objects.get(action="accounts.user.lock")
        assert lock.object_id == str(user.pk) and lock.data == {"failures": 5, "limit": 5}
        assert lock.actor is None and lock.actor_name == "anonymous"
        assert lock.ip == "127.0.0.1" and lock.channel == "web"

    def test_unknown_usernames_are_not_audited(self, client, db):
        for _ in range(3):
            attempt(client, "nobody", "wrong-Password-1")
        assert not AuditEvent.objects.filter(action__startswith="accounts.user.lo").exists()

    def test_the_limit_follows_the_policy(self, client, world):
        LoginPolicy.objects.create(failure_limit=3)
        user = world.a.users[Role.ADVISOR]
        for _ in range(3):
            attempt(client, user.username, "wrong-Password-1")
        assert attempt(client, user.username, TEST_PASSWORD).status_code == 429

    def test_a_success_before_the_limit_resets_the_count(self, client, world):
        user = world.a.users[Role.ADVISOR]
        for _ in range(4):
            attempt(client, user.username, "wrong-Password-1")
        assert attempt(client, user.username, TEST_PASSWORD).status_code == 302
        assert lockout.failures(user.username) == 0


@pytest.mark.django_db
class TestUnlock:
    def lock(self, client, user):
        for _ in range(5):
            attempt(client, user.username, "wrong-Password-1")
        assert lockout.is_locked(user.username)

    def test_security_admin_unlocks_from_the_list(self, client, world, secadmin):
        user = world.a.users[Role.ZONE_OFFICIAL]
        self.lock(client, user)
        admin = client.__class__()
        admin.force_login(secadmin)
        page = admin.get(reverse("accounts:user_list"), {"locked": "1"}).content.decode()
        assert f'data-testid="unlock-{user.username}"' in page
        assert 'data-testid="locked-badge"' in page
        response = admin.post(
            reverse("accounts:user_unlock", args=[user.pk]), {"reason": "本人来电"}
        )
        assert response.status_code == 302
        assert not lockout.is_locked(user.username)
        event = AuditEvent.objects.get(action="accounts.user.unlock")
        assert event.actor == secadmin and event.reason == "本人来电"
        assert event.data == {"failures": 5}
        assert attempt(client, user.username, TEST_PASSWORD).status_code == 302

    def test_unlocking_an_unlocked_account_says_so(self, client, world, secadmin):
        client.force_login(secadmin)
        target = world.a.users[Role.ZONE_OFFICIAL]
        response = client.post(reverse("accounts:user_unlock", args=[target.pk]), {"reason": ""})
        assert response.status_code == 200
        assert "form-error" in response.content.decode()
        assert not AuditEvent.objects.filter(action="accounts.user.unlock").exists()

    def test_service_refuses_other_roles(self, client, world, sysadmin):
        from gaoxin.core.errors import PermissionDeniedError

        user = world.a.users[Role.ZONE_OFFICIAL]
        self.lock(client, user)
        with pytest.raises(PermissionDeniedError):
            services.user_unlock(actor=sysadmin, user=user)
        assert lockout.is_locked(user.username)


@pytest.mark.django_db
class TestIdleTimeout:
    def test_session_expiry_is_the_policy_idle_timeout(self, client, world):
        user = world.a.users[Role.ZONE_OFFICIAL]
        assert attempt(client, user.username, TEST_PASSWORD).status_code == 302
        client.get(reverse("accounts:token_list"))
        assert client.session.get_expiry_age() == 30 * 60

    def test_a_stricter_policy_applies_on_the_next_request(self, client, world, secadmin):
        client.force_login(world.a.users[Role.ZONE_OFFICIAL])
        services.login_policy_update(actor=secadmin, idle_timeout_minutes=10)
        client.get(reverse("accounts:token_list"))
        assert client.session.get_expiry_age() == 10 * 60


@pytest.mark.django_db
class TestForcedPasswordChange:
    NEW = "Zhengzhou-Gx-88"

    @pytest.fixture
    def newcomer(self, world, sysadmin):
        return services.user_create(
            actor=sysadmin,
            username="newcomer",
            password="Initial-Pass-1",
            organisation=world.a.zone,
        )

    def test_redirected_until_changed(self, client, newcomer, api_me):
        response = attempt(client, "newcomer", "Initial-Pass-1")
        assert response.status_code == 302
        for url in (reverse("dashboard:home"), reverse("accounts:token_list")):
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:password_change"))
        response = client.get(api_me)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "password_change_required"

        response = client.post(
            reverse("accounts:password_change"),
            {
                "old_password": "Initial-Pass-1",
                "new_password1": self.NEW,
                "new_password2": self.NEW,
            },
        )
        assert response.status_code == 302
        newcomer.refresh_from_db()
        assert not newcomer.must_change_password
        # No longer held at the password page: the token list answers for itself (403: an
        # account without a role holds no API tokens).
        assert client.get(reverse("accounts:token_list")).status_code == 403
        assert client.get(api_me).json()["username"] == "newcomer"

    def test_new_password_must_be_strong(self, client, newcomer):
        client.force_login(newcomer)
        response = client.post(
            reverse("accounts:password_change"),
            {
                "old_password": "Initial-Pass-1",
                "new_password1": "abcdefgh",
                "new_password2": "abcdefgh",
            },
        )
        assert response.status_code == 200
        newcomer.refresh_from_db()
        assert newcomer.must_change_password

    def test_after_a_reset_too(self, client, world, sysadmin):
        target = world.a.users[Role.ZONE_OFFICIAL]
        services.user_reset_password(actor=sysadmin, user=target, new_password="Temp-Pass-2025")
        assert attempt(client, target.username, "Temp-Pass-2025").status_code == 302
        response = client.get(reverse("dashboard:home"))
        assert response["Location"].startswith(reverse("accounts:password_change"))
