"""Personal API tokens: `Authorization: Bearer gx_...` on GET /api/me."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from gaoxin.accounts import services
from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import ApiToken


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def owner(world):
    return world.a.users[Role.PARK_OPERATOR]


@pytest.fixture
def token(owner):
    return services.api_token_create(actor=owner, name="脚本")


@pytest.mark.django_db
class TestTokenAuth:
    def test_a_valid_token_authenticates(self, client, api_me, owner, token):
        obj, key = token
        response = client.get(api_me, **bearer(key))
        assert response.status_code == 200
        body = response.json()
        assert body["username"] == owner.username
        assert body["role"] == "park_operator"
        assert body["organisation"]["id"] == owner.organisation_id
        obj.refresh_from_db()
        assert obj.last_used_at is not None

    def test_anonymous_is_401_with_the_error_body(self, client, api_me):
        response = client.get(api_me)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"

    @pytest.mark.parametrize("key", ["gx_not-a-real-token", "abc", ""])
    def test_unknown_tokens_are_refused(self, client, api_me, key):
        assert client.get(api_me, **bearer(key)).status_code == 401

    def test_a_revoked_token_is_refused(self, client, api_me, owner, token):
        obj, key = token
        services.api_token_revoke(actor=owner, token=obj)
        assert client.get(api_me, **bearer(key)).status_code == 401

    def test_an_expired_token_is_refused(self, client, api_me, owner):
        obj, key = services.api_token_create(
            actor=owner, name="x", expires_at=timezone.now() + timedelta(days=1)
        )
        assert client.get(api_me, **bearer(key)).status_code == 200
        ApiToken.objects.filter(pk=obj.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        assert client.get(api_me, **bearer(key)).status_code == 401

    def test_a_deactivated_account_is_refused(self, client, api_me, world, owner, token):
        _obj, key = token
        services.user_update(
            actor=world.a.users[Role.SYSTEM_ADMIN], user=owner, is_active=False, reason="离职"
        )
        assert client.get(api_me, **bearer(key)).status_code == 401

    def test_password_change_required_is_403(self, client, api_me, owner, token):
        _obj, key = token
        owner.must_change_password = True
        owner.save(update_fields=["must_change_password"])
        response = client.get(api_me, **bearer(key))
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "password_change_required"

    def test_the_session_works_too(self, client, api_me, owner):
        client.force_login(owner)
        assert client.get(api_me).json()["username"] == owner.username


INTEGRATING = [Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER]
OTHERS = [r for r in Role if r not in INTEGRATING]


@pytest.mark.django_db
class TestWhoHoldsTokens:
    """settings.API_TOKEN_ROLES: the roles that integrate; the others get neither link nor page."""

    @pytest.mark.parametrize("role", INTEGRATING)
    def test_the_integrating_roles_see_the_link_and_the_page(self, client, world, role):
        client.force_login(world.a.users[role])
        page = client.get("/accounts/tokens/")
        assert page.status_code == 200
        assert b'data-testid="user-menu-api-tokens"' in page.content

    @pytest.mark.parametrize("role", OTHERS)
    def test_the_others_get_no_link_and_403(self, client, world, role):
        user = world.a.users[role]
        client.force_login(user)
        assert b"user-menu-api-tokens" not in client.get("/accounts/password/").content
        assert client.get("/accounts/tokens/").status_code == 403
        assert client.post("/accounts/tokens/new/", {"name": "x"}).status_code == 403
        with (
            translation.override("en"),
            pytest.raises(services.PermissionDeniedError, match="role does not use"),
        ):
            services.api_token_create(actor=user, name="x")
        assert not ApiToken.objects.filter(user=user).exists()

    def test_a_setting_lets_enterprise_users_in(self, client, world, settings):
        settings.API_TOKEN_ROLES = [*settings.API_TOKEN_ROLES, Role.ENTERPRISE_USER]
        client.force_login(world.a.users[Role.ENTERPRISE_USER])
        page = client.get("/accounts/tokens/")
        assert page.status_code == 200
        assert b'data-testid="user-menu-api-tokens"' in page.content
