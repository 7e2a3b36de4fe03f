"""/healthz and /readyz: what a load balancer or an orchestrator asks before sending requests.

/healthz: the process is up and answers (no database, nothing else). /readyz: this server can
serve — every configured database answers, the task queue is reachable (the database backend's
table can be read; Redis answers PING for TASKS_BACKEND=rq) and no migration is left to apply.
Both answer without login and say nothing secret: each check is named with "ok" or "failed",
never a host, a password, an exception's text or a version.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK = "ok"
FAILED = "failed"
# Redis answers within this many seconds or the queue is "failed" (a probe must not hang).
REDIS_TIMEOUT_SECONDS = 2.0

# The migration check loads every migration file; once it has passed it is not repeated in this
# process (a server that was ready stays so until a newer release adds migrations, which comes
# with a restart).
_migrations_applied = False
_migrations_lock = threading.Lock()
_redis_clients: dict[str, object] = {}


def _reason(exc: Exception) -> str:
    """For the server's log only (never the answer): the error in one line, no traceback,
    since a probe every few seconds during an outage would fill the log with them."""
    return f"{type(exc).__name__}: {' '.join(str(exc).split())}"


def check_database(alias: str) -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        logger.warning("readiness: database %r unreachable: %s", alias, _reason(exc))
        return False
    return True


def check_migrations() -> bool:
    global _migrations_applied
    if _migrations_applied:
        return True
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connections["default"])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        logger.warning("readiness: migrations could not be read: %s", _reason(exc))
        return False
    if plan:
        logger.warning("readiness: %d migrations not applied", len(plan))
        return False
    with _migrations_lock:
        _migrations_applied = True
    return True


def _redis_client(queue: str):
    import redis

    config = settings.RQ_QUEUES[queue]
    key = repr(sorted(config.items()))
    client = _redis_clients.get(key)
    if client is None:
        options = {
            "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
            "socket_timeout": REDIS_TIMEOUT_SECONDS,
        }
        if config.get("URL"):
            client = redis.Redis.from_url(config["URL"], **options)
        else:
            client = redis.Redis(
                host=config.get("HOST", "localhost"),
                port=config.get("PORT", 6379),
                db=config.get("DB", 0),
                password=config.get("PASSWORD"),
                **options,
            )
        _redis_clients[key] = client
    return client


def check_task_queue() -> bool:
    """Every task backend can take a task: its table answers, or its Redis answers PING."""
    for alias, config in settings.TASKS.items():
        backend = config.get("BACKEND", "")
        try:
            if backend.startswith("django_tasks_db."):
                from django_tasks_db.models import DBTaskResult

                list(DBTaskResult.objects.order_by().values_list("pk", flat=True)[:1])
            elif backend.startswith("django_tasks_rq."):
                for queue in config.get("QUEUES", ["default"]):
                    _redis_client(queue).ping()
        except Exception as exc:
            logger.warning("readiness: task backend %r unreachable: %s", alias, _reason(exc))
            return False
    return True


def readiness() -> dict[str, str]:
    """Each check's name → "ok" or "failed"; a database alias other than default is named."""
    checks = {}
    for alias in connections:
        if connections.settings[alias].get("TEST", {}).get("MIRROR"):
            continue  # a test mirror is the database it mirrors, checked under that alias
        name = "database" if alias == "default" else f"database_{alias}"
        checks[name] = OK if check_database(alias) else FAILED
    database_ok = checks["database"] == OK
    checks["task_queue"] = OK if check_task_queue() else FAILED
    checks["migrations"] = OK if database_ok and check_migrations() else FAILED
    return checks


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": OK})


@never_cache
@require_safe
def readyz(request):
    checks = readiness()
    ready = all(value == OK for value in checks.values())
    body = {"status": OK if ready else FAILED, "checks": checks}
    return JsonResponse(body, status=200 if ready else 503)
