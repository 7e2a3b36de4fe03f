import pytest
from django.urls import reverse

from gaoxin.accounts.tests.factories import TEST_PASSWORD, UserFactory
from gaoxin.audit.models import AuditEvent


@pytest.mark.django_db
def test_login_page_is_chinese_by_default(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


@pytest.mark.django_db
def test_login_is_audited_and_lands_on_role_home(client, world):
    user = world.a.users["zone_official"]
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="accounts.user.login", actor=user).exists()


@pytest.mark.django_db
def test_first_login_forces_password_change(client):
    user = UserFactory(must_change_password=True)
    client.force_login(user)
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:password_change"))
