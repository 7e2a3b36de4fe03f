"""Test settings: a throwaway secret, the immediate task backend, fast password hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret-" + "x" * 40)
os.environ.setdefault("TASKS_BACKEND", "immediate")

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# Uploads (import files) of the test run go to a throwaway folder, never to var/media.
import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="gaoxin-test-media-")

# --- Read replica (gaoxin.core.dbrouter) -------------------------------------------------------
# A second alias mirroring the test database, so that the router's tests can see which
# connection ran a query. Off unless a test turns it on: override_settings(READ_REPLICA_ALIAS=
# "replica") and django_db(databases=["default", "replica"]).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
DATABASE_ROUTERS = ["gaoxin.core.dbrouter.ReplicaRouter"]
READ_REPLICA_ALIAS = None
# --- end read replica ----------------------------------------------------------------------------
# Factories write no audit event, so a cached figure would not see what a test just built;
# tests/test_datacache.py turns the cache on where it tests it.
FIGURE_CACHE_SECONDS = 0
