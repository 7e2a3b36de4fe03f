#!/usr/bin/env bash
# `make serve`: Gaoxin in production mode on this machine — the production settings against
# DATABASE_URL; migrate and collectstatic, then the task worker, the nightly scheduler and
# gunicorn (config/gunicorn.conf.py). Ctrl-C or TERM stops all three; if one of them ends, the
# others are stopped too and the script exits non-zero. See docs/deployment.md ("Serving").
set -euo pipefail
RUN="$1"; HOST="$2"; PORT="$3"

if [[ -z "${DATABASE_URL:-}" ]]; then
    echo "make serve: DATABASE_URL is not set. Point it at the PostgreSQL database to serve, e.g." >&2
    echo "  DATABASE_URL=postgres://gaoxin@127.0.0.1:5432/gaoxin make serve" >&2
    echo "(add GAOXIN_HTTPS=0 to try it over plain http without a TLS proxy)" >&2
    exit 2
fi
export DJANGO_SETTINGS_MODULE=config.settings.production
export GAOXIN_BIND="${GAOXIN_BIND:-$HOST:$PORT}"

# The long-running processes are started from the virtualenv directly (not through `uv run`),
# so that the signals sent below reach them.
BIN="$(dirname "$($RUN python -c 'import sys; print(sys.executable)')")"
"$BIN/gaoxin" check --deploy --fail-level ERROR
"$BIN/gaoxin" migrate --noinput
"$BIN/gaoxin" collectstatic --noinput -v 0

if [[ "${TASKS_BACKEND:-database}" == "rq" ]]; then
    worker_cmd=("$BIN/gaoxin" rqworker --job-class django_tasks_rq.Job default)
else
    worker_cmd=("$BIN/gaoxin" db_worker --queue-name default)
fi

pids=()
stop() {
    trap - INT TERM
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap 'echo "make serve: stopping" >&2; stop; exit 0' INT TERM

"${worker_cmd[@]}" & pids+=($!)
"$BIN/gaoxin" scheduler & pids+=($!)
"$BIN/gunicorn" -c config/gunicorn.conf.py & pids+=($!)
echo "make serve: worker ${pids[0]}, scheduler ${pids[1]}, gunicorn ${pids[2]} on http://$GAOXIN_BIND/" >&2

# Whichever ends first (a crash, or killed by someone), the others are stopped with it.
status=0
wait -n "${pids[@]}" || status=$?
echo "make serve: a process ended (status $status); stopping the others" >&2
stop
exit $(( status == 0 ? 1 : status ))
