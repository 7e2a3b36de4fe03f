"""Refusals and missing pages are product pages in the user's language, not bare server text."""

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def test_a_refused_page_says_why_in_chinese(as_user, world):
    page = as_user(world.a.users[Role.ADVISOR]).get(reverse("policies:calculator"))
    text = page.content.decode()
    assert page.status_code == 403
    assert 'data-testid="error-403"' in text and "您无权打开此页面" in text
    assert "安全管理员" in text


def test_a_missing_page_is_a_product_page(client):
    page = client.get("/no-such-page/")
    text = page.content.decode()
    assert page.status_code == 404
    assert 'data-testid="error-404"' in text and "此页面不存在" in text


def test_the_error_pages_follow_the_chosen_language(as_user, world):
    client = as_user(world.a.users[Role.ADVISOR])
    client.cookies["django_language"] = "en"
    text = client.get(reverse("policies:calculator")).content.decode()
    assert "You may not open this page" in text
