import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_chinese_even_when_the_browser_asks_for_english(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "登录高新平台" in response.content.decode()
    assert response["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_the_switch_chooses_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("accounts:login"))
    assert "Log in to Gaoxin" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_chinese(client):
    client.cookies["django_language"] = "fr"
    assert "登录高新平台" in client.get(reverse("accounts:login")).content.decode()


@pytest.mark.django_db
def test_api_clients_choose_with_accept_language(client):
    english = client.get("/api/enterprises", HTTP_ACCEPT_LANGUAGE="en")
    chinese = client.get("/api/enterprises")
    assert english.json()["error"]["message"] == "Log in, or send a personal API token."
    assert chinese.json()["error"]["message"] != english.json()["error"]["message"]
