"""Every demo account logs in through the login page and lands on the page that fits its role."""

import pytest
from django.test import Client
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.demo.loader import load_demo
from gaoxin.demo.seed import ACCOUNTS, DEMO_PASSWORD
from gaoxin.enterprises.models import Enterprise

LANDING = {
    Role.ZONE_OFFICIAL: "总览",
    Role.PARK_OPERATOR: "总览",
    Role.PROVINCIAL_REVIEWER: "总览",
    Role.ADVISOR: 'data-testid="advisor-empty"',
    Role.AUDITOR: "审计日志",
    Role.SYSTEM_ADMIN: "账号管理",
    Role.SECURITY_ADMIN: "账号管理",
}


@pytest.mark.django_db
@pytest.mark.parametrize("account", ACCOUNTS, ids=lambda a: a.username)
def test_demo_account_lands_on_its_page(account):
    load_demo()
    client = Client()
    response = client.post(
        reverse("accounts:login"),
        {"username": account.username, "password": DEMO_PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="login-submit"' not in page, "still on the login page"
    user = response.context["user"]
    if user.role == Role.ENTERPRISE_USER:
        enterprise = Enterprise.objects.get(organisation=user.organisation)
        assert response.redirect_chain[-1][0] == reverse("enterprises:detail", args=[enterprise.pk])
        assert enterprise.name in page
    else:
        assert LANDING[user.role] in page, (account.username, user.role)
