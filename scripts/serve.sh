#!/usr/bin/env bash
# `make serve`: Gaoxin in production mode on this machine — the production settings against
# DATABASE_URL; migrate and collectstatic, then the task worker, the nightly scheduler and
# gunicorn (config/gunicorn.conf.py). Ctrl-C or TERM stops all three; if gunicorn ends, or the
# worker or the scheduler keeps failing, the others are stopped too and the script exits
# non-zero. See docs/deployment.md ("Serving").
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

# The worker leaves when the database goes away (django-tasks-db's db_worker does): it and the
# scheduler are started again after a pause, so that a database restart does not take the site
# down. One that fails again within a minute of its start, 5 times in a row, is given up on.
keep_running() {
    local name="$1"; shift
    local child=0 quick=0 started status
    trap 'kill -TERM $child 2>/dev/null; wait $child 2>/dev/null; exit 0' TERM INT
    while true; do
        started=$SECONDS
        "$@" & child=$!
        status=0; wait $child || status=$?
        if (( SECONDS - started < 60 )); then quick=$((quick + 1)); else quick=0; fi
        if (( quick >= 5 )); then
            echo "make serve: the $name failed 5 times in a row (status $status); giving up" >&2
            exit "$status"
        fi
        echo "make serve: the $name ended (status $status); starting it again in 5 s" >&2
        sleep 5 & wait $!
    done
}

pids=()
names=()
stop() {
    trap - INT TERM
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap 'echo "make serve: stopping" >&2; stop; exit 0' INT TERM

keep_running worker "${worker_cmd[@]}" & pids+=($!); names+=(worker)
keep_running scheduler "$BIN/gaoxin" scheduler & pids+=($!); names+=(scheduler)
"$BIN/gunicorn" -c config/gunicorn.conf.py & pids+=($!); names+=(gunicorn)
echo "make serve: worker, scheduler and gunicorn (pid ${pids[2]}) on http://$GAOXIN_BIND/" >&2

# When gunicorn ends, or the worker or the scheduler is given up on, the others are stopped.
status=0
wait -n -p ended "${pids[@]}" || status=$?
for i in "${!pids[@]}"; do [[ "${pids[$i]}" == "$ended" ]] && ended="${names[$i]}"; done
echo "make serve: the $ended ended (status $status); stopping the others" >&2
stop
exit $(( status == 0 ? 1 : status ))
