"""Every account page: anonymous → login, every other role → 403, another zone's object → 404,
the right role → 200. And 三员分立 between the three administrators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gaoxin.accounts import services
from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import ApiToken

SYS, SEC = Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN


def target_user(side):
    return {"pk": side.users[Role.ZONE_OFFICIAL].pk}


def target_org(side):
    return {"pk": side.operator.pk}


# url name, kwargs from a side of the world (None: no object), roles that may open it
PAGES = [
    ("accounts:user_list", None, {SYS, SEC}),
    ("accounts:user_create", None, {SYS}),
    ("accounts:user_update", target_user, {SYS}),
    ("accounts:user_reset_password", target_user, {SYS}),
    ("accounts:user_set_role", target_user, {SEC}),
    ("accounts:user_unlock", target_user, {SEC}),
    ("accounts:organisation_list", None, {SYS}),
    ("accounts:organisation_create", None, {SYS}),
    ("accounts:organisation_update", target_org, {SYS}),
    ("accounts:login_policy", None, {SEC}),
]
CASES = [
    (name, kwargs, role, role in allowed) for name, kwargs, allowed in PAGES for role in Role.values
]


def url(name, kwargs, side):
    return reverse(name, kwargs=kwargs(side) if kwargs else None)


@pytest.mark.django_db
@pytest.mark.parametrize("name,kwargs,allowed", [(n, k, a) for n, k, a in PAGES])
def test_anonymous_goes_to_login(client, world, name, kwargs, allowed):
    response = client.get(url(name, kwargs, world.a))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("name,kwargs,role,ok", CASES)
def test_each_role(client, world, name, kwargs, role, ok):
    client.force_login(world.a.users[role])
    response = client.get(url(name, kwargs, world.a))
    assert response.status_code == (200 if ok else 403)


@pytest.mark.django_db
@pytest.mark.parametrize("name,kwargs,allowed", [(n, k, a) for n, k, a in PAGES if k])
def test_another_zones_object_is_not_found(client, world, name, kwargs, allowed):
    for role in allowed:
        client.force_login(world.a.users[role])
        assert client.get(url(name, kwargs, world.b)).status_code == 404
        assert client.post(url(name, kwargs, world.b), {"reason": "x"}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name,kwargs,allowed", [(n, k, a) for n, k, a in PAGES])
def test_wrong_role_cannot_post_either(client, world, name, kwargs, allowed):
    wrong = Role.AUDITOR  # holds none of these
    client.force_login(world.a.users[wrong])
    assert client.post(url(name, kwargs, world.a), {"reason": "x"}).status_code == 403


@pytest.mark.django_db
def test_superuser_without_a_role_is_refused(client, world):
    """The separation holds for a Django superuser too: pages check the role only."""
    from gaoxin.accounts.models import User

    root = User.objects.create_superuser(
        "root", password="Root-Pass-2025", must_change_password=False
    )
    client.force_login(root)
    for name, kwargs, _allowed in PAGES:
        assert client.get(url(name, kwargs, world.a)).status_code in (403, 404), name


@pytest.mark.django_db
class TestSeparationOfDuties:
    def test_security_admin_cannot_create_accounts(self, client, world, secadmin):
        client.force_login(secadmin)
        response = client.post(
            reverse("accounts:user_create"),
            {
                "username": "x",
                "organisation": world.a.zone.pk,
                "new_password1": "Gaoxin-Test-99",
                "new_password2": "Gaoxin-Test-99",
            },
        )
        assert response.status_code == 403

    def test_system_admin_cannot_set_roles(self, client, world, sysadmin):
        client.force_login(sysadmin)
        target = world.a.users[Role.ZONE_OFFICIAL]
        response = client.post(
            reverse("accounts:user_set_role", args=[target.pk]), {"role": "", "reason": "x"}
        )
        assert response.status_code == 403
        target.refresh_from_db()
        assert target.role == Role.ZONE_OFFICIAL

    def test_auditor_reaches_no_account_page(self, client, world, auditor):
        client.force_login(auditor)
        for name, kwargs, _allowed in PAGES:
            assert client.get(url(name, kwargs, world.a)).status_code == 403, name

    def test_no_admin_page_in_the_menu_of_other_roles(self, client, world):
        client.force_login(world.a.users[Role.ZONE_OFFICIAL])
        page = client.get(reverse("accounts:token_list")).content.decode()
        assert reverse("accounts:user_list") not in page
        assert reverse("audit:event_list") not in page


# Personal API tokens: the roles of settings.API_TOKEN_ROLES, for their own tokens only.
INTEGRATING = [Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER]


@pytest.mark.django_db
def test_token_pages_anonymous(client, world):
    token, _key = services.api_token_create(actor=world.a.users[Role.PARK_OPERATOR], name="x")
    for path in (reverse("accounts:token_list"), reverse("accounts:token_revoke", args=[token.pk])):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.post(reverse("accounts:token_create"), {"name": "x"})
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_token_pages_every_integrating_role_for_itself(client, world, settings, role):
    user = world.a.users[role]
    token = ApiToken.objects.create(user=user, name="mine", prefix="gx_mine", digest="1" * 64)
    client.force_login(user)
    expected = 200 if role in INTEGRATING else 403
    assert client.get(reverse("accounts:token_list")).status_code == expected
    assert client.get(reverse("accounts:token_revoke", args=[token.pk])).status_code == expected
    settings.API_TOKEN_ROLES = Role.values  # every role, once enabled
    assert client.get(reverse("accounts:token_list")).status_code == 200
    assert client.get(reverse("accounts:token_revoke", args=[token.pk])).status_code == 200


@pytest.mark.django_db
def test_another_users_token_is_not_found(client, world):
    other, _key = services.api_token_create(actor=world.b.users[Role.PARK_OPERATOR], name="theirs")
    colleague, _key = services.api_token_create(actor=world.a.users[Role.ZONE_OFFICIAL], name="x")
    client.force_login(world.a.users[Role.PARK_OPERATOR])
    for token in (other, colleague):
        assert client.get(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
        assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


@pytest.mark.django_db
def test_token_create_is_post_only(client, world):
    client.force_login(world.a.users[Role.ADVISOR])
    assert client.get(reverse("accounts:token_create")).status_code == 405
