"""Production: the base settings plus HTTPS hardening. DATABASE_URL should name PostgreSQL."""

from .base import *  # noqa: F403
from .base import env_bool, logging_config

# --- Serving (issue 15) ---
# GAOXIN_HTTPS=0 serves over plain http (a trial on one's own machine, `make serve
# GAOXIN_HTTPS=0`): no redirect to https, cookies without the Secure flag, no HSTS. Default on:
# behind the reverse proxy that terminates TLS and sets X-Forwarded-Proto.
GAOXIN_HTTPS = env_bool("GAOXIN_HTTPS", True)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", GAOXIN_HTTPS)
SESSION_COOKIE_SECURE = GAOXIN_HTTPS
CSRF_COOKIE_SECURE = GAOXIN_HTTPS
SECURE_HSTS_SECONDS = 31536000 if GAOXIN_HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Static files: collected (`make serve` runs collectstatic), hashed names, compressed; WhiteNoise
# serves them with far-future cache headers, from STATIC_ROOT only.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
WHITENOISE_KEEP_ONLY_HASHED_FILES = True  # half the files to compress at each collectstatic
# A connection kept between requests (CONN_MAX_AGE) is checked before it is reused, so that
# after a database restart no request fails on a dead connection.
for _database in DATABASES.values():  # noqa: F405
    _database["CONN_HEALTH_CHECKS"] = True
# Logs: JSON lines unless LOG_FORMAT=text.
LOGGING = logging_config("json")
# --- end of Serving ---
