"""What the account pages do, through the pages."""

import pytest
from django.urls import reverse

from gaoxin.accounts import services
from gaoxin.accounts.choices import OrganisationKind, Role
from gaoxin.accounts.models import ApiToken, LoginPolicy, Organisation, User
from gaoxin.accounts.tests.factories import UserFactory
from gaoxin.audit.models import AuditEvent

PASSWORD = "Initial-Pass-2025"


@pytest.fixture
def as_sysadmin(client, sysadmin):
    client.force_login(sysadmin)
    return client


@pytest.fixture
def as_secadmin(client, secadmin):
    client.force_login(secadmin)
    return client


@pytest.mark.django_db
class TestUserList:
    def usernames(self, response):
        return [row["user"].username for row in response.context["rows"]]

    def test_lists_the_zone_only(self, as_sysadmin, world):
        names = self.usernames(as_sysadmin.get(reverse("accounts:user_list")))
        assert world.a.users[Role.PARK_OPERATOR].username in names
        assert world.b.users[Role.PARK_OPERATOR].username not in names

    def test_search_and_filters(self, as_sysadmin, world):
        list_url = reverse("accounts:user_list")
        assert self.usernames(as_sysadmin.get(list_url, {"q": "a_park"})) == ["a_park_operator"]
        by_org = self.usernames(as_sysadmin.get(list_url, {"organisation": world.a.operator.pk}))
        assert by_org == ["a_park_operator"]
        by_role = self.usernames(as_sysadmin.get(list_url, {"role": Role.AUDITOR}))
        assert by_role == ["a_auditor"]
        UserFactory(username="a_norole", role="", organisation=world.a.zone, is_active=False)
        assert self.usernames(as_sysadmin.get(list_url, {"role": "none"})) == ["a_norole"]
        assert self.usernames(as_sysadmin.get(list_url, {"active": "0"})) == ["a_norole"]
        assert self.usernames(as_sysadmin.get(list_url, {"organisation": "x"})) == []

    def test_paginates_by_25(self, as_sysadmin, world):
        for n in range(30):
            UserFactory(username=f"a_staff{n:02}", organisation=world.a.zone)
        first = as_sysadmin.get(reverse("accounts:user_list"))
        assert len(first.context["rows"]) == 25
        second = as_sysadmin.get(reverse("accounts:user_list"), {"page": 2})
        assert len(second.context["rows"]) > 0
        assert "2 / 2" in second.content.decode()

    def test_actions_follow_the_role(self, client, world, sysadmin, secadmin):
        client.force_login(sysadmin)
        page = client.get(reverse("accounts:user_list")).content.decode()
        assert reverse("accounts:user_create") in page
        assert "/role/" not in page
        client.force_login(secadmin)
        page = client.get(reverse("accounts:user_list")).content.decode()
        assert reverse("accounts:user_create") not in page
        assert "/role/" in page and "/users/" + str(sysadmin.pk) + "/password/" not in page


@pytest.mark.django_db
class TestUserCreatePage:
    def post(self, client, world, **extra):
        data = {
            "username": "zhang.san",
            "display_name": "张三",
            "organisation": world.a.operator.pk,
            "new_password1": PASSWORD,
            "new_password2": PASSWORD,
            **extra,
        }
        return client.post(reverse("accounts:user_create"), data)

    def test_creates_without_a_role(self, as_sysadmin, world):
        response = self.post(as_sysadmin, world)
        user = User.objects.get(username="zhang.san")
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:user_update", args=[user.pk])
        assert user.role == "" and user.must_change_password

    def test_a_posted_role_is_ignored(self, as_sysadmin, world):
        self.post(as_sysadmin, world, role=Role.PARK_OPERATOR)
        assert User.objects.get(username="zhang.san").role == ""

    def test_weak_password_is_shown_on_the_field(self, as_sysadmin, world):
        response = self.post(as_sysadmin, world, new_password1="abc", new_password2="abc")
        assert response.status_code == 200
        assert response.context["form"].errors["new_password1"]
        assert not User.objects.filter(username="zhang.san").exists()

    def test_passwords_must_match(self, as_sysadmin, world):
        response = self.post(as_sysadmin, world, new_password2=PASSWORD + "x")
        assert response.context["form"].errors["new_password2"]

    def test_another_zones_organisation_is_not_offered(self, as_sysadmin, world):
        response = self.post(as_sysadmin, world, organisation=world.b.operator.pk)
        assert response.context["form"].errors["organisation"]


