"""Settings shared by every environment.

Everything that differs between machines comes from the environment:
DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, DEBUG, TASKS_BACKEND, REDIS_URL,
AUDIT_HASH_ALGORITHM, PASSWORD_HASH_ALGORITHM, LOGIN_ADDRESS_FAILURE_LIMIT,
LOGIN_ADDRESS_WINDOW_MINUTES, TRUSTED_PROXIES, REPLICA_DATABASE_URL, FIGURE_CACHE_SECONDS.
Safe by default: DEBUG is off and there is no built-in secret.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("GAOXIN_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def read_secret_key() -> str:
    """SECRET_KEY from the environment, or from var/secret_key written by `gaoxin init-secret`."""
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set the SECRET_KEY environment variable, "
        "or run `gaoxin init-secret` to generate var/secret_key."
    )


DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "csp",
    "axes",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "gaoxin.core",
    "gaoxin.accounts",
    "gaoxin.audit",
    "gaoxin.parks",
    "gaoxin.enterprises",
    "gaoxin.firstset",
    "gaoxin.policies",
    "gaoxin.notifications",
    "gaoxin.dashboard",
    "gaoxin.portal",
    "gaoxin.grants",
    "gaoxin.experts",
    "gaoxin.reporting",
    "gaoxin.funds",
    "gaoxin.applications",
    "gaoxin.events",
    "gaoxin.investment",
    "gaoxin.innovation",
    "gaoxin.services",
    "gaoxin.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gaoxin.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gaoxin.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # after the messages: an idle logout says why on the login page
    "gaoxin.accounts.middleware.LoginSecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gaoxin.core.context_processors.navigation",
                "gaoxin.notifications.context_processors.inbox",
            ],
        },
    },
]


def database_config() -> dict:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'gaoxin.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # The busy timeout first (and as the driver's own timeout): switching to WAL takes a
        # lock, and many connections opening at once would otherwise get "database is locked".
        config["OPTIONS"] = {
            "timeout": 30,
            "init_command": (
                "PRAGMA busy_timeout=30000; PRAGMA journal_mode=WAL; "
                "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
        # Kept between requests like PostgreSQL's: opening a SQLite connection re-reads the
        # schema of ~200 tables and re-runs the pragmas, ~9 ms a request under gunicorn.
    return config


DATABASES = {"default": database_config()}
# --- Read replica for reports (docs/deployment.md, "Growing past one machine") -------------
# REPLICA_DATABASE_URL names a streaming replica of the PostgreSQL primary. Reads go there only
# inside gaoxin.core.dbrouter.reading_from_replica() / @replica_view (report and export views);
# everything else, and every write, uses "default". Unset: no replica, the scope is a no-op.
READ_REPLICA_ALIAS = None
if os.environ.get("REPLICA_DATABASE_URL"):
    READ_REPLICA_ALIAS = "replica"
    DATABASE_ROUTERS = ["gaoxin.core.dbrouter.ReplicaRouter"]
    DATABASES[READ_REPLICA_ALIAS] = dj_database_url.parse(
        os.environ["REPLICA_DATABASE_URL"], conn_max_age=60
    )
# --- end read replica ------------------------------------------------------------------------
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# How long the overview's figures are kept at most (gaoxin/core/datacache.py); they are computed
# afresh after any audited change anyway. 0: not kept.
FIGURE_CACHE_SECONDS = int(os.environ.get("FIGURE_CACHE_SECONDS", "300"))

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # ModelBackend loading the organisation with the user (a session logged in through another
    # backend path is asked to log in again once)
    "gaoxin.accounts.backends.UserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "gaoxin.accounts.passwords.PolicyLengthValidator"},
    {"NAME": "gaoxin.accounts.passwords.CharacterClassValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# 商用密码 (GB/T 39786): SM3 for the audit chain and for stored passwords, when chosen. Each audit
# row records the algorithm it was chained with; a password stored with the other hasher is
# re-hashed with the chosen one at its next login.
HASH_CHOICES = ("sha256", "sm3")
AUDIT_HASH_ALGORITHM = os.environ.get("AUDIT_HASH_ALGORITHM", "sha256").strip().lower()
PASSWORD_HASH_ALGORITHM = os.environ.get("PASSWORD_HASH_ALGORITHM", "sha256").strip().lower()
for _name, _value in (
    ("AUDIT_HASH_ALGORITHM", AUDIT_HASH_ALGORITHM),
    ("PASSWORD_HASH_ALGORITHM", PASSWORD_HASH_ALGORITHM),
):
    if _value not in HASH_CHOICES:
        raise ImproperlyConfigured(f"{_name} must be one of {HASH_CHOICES}, not {_value!r}")
_PASSWORD_HASHERS = {
    "sha256": "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "sm3": "gaoxin.accounts.hashers.PBKDF2SM3PasswordHasher",
}
PASSWORD_HASHERS = [
    _PASSWORD_HASHERS[PASSWORD_HASH_ALGORITHM],
    *(path for key, path in _PASSWORD_HASHERS.items() if key != PASSWORD_HASH_ALGORITHM),
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Roles that may hold personal API tokens: those that connect other systems to Gaoxin. The
# token pages refuse (403) and hide their link from the others; enterprise users and advisors
# can be let in here, e.g. API_TOKEN_ROLES=zone_official,park_operator,enterprise_user.
API_TOKEN_ROLES = os.environ.get(
    "API_TOKEN_ROLES", "zone_official,park_operator,provincial_reviewer"
).split(",")
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Online objections to a public notice from visitors without an account, per client address and
# hour (counted from the audit trail); past it they are told to use the telephone or a letter.
GRANTS_PUBLIC_OBJECTIONS_PER_HOUR = int(os.environ.get("GRANTS_PUBLIC_OBJECTIONS_PER_HOUR", "3"))

# Login security (等保 level 3). The security administrator tunes these within the floor
# through LoginPolicy; these are the defaults and the strictest allowed values.
AXES_FAILURE_LIMIT = "gaoxin.accounts.passwords.failure_limit"
AXES_COOLOFF_TIME = "gaoxin.accounts.passwords.cooloff_time"
# 等保 asks for an account to be locked after repeated failures. Counting them per username alone
# lets anyone lock the security administrator out, so they are counted per (username, client
# address): the pair is locked at the policy's limit. On top, one address is refused for a while
# after LOGIN_ADDRESS_FAILURE_LIMIT failures within LOGIN_ADDRESS_WINDOW_MINUTES, any usernames
# (gaoxin.accounts.lockout; the trade-off is in docs/security.md).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "gaoxin.accounts.lockout.AddressThrottleHandler"
AXES_CLIENT_IP_CALLABLE = "gaoxin.core.middleware.client_ip"
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
LOGIN_ADDRESS_WINDOW_MINUTES = int(os.environ.get("LOGIN_ADDRESS_WINDOW_MINUTES", "15"))
if LOGIN_ADDRESS_FAILURE_LIMIT < 5 or not 1 <= LOGIN_ADDRESS_WINDOW_MINUTES <= 30:
    # below 5 an address would be refused before the 等保 lock of an account could happen; past 30
    # minutes axes has already deleted the failures (they expire with the lockout, ≥ 30 minutes).
    raise ImproperlyConfigured(
        "LOGIN_ADDRESS_FAILURE_LIMIT must be at least 5 and LOGIN_ADDRESS_WINDOW_MINUTES 1 to 30"
    )
# The client address (audit trail, lockout) is REMOTE_ADDR, unless the request comes from one of
# these reverse proxies (addresses or networks, comma-separated): then the right-most address of
# X-Forwarded-For that is not one of them. Empty: X-Forwarded-For is never trusted.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# The idle timeout (LoginPolicy, at most 30 minutes) is kept by a signed last-active cookie
# (gaoxin.accounts.idle), so a page view writes nothing; the session row itself ends 12 hours
# (a working day) after its last change, e.g. the login, whatever the activity.
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# Under /api/ a failed CSRF check answers the API's JSON error body (config/api.py).
CSRF_FAILURE_VIEW = "config.api.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy (django-csp 4): only this site's own files run. No inline script and no
# eval anywhere: page scripts are static/js/*.js, data reaches them by json_script blocks
# (type application/json, not run) and data- attributes; htmx is told not to eval or inject a
# <style> (base.html). Styles: stylesheets and <style> elements only from this site; style=""
# attributes are allowed (style-src-attr), since templates set widths and progress bars with
# them and an attribute cannot run script; ECharts and Bootstrap set styles through the CSSOM,
# which CSP does not restrict. img-src allows data: for Bootstrap's inline SVG icons in its CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024


def tasks_config() -> dict:
    backend = os.environ.get("TASKS_BACKEND", "database")
    if backend == "immediate":
        return {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    if backend == "rq":
        return {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


TASKS = tasks_config()
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    # the Redis queue: django-rq's app holds RQ_QUEUES and the worker, `gaoxin rqworker
    # --job-class django_tasks_rq.Job` (docs/deployment.md); the backend's check requires it
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
# the nightly jobs (gaoxin.core.schedule, `gaoxin scheduler`): name → (zone time, task taking
# the day as YYYY-MM-DD). Expiry first, so that the re-match leaves the expired policies out.
# stored match sets (policies.PolicyMatchSet) older than this, counted back from a re-match's
# date, are deleted by that re-match: ~3.6 MB a night at 1 000 000 enterprises × 50 policies
MATCH_SET_RETENTION_DAYS = int(os.environ.get("MATCH_SET_RETENTION_DAYS", "92"))
SCHEDULE = {
    "policies.expire": ("01:00", "gaoxin.policies.tasks.expire_policies"),
    "policies.rematch": ("02:00", "gaoxin.policies.tasks.rematch_policies"),
    # In the morning, so that the reminders are in the inbox when the enterprises start work.
    "reporting.remind": ("08:00", "gaoxin.reporting.tasks.send_campaign_reminders"),
    # 首台(套): caps at risk of going unused, told to the enterprise and the officials.
    "firstset.at_risk": ("08:30", "gaoxin.firstset.tasks.alert_caps_at_risk"),
    # Signals in the enterprise file → advisor tasks, before the advisors start work.
    "services.signals": ("07:30", "gaoxin.services.tasks.scan_signals"),
}
RQ_QUEUES = {"default": {"URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")}}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Serving (issue 15): logs, the rq worker's app, health checks. See docs/deployment.md. ---
# LOG_FORMAT=json: every log record is one JSON line (python-json-logger), the request log
# (logger gaoxin.request, written by core's RequestContextMiddleware) with its fields; text
# (the default here, json in production) is one readable line per record.


def logging_config(default_format: str = "text") -> dict:
    log_format = os.environ.get("LOG_FORMAT", default_format).strip().lower()
    if log_format not in {"json", "text"}:
        raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {log_format!r}")
    formatters = {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {log_format: formatters[log_format]},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format}},
        "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
        "loggers": {"axes": {"level": "WARNING"}},
    }


LOGGING = logging_config()
# (TASKS_BACKEND=rq installs django-rq's app, whose `rqworker` is the worker: after TASKS above.)
# The health checks answer the load balancer's plain-http probes even when HTTPS is forced.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# --- end of Serving ---

SECRET_KEY = read_secret_key()
