#!/usr/bin/env bash
# Start the background-task worker, the nightly scheduler and the web server; print the address and demo accounts.
set -euo pipefail
RUN="$1"; HOST="$2"; PORT="$3"
$RUN gaoxin collectstatic --noinput -v 0
$RUN gaoxin db_worker --queue-name default >var/worker.log 2>&1 &
worker=$!
$RUN gaoxin scheduler >var/scheduler.log 2>&1 &
scheduler=$!
trap 'kill $worker $scheduler 2>/dev/null || true' EXIT INT TERM
$RUN gaoxin demo-accounts --url "http://$HOST:$PORT/"
exec $RUN gaoxin runserver "$HOST:$PORT" --noreload
