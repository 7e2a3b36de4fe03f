"""The Content-Security-Policy header: strict (no inline script, no eval), on pages and API docs."""

import pytest

EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    parts = [part.strip().split(" ", 1) for part in header.split(";") if part.strip()]
    return {name: value for name, value in parts}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/public/", "/api/docs"])
def test_the_policy_is_sent(client, url):
    response = client.get(url)
    found = directives(response)
    for name, value in EXPECTED.items():
        assert found.get(name) == value, name
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_logged_in_pages_have_it_and_no_inline_script(client, official):
    client.force_login(official)
    for url in ("/", "/enterprises/", "/accounts/tokens/"):
        response = client.get(url, follow=True)
        assert "script-src 'self'" in response["Content-Security-Policy"]
        body = response.content.decode()
        # every <script> has a src, or is a json_script data block (not run)
        for chunk in body.split("<script")[1:]:
            tag = chunk.split(">", 1)[0]
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)
        assert "hx-on" not in body and "javascript:" not in body
