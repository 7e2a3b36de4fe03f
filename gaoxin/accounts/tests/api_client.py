"""The API test client every app's tests use: calls /api/ as a program would, with a personal
token (anonymous without one) and JSON bodies."""

from __future__ import annotations

import json

from django.test import Client

from gaoxin.accounts.api_auth import digest, new_token_key
from gaoxin.accounts.models import ApiToken


class ApiClient:
    """Calls /api/ with `user`'s personal token, or anonymously for None.

    `language` is sent as Accept-Language (under /api/ it picks the answer's language; Chinese
    without it). `enforce_csrf_checks` makes CSRF count as for a real request (the test client
    skips the check otherwise), e.g. for a browser without a session.
    """

    def __init__(self, user=None, language=None, *, enforce_csrf_checks: bool = False):
        self.client = Client(enforce_csrf_checks=enforce_csrf_checks)
        self.headers = {"Accept-Language": language} if language else {}
        if user is not None:
            key = new_token_key()
            ApiToken.objects.create(user=user, name="test", prefix=key[:8], digest=digest(key))
            self.headers["Authorization"] = "Bearer " + key

    def _call(self, method, path, body=None, *, raw: bool = False, **params):
        kwargs = {"headers": self.headers}
        if body is not None:
            data = body if raw else json.dumps(body)
            kwargs.update(data=data, content_type="application/json")
        elif params:
            kwargs["data"] = params
        return getattr(self.client, method)("/api" + path, **kwargs)

    def get(self, path, **params):
        return self._call("get", path, **params)

    def post(self, path, body, raw: bool = False):
        """POST `body` as JSON; `raw=True` sends it as it is (a string, e.g. broken JSON)."""
        return self._call("post", path, body, raw=raw)

    def patch(self, path, body):
        return self._call("patch", path, body)

    def put(self, path, body):
        return self._call("put", path, body)