@pytest.mark.django_db
class TestUserUpdatePage:
    def test_shows_the_field_history(self, as_sysadmin, world, sysadmin):
        target = world.a.users[Role.ZONE_OFFICIAL]
        services.user_update(actor=sysadmin, user=target, title="主任", reason="任命")
        page = as_sysadmin.get(reverse("accounts:user_update", args=[target.pk])).content.decode()
        assert 'data-testid="field-history"' in page
        assert "主任" in page and "任命" in page

    def test_deactivating_asks_for_a_reason(self, as_sysadmin, world):
        target = world.a.users[Role.ZONE_OFFICIAL]
        data = {"display_name": "x", "organisation": target.organisation_id}
        response = as_sysadmin.post(reverse("accounts:user_update", args=[target.pk]), data)
        assert response.status_code == 200
        assert response.context["form"].errors["reason"]
        target.refresh_from_db()
        assert target.is_active
        response = as_sysadmin.post(
            reverse("accounts:user_update", args=[target.pk]), {**data, "reason": "调岗"}
        )
        assert response.status_code == 302
        target.refresh_from_db()
        assert not target.is_active

    def test_organisation_that_does_not_fit_the_role(self, as_sysadmin, world):
        target = world.a.users[Role.ZONE_OFFICIAL]
        response = as_sysadmin.post(
            reverse("accounts:user_update", args=[target.pk]),
            {"organisation": world.a.operator.pk, "is_active": "on"},
        )
        assert response.status_code == 200
        assert response.context["form"].errors
        target.refresh_from_db()
        assert target.organisation == world.a.zone


