"""gunicorn's configuration for Gaoxin: `gunicorn -c config/gunicorn.conf.py` (`make serve` does).

Every value can be set from the environment; see docs/deployment.md ("Serving").
"""

import os

wsgi_app = "config.wsgi:application"
# Where to listen: host:port, or unix:/run/gaoxin/gunicorn.sock behind a reverse proxy.
bind = [os.environ.get("GAOXIN_BIND", "127.0.0.1:8000")]
# Sync workers: one request at a time per process; Gaoxin's requests are short and
# database-bound. About 2 × cores, fewer when PostgreSQL is on the same machine.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# A worker silent for this long is killed and replaced (a stuck request); the Excel
# imports and exports run within it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On TERM or a reload, requests in progress get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Each worker is replaced after about this many requests (the jitter keeps them from
# restarting together), which bounds any slow growth of a worker's memory.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))
# The proxies whose X-Forwarded-Proto (https or not) gunicorn believes; comma-separated
# addresses, "*" for any (only when nothing but the proxy can reach gunicorn).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# gunicorn's own access log is off: Django writes one line per request (logger gaoxin.request,
# JSON in production) with the request id the audit trail records. Its error log goes to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# gunicorn 27's control socket defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl),
# shared by every gunicorn of that user on the machine; Gaoxin does not use it.
control_socket_disable = True
proc_name = "gaoxin"


def post_worker_init(worker):
    """Import every app's URLs and views when a worker starts, not at its first request (which
    would wait for them: seconds on a busy machine, at every max_requests replacement)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018
