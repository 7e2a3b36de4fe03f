"""Login security to 等保 level 3: lockout and unlock, idle timeout, forced password change."""

import time

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gaoxin.accounts import idle, lockout, models, services
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


def stamp_ago(client, seconds: int) -> None:
    """Give the client a last-active cookie of its session stamped `seconds` ago, and make the
    login itself older than any idle timeout."""
    session = client.session
    session[idle.LOGIN_AT] = int(time.time()) - 24 * 3600
    session.save()

    class Then(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - seconds)

    value = Then(salt=idle.SALT).sign(idle.session_tag(session.session_key))
    client.cookies[idle.COOKIE_NAME] = value


WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.mark.django_db
class TestIdleTimeout:
    def login(self, client, world):
        user = world.a.users[Role.ZONE_OFFICIAL]
        assert attempt(client, user.username, TEST_PASSWORD).status_code == 302
        return user

    def test_a_page_view_writes_nothing(self, client, world):
        self.login(client, world)
        client.get(reverse("dashboard:home"))  # a first view, as after any login
        pages = (
            reverse("dashboard:home"),
            reverse("enterprises:list"),
            "/api/enterprises",
            reverse("portal:policy_list"),
            reverse("accounts:token_list"),
        )
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, url
            writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
            assert writes == [], url
            assert idle.COOKIE_NAME in response.cookies, url

    def test_active_within_the_timeout_stays_logged_in(self, client, world):
        self.login(client, world)
        stamp_ago(client, 29 * 60)
        assert client.get(reverse("accounts:token_list")).status_code == 200
        assert logged_in(client)

    def test_idle_longer_than_the_timeout_logs_out(self, client, world):
        self.login(client, world)
        stamp_ago(client, 31 * 60)
        client.cookies["django_language"] = "en"  # the message is worded when it is added
        response = client.get(reverse("accounts:token_list"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
        assert not logged_in(client)
        page = client.get(response["Location"]).content.decode()
        assert "You were logged out after 30 minutes without activity." in page
        # logged out for good: a fresh stamp does not bring the session back
        assert client.get(reverse("accounts:token_list")).status_code == 302

    def test_each_answer_renews_the_stamp(self, client, world):
        self.login(client, world)
        stamp_ago(client, 20 * 60)
        assert client.get(reverse("dashboard:home")).status_code == 200
        stamp = client.cookies[idle.COOKIE_NAME].value
        signing.TimestampSigner(salt=idle.SALT).unsign(stamp, max_age=60)
        assert client.get(reverse("accounts:token_list")).status_code == 200

    def test_a_stricter_policy_applies_on_the_next_request(self, client, world, secadmin):
        self.login(client, world)
        stamp_ago(client, 11 * 60)
        assert client.get(reverse("accounts:token_list")).status_code == 200
        services.login_policy_update(actor=secadmin, idle_timeout_minutes=10)
        stamp_ago(client, 11 * 60)
        assert client.get(reverse("accounts:token_list")).status_code == 302
        assert not logged_in(client)

    def test_a_missing_or_foreign_stamp_counts_as_idle(self, client, world):
        self.login(client, world)
        stamp_ago(client, 0)
        del client.cookies[idle.COOKIE_NAME]
        assert client.get(reverse("accounts:token_list")).status_code == 302

        other = client.__class__()
        self.login(other, world)
        stamp_ago(client, 0)  # only to age the login of `client` below
        self.login(client, world)
        stamp_ago(client, 0)
        client.cookies[idle.COOKIE_NAME] = other.cookies[idle.COOKIE_NAME].value
        assert client.get(reverse("accounts:token_list")).status_code == 302

    def test_the_api_answers_401_once_idle(self, client, world, api_me):
        self.login(client, world)
        stamp_ago(client, 31 * 60)
        assert client.get(api_me).status_code == 401
        assert not logged_in(client)

    def test_the_session_row_lives_a_working_day(self, client, world):
        self.login(client, world)
        assert client.session.get_expiry_age() == 12 * 3600


@pytest.mark.django_db
class TestPolicyCache:
    def test_a_change_applies_at_once_in_this_process(self, secadmin):
        assert LoginPolicy.current().idle_timeout_minutes == 30
        services.login_policy_update(actor=secadmin, idle_timeout_minutes=15)
        assert LoginPolicy.current().idle_timeout_minutes == 15

    def test_kept_outside_transactions_and_forgotten_on_save(self, transactional_db):
        models.forget_current_policy()
        try:
            LoginPolicy.current()
            with CaptureQueriesContext(connection) as queries:
                policy = LoginPolicy.current()
            assert len(queries) == 0
            policy.idle_timeout_minutes = 5  # a copy: the kept policy is not changed
            assert LoginPolicy.current().idle_timeout_minutes == 30
            LoginPolicy.objects.create(idle_timeout_minutes=20)
            assert LoginPolicy.current().idle_timeout_minutes == 20
        finally:
            models.forget_current_policy()


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