@pytest.mark.django_db
def test_reset_password_page(as_sysadmin, world):
    target = world.a.users[Role.PARK_OPERATOR]
    response = as_sysadmin.post(
        reverse("accounts:user_reset_password", args=[target.pk]),
        {"new_password1": PASSWORD, "new_password2": PASSWORD, "reason": "遗忘"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password(PASSWORD) and target.must_change_password


@pytest.mark.django_db
def test_reset_password_of_the_auditor_is_refused_on_the_page(as_sysadmin, world):
    target = world.a.users[Role.AUDITOR]
    response = as_sysadmin.post(
        reverse("accounts:user_reset_password", args=[target.pk]),
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 200
    assert "gaoxin reset-password" in response.content.decode()


@pytest.mark.django_db
class TestSetRolePage:
    def test_sets_the_role_with_a_reason(self, as_secadmin, world):
        target = UserFactory(role="", organisation=world.a.operator)
        page = as_secadmin.get(reverse("accounts:user_set_role", args=[target.pk]))
        assert str(Role.PARK_OPERATOR.label) in page.context["fitting_roles"]
        response = as_secadmin.post(
            reverse("accounts:user_set_role", args=[target.pk]),
            {"role": Role.PARK_OPERATOR, "reason": "入职"},
        )
        assert response.status_code == 302
        target.refresh_from_db()
        assert target.role == Role.PARK_OPERATOR

    def test_reason_is_required(self, as_secadmin, world):
        target = UserFactory(role="", organisation=world.a.operator)
        response = as_secadmin.post(
            reverse("accounts:user_set_role", args=[target.pk]), {"role": Role.PARK_OPERATOR}
        )
        assert response.context["form"].errors["reason"]

    def test_a_role_that_does_not_fit(self, as_secadmin, world):
        target = UserFactory(role="", organisation=world.a.operator)
        response = as_secadmin.post(
            reverse("accounts:user_set_role", args=[target.pk]),
            {"role": Role.AUDITOR, "reason": "x"},
        )
        assert response.context["form"].errors["role"]

    def test_own_role_is_refused(self, as_secadmin, secadmin):
        response = as_secadmin.post(
            reverse("accounts:user_set_role", args=[secadmin.pk]),
            {"role": Role.ZONE_OFFICIAL, "reason": "x"},
        )
        assert response.status_code == 200
        secadmin.refresh_from_db()
        assert secadmin.role == Role.SECURITY_ADMIN


@pytest.mark.django_db
class TestOrganisationPages:
    def test_create(self, as_sysadmin, world):
        response = as_sysadmin.post(
            reverse("accounts:organisation_create"),
            {
                "name": "乙方科技有限公司",
                "kind": OrganisationKind.ENTERPRISE,
                "zone": world.a.zone.pk,
                "region_code": "410171",
            },
        )
        assert response.status_code == 302
        assert Organisation.objects.get(name="乙方科技有限公司").zone == world.a.zone

    def test_only_own_zone_is_offered(self, as_sysadmin, world):
        form = as_sysadmin.get(reverse("accounts:organisation_create")).context["form"]
        assert list(form.fields["zone"].queryset) == [world.a.zone]
        assert world.b.operator not in form.fields["parent"].queryset

    def test_update_and_history(self, as_sysadmin, world):
        org = world.a.operator
        response = as_sysadmin.post(
            reverse("accounts:organisation_update", args=[org.pk]),
            {
                "name": org.name,
                "short_name": "甲产投",
                "kind": org.kind,
                "zone": world.a.zone.pk,
                "region_code": "410171",
                "reason": "规范简称",
            },
        )
        assert response.status_code == 302
        page = as_sysadmin.get(reverse("accounts:organisation_update", args=[org.pk]))
        assert "规范简称" in page.content.decode()

    def test_list_search(self, as_sysadmin, world):
        page = as_sysadmin.get(reverse("accounts:organisation_list"), {"q": "产投"})
        assert list(page.context["page_obj"]) == [world.a.operator]


@pytest.mark.django_db
class TestLoginPolicyPage:
    def test_shows_the_floors(self, as_secadmin):
        page = as_secadmin.get(reverse("accounts:login_policy")).content.decode()
        for field in ("password_min_length", "failure_limit", "idle_timeout_minutes"):
            assert f'data-testid="floor-{field}"' in page

    def test_below_the_floor_is_refused(self, as_secadmin):
        data = {
            "password_min_length": 12,
            "password_min_classes": 3,
            "failure_limit": 6,
            "lockout_minutes": 30,
            "idle_timeout_minutes": 30,
        }
        response = as_secadmin.post(reverse("accounts:login_policy"), data)
        assert response.status_code == 200
        assert response.context["form"].errors["failure_limit"]
        assert not LoginPolicy.objects.filter(password_min_length=12).exists()

    def test_save(self, as_secadmin):
        data = {
            "password_min_length": 12,
            "password_min_classes": 4,
            "failure_limit": 3,
            "lockout_minutes": 60,
            "idle_timeout_minutes": 15,
            "reason": "加强",
        }
        assert as_secadmin.post(reverse("accounts:login_policy"), data).status_code == 302
        policy = LoginPolicy.current()
        assert (policy.failure_limit, policy.idle_timeout_minutes) == (3, 15)
        assert AuditEvent.objects.get(action="accounts.login_policy.update").reason == "加强"


@pytest.mark.django_db
class TestTokenPages:
    def test_key_is_shown_once(self, client, world):
        user = world.a.users[Role.PARK_OPERATOR]
        client.force_login(user)
        response = client.post(
            reverse("accounts:token_create"), {"name": "统计", "expires_in": "30"}
        )
        assert response.status_code == 200
        key = response.context["new_key"]
        assert key.startswith("gx_") and key in response.content.decode()
        assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
        token = ApiToken.objects.get(user=user)
        assert token.expires_at is not None
        assert key not in client.get(reverse("accounts:token_list")).content.decode()

    def test_name_required(self, client, world):
        client.force_login(world.a.users[Role.PARK_OPERATOR])
        response = client.post(reverse("accounts:token_create"), {"name": ""})
        assert response.status_code == 400
        assert not ApiToken.objects.exists()

    def test_revoke(self, client, world):
        user = world.a.users[Role.PARK_OPERATOR]
        token, _key = services.api_token_create(actor=user, name="x")
        client.force_login(user)
        response = client.post(reverse("accounts:token_revoke", args=[token.pk]), {"reason": ""})
        assert response.status_code == 302
        token.refresh_from_db()
        assert token.revoked_at is not None
