# Gaoxin: `make demo` runs the product on SQLite with the demo data; `make test` runs every test;
# `make serve` serves it in production mode (gunicorn, worker, scheduler) against DATABASE_URL.
SHELL := /bin/bash
PORT ?= 8000
HOST ?= 127.0.0.1
# Resolved when used (after `make uv` may have installed it), not when the Makefile is read.
UV = $(shell command -v uv 2>/dev/null || { test -x $(HOME)/.local/bin/uv && echo $(HOME)/.local/bin/uv; } || echo $(CURDIR)/.venv-uv/bin/uv)
RUN = $(UV) run --frozen

.PHONY: demo serve test setup uv browser lint format i18n messages migrations-check bench clean

uv:
	@scripts/bootstrap_uv.sh

setup: uv
	$(UV) sync --frozen
	$(RUN) gaoxin init-secret

demo: setup
	$(RUN) gaoxin migrate --noinput
	$(RUN) gaoxin load-demo
	@scripts/serve_demo.sh "$(RUN)" "$(HOST)" "$(PORT)"

serve: setup
	@scripts/serve.sh "$(RUN)" "$(HOST)" "$(PORT)"

browser:
	@scripts/ensure_browser.sh

# The suite runs in parallel, one worker per core (pytest-xdist); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: setup browser
	$(RUN) pytest -n $(TEST_WORKERS)

lint:
	$(RUN) ruff check .
	$(RUN) ruff format --check .

format:
	$(RUN) ruff check --fix .
	$(RUN) ruff format .

# Extract messages into locale/zh_Hans (msgids in English) and compile the catalog.
messages:
	$(RUN) gaoxin makemessages -l zh_Hans --no-location --no-obsolete --ignore=.venv --ignore=static/vendor --ignore=var
	$(RUN) gaoxin compilemessages -l zh_Hans --ignore=.venv

i18n:
	@scripts/check_i18n.sh "$(RUN)"

migrations-check:
	$(RUN) gaoxin makemigrations --check --dry-run

bench:
	$(RUN) python bench/import_enterprises.py

clean:
	rm -rf var/gaoxin.sqlite3* var/media var/staticfiles .pytest_cache
