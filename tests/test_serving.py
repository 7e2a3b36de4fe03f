"""Serving (issue 15): /healthz, /readyz, the request log, and gunicorn with its config."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import override_settings

from config.settings.base import logging_config
from gaoxin.accounts.tests.factories import TEST_PASSWORD, UserFactory
from gaoxin.audit.models import AuditEvent
from gaoxin.core import health

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_WORDS = ("password", "Traceback", "Error", "127.0.0.1", "localhost", "postgres", "redis:")


def free_port() -> int:
    """A local port where nothing listens (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_answers_without_database_or_login(client):
    # no django_db mark: any database access here would fail the test
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_ok_without_login(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "task_queue": "ok", "migrations": "ok"},
    }


@pytest.mark.django_db
def test_health_checks_pass_the_forced_password_change(client):
    client.force_login(UserFactory(must_change_password=True))
    assert client.get("/", follow=False).status_code == 302  # everything else is redirected
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


@pytest.fixture
def unreachable_database():
    """A second database alias on the same engine that cannot be reached: on PostgreSQL a port
    where nothing listens, on SQLite a file in a folder that does not exist."""
    alias = "unreachable"
    config = dict(connections.settings["default"])
    if config["ENGINE"].endswith("sqlite3"):
        config["NAME"] = "/nonexistent-gaoxin-dir/db.sqlite3"
        config["TEST"] = {**config.get("TEST", {}), "NAME": config["NAME"]}
    else:
        config["HOST"], config["PORT"] = "127.0.0.1", str(free_port())
        config["OPTIONS"] = {**config.get("OPTIONS", {}), "connect_timeout": 2}
    connections.settings[alias] = config
    yield alias
    connections[alias].close()
    del connections[alias]
    del connections.settings[alias]


@pytest.mark.django_db
def test_readyz_503_when_a_database_is_unreachable(client, unreachable_database):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failed"
    assert body["checks"]["database_unreachable"] == "failed"
    assert body["checks"]["database"] == "ok"
    assert not any(word in response.content.decode() for word in SECRET_WORDS)


@pytest.mark.django_db
def test_readyz_503_when_redis_does_not_answer(client):
    port = free_port()
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
        RQ_QUEUES={"default": {"URL": f"redis://:s3cret@127.0.0.1:{port}/0"}},
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "task_queue": "failed",
        "migrations": "ok",
    }
    text = response.content.decode()
    assert "s3cret" not in text and str(port) not in text
    assert not any(word in text for word in SECRET_WORDS)


@pytest.mark.django_db
def test_readyz_with_the_database_task_backend_reads_its_table(client):
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        assert health.check_task_queue()
        response = client.get("/readyz")
    assert response.status_code == 200


@pytest.mark.django_db
def test_readyz_503_while_a_migration_is_not_applied(client):
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.recorder import MigrationRecorder

    app, name = sorted(MigrationExecutor(connections["default"]).loader.graph.leaf_nodes())[0]
    MigrationRecorder.Migration.objects.filter(app=app, name=name).delete()  # rolled back
    health._migrations_applied = False
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "task_queue": "ok",
        "migrations": "failed",
    }
    MigrationRecorder.Migration.objects.create(app=app, name=name)
    assert client.get("/readyz").status_code == 200


@pytest.fixture
def json_request_log():
    """The request logger writing through the JSON formatter of LOG_FORMAT=json."""
    config = logging_config("json")
    formatter = logging.config.DictConfigurator(config).configure_formatter(
        dict(config["formatters"]["json"])
    )
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    logger = logging.getLogger("gaoxin.request")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(old_level)


@pytest.mark.django_db
def test_request_log_line_carries_the_audit_events_request_id(client, json_request_log):
    user = UserFactory()
    response = client.post(
        "/accounts/login/?next=/&token=gx_secret_in_query",
        {"username": user.username, "password": TEST_PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="accounts.user.login", actor=user)
    (line,) = [entry for entry in json_request_log() if entry["method"] == "POST"]
    assert event.request_id and line["request_id"] == event.request_id
    assert line["request_id"] == response["X-Request-ID"]
    assert line["path"] == "/accounts/login/"
    assert line["status"] == 302
    assert line["user_id"] == user.pk
    assert line["client_ip"] == "198.51.100.7"
    assert line["logger"] == "gaoxin.request" and line["level"] == "INFO"
    assert isinstance(line["duration_ms"], float) and line["size"] == len(response.content)
    assert "time" in line
    assert "gx_secret_in_query" not in json.dumps(json_request_log())


def test_request_log_of_an_anonymous_request(client, json_request_log):
    client.get("/healthz")
    (line,) = json_request_log()
    assert line["path"] == "/healthz" and line["status"] == 200
    assert line["user_id"] is None
    assert line["size"] == len(b'{"status": "ok"}')


def _get(url: str, timeout: float = 10.0) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, headers={"Host": "localhost"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_gunicorn_with_its_config_serves_healthz_over_plain_http(tmp_path):
    """gunicorn for real (config/gunicorn.conf.py, the production settings, a temp SQLite):
    /healthz answers over plain http although HTTPS is forced, other pages redirect to https,
    and the request log is JSON on stderr."""
    port = int(os.environ.get("GAOXIN_TEST_GUNICORN_PORT", "8103"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "GAOXIN_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "gunicorn-test-" + "y" * 50,
        "GAOXIN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "TASKS_BACKEND": "database",
    }
    env.pop("LOG_FORMAT", None)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(  # noqa: S603
        [str(gunicorn), "-c", str(BASE_DIR / "config/gunicorn.conf.py")],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120  # a loaded machine; ~3 s on an idle one
        while True:
            try:
                status, body, _headers = _get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert status == 200 and json.loads(body) == {"status": "ok"}
        opener = urllib.request.build_opener(_NoRedirect)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/accounts/login/", headers={"Host": "localhost"}
        )
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(request, timeout=10)
        assert redirect.value.code == 301
        assert redirect.value.headers["Location"].startswith("https://")
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=30)
    lines = [json.loads(line) for line in err.decode().splitlines() if line.startswith("{")]
    logged = [line for line in lines if line.get("logger") == "gaoxin.request"]
    assert logged  # (more than one if a probe timed out while the worker was starting)
    assert {(line["path"], line["status"]) for line in logged} == {("/healthz", 200)}
    assert all(len(line["request_id"]) == 32 for line in logged)
    assert process.returncode == 0


def test_production_settings_keep_https_unless_told():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS > 0, s.STORAGES['staticfiles']['BACKEND'].rsplit('.', 1)[1])"
    )
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "settings-test-" + "z" * 50,
    }
    for https, expected in (
        (None, "True True True True CompressedManifestStaticFilesStorage"),
        ("0", "False False False False CompressedManifestStaticFilesStorage"),
    ):
        env = dict(base_env)
        env.pop("GAOXIN_HTTPS", None)
        if https is not None:
            env["GAOXIN_HTTPS"] = https
        out = subprocess.run(  # noqa: S603
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == expected
    assert settings.SECURE_REDIRECT_EXEMPT == [r"^healthz$", r"^readyz$"]
