#!/usr/bin/env bash
# Fuzz the HTTP API from its own OpenAPI document with schemathesis (docs/api.md, "Fuzzing").
#
# Starts a live server on a free local port against a throwaway SQLite database holding the demo
# data, creates a personal API token for a zone official (accounts.services.api_token_create),
# runs `schemathesis run` over /api/openapi.json with every check, then stops the server.
# Exits non-zero on any failure. Reproducible: deterministic generation (schemathesis
# --generation-deterministic, which fixes the cases instead of a seed) and no cache.
#
#   scripts/api_fuzz.sh                 # the CI run
#   FUZZ_EXAMPLES=200 scripts/api_fuzz.sh   # more cases per operation
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.local/bin:$PATH"

RUN=(uv run --frozen)
EXAMPLES="${FUZZ_EXAMPLES:-40}"

WORK="$(mktemp -d)"
server=""
cleanup() {
    if [[ -n "$server" ]]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

export DJANGO_SETTINGS_MODULE=config.settings.base
export DATABASE_URL="sqlite:///$WORK/fuzz.sqlite3"
export TASKS_BACKEND="${TASKS_BACKEND:-immediate}"
export DEBUG=0
[[ -f var/secret_key || -n "${SECRET_KEY:-}" ]] || "${RUN[@]}" gaoxin init-secret >/dev/null

PORT="$("${RUN[@]}" python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"

echo "api_fuzz: database $DATABASE_URL, server $BASE"
"${RUN[@]}" gaoxin migrate --noinput -v 0
"${RUN[@]}" gaoxin load-demo >"$WORK/load-demo.log" 2>&1

# A personal API token of a zone official, made by the same service as the token page.
TOKEN="$("${RUN[@]}" gaoxin shell -c '
from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import User
from gaoxin.accounts.services import api_token_create
user = (
    User.objects.filter(role=Role.ZONE_OFFICIAL, is_active=True, must_change_password=False)
    .order_by("pk")
    .first()
)
token, key = api_token_create(actor=user, name="schemathesis")
print(key)
' | tail -n 1)"
[[ "$TOKEN" == gx_* ]] || { echo "api_fuzz: could not create an API token" >&2; exit 1; }

"${RUN[@]}" gaoxin runserver "127.0.0.1:$PORT" --noreload >"$WORK/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
    curl -fsS -o /dev/null "$BASE/api/openapi.json" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
    sleep 0.5
done

status=0
"${RUN[@]}" schemathesis --config-file scripts/schemathesis.toml run "$BASE/api/openapi.json" \
    --checks all \
    --max-examples "$EXAMPLES" \
    --generation-deterministic \
    --workers 2 \
    --request-timeout 30 \
    --header "Authorization: Bearer $TOKEN" \
    --header "Accept-Language: en" \
    --no-color 2>&1 | tee "$WORK/schemathesis.log" || status=$?

# The number of test cases, from schemathesis's summary ("Test cases:" then "N generated, ...").
cases="$(grep -A 1 '^Test cases:' "$WORK/schemathesis.log" | grep -oE '[0-9]+ generated' | grep -oE '[0-9]+' || true)"
echo "api_fuzz: ${cases:-?} test cases run (deterministic, at most $EXAMPLES examples per operation)"

if [[ $status -ne 0 ]]; then
    echo "api_fuzz: schemathesis found failures (exit $status); server errors:" >&2
    grep -A 40 "^Traceback" "$WORK/server.log" | tail -n 200 >&2 || true
    exit "$status"
fi
echo "api_fuzz: no failures"
