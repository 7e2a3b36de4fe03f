#!/usr/bin/env bash
# Make sure uv is available, installing it from PyPI when it is missing. Tries, in order:
# a user install, a user install on an externally managed Python (PEP 668, e.g. Debian's),
# and a private virtual environment in .venv-uv/.
set -uo pipefail
command -v uv >/dev/null 2>&1 && exit 0
[ -x "$HOME/.local/bin/uv" ] && exit 0
[ -x .venv-uv/bin/uv ] && exit 0
echo "Installing uv from PyPI..."
python3 -m pip install --user --quiet uv 2>/dev/null && exit 0
python3 -m pip install --user --quiet --break-system-packages uv 2>/dev/null && exit 0
python3 -m venv .venv-uv 2>/dev/null && .venv-uv/bin/pip install --quiet uv && exit 0
echo "Could not install uv. Install it (https://docs.astral.sh/uv/) and run make again." >&2
exit 1
