from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gaoxin.accounts import services
from gaoxin.accounts.api_auth import digest
from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import ApiToken, LoginPolicy
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError, PermissionDeniedError


@pytest.mark.django_db
class TestLoginPolicy:
    def test_security_admin_tightens_it(self, secadmin):
        services.login_policy_update(
            actor=secadmin, password_min_length=12, idle_timeout_minutes=15, reason="整改"
        )
        policy = LoginPolicy.current()
        assert (policy.password_min_length, policy.idle_timeout_minutes) == (12, 15)
        event = AuditEvent.objects.get(action="accounts.login_policy.update")
        assert event.data["changes"]["password_min_length"] == [10, 12]

    @pytest.mark.parametrize(
        "field,value",
        [
            ("password_min_length", 8),
            ("password_min_classes", 2),
            ("failure_limit", 6),
            ("lockout_minutes", 5),
            ("idle_timeout_minutes", 60),
        ],
    )
    def test_never_below_the_floor(self, secadmin, field, value):
        with pytest.raises(ValidationError) as exc:
            services.login_policy_update(actor=secadmin, **{field: value})
        assert field in exc.value.message_dict
        assert getattr(LoginPolicy.current(), field) != value
        assert not AuditEvent.objects.filter(action="accounts.login_policy.update").exists()

    @pytest.mark.parametrize("role", [r for r in Role.values if r != Role.SECURITY_ADMIN])
    def test_only_the_security_admin(self, world, role):
        with pytest.raises(PermissionDeniedError):
            services.login_policy_update(actor=world.a.users[role], password_min_length=12)


@pytest.mark.django_db
class TestApiTokens:
    def test_create_returns_the_key_once_and_stores_its_digest(self, world):
        user = world.a.users[Role.PARK_OPERATOR]
        token, key = services.api_token_create(actor=user, name="脚本")
        assert key.startswith("gx_") and len(key) > 40
        assert token.digest == digest(key) and key.startswith(token.prefix)
        assert key not in str(ApiToken.objects.filter(pk=token.pk).values().get())
        event = AuditEvent.objects.get(action="accounts.api_token.create")
        assert key not in str(event.data) and event.data["prefix"] == token.prefix

    def test_expiry_must_be_in_the_future(self, world):
        with pytest.raises(DomainError):
            services.api_token_create(
                actor=world.a.users[Role.PROVINCIAL_REVIEWER],
                name="x",
                expires_at=timezone.now() - timedelta(days=1),
            )

    def test_name_is_required(self, world):
        with pytest.raises(ValidationError):
            services.api_token_create(actor=world.a.users[Role.PROVINCIAL_REVIEWER], name=" ")

    def test_revoke_own_token_only(self, world):
        owner = world.a.users[Role.ZONE_OFFICIAL]
        token, _key = services.api_token_create(actor=owner, name="x")
        with pytest.raises(PermissionDeniedError):
            services.api_token_revoke(actor=world.a.users[Role.SYSTEM_ADMIN], token=token)
        services.api_token_revoke(actor=owner, token=token, reason="不用了")
        token.refresh_from_db()
        assert token.revoked_at is not None
        assert AuditEvent.objects.get(action="accounts.api_token.revoke").reason == "不用了"
        with pytest.raises(DomainError):
            services.api_token_revoke(actor=owner, token=token)
