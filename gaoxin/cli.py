"""The `gaoxin` console script.

`gaoxin COMMAND ...` runs the Django management command COMMAND (hyphens may stand for
underscores: `gaoxin verify-audit` runs `verify_audit`). A few commands need no database and no
Django at all; they are dispatched before Django is set up:

    gaoxin firstset-calc CASE.json|-     the 首台(套) subsidy for a case (rulebook/firstset)
    gaoxin firstset-check CHECK.json|-   does a declared model meet a catalog entry's indicators
    gaoxin policy-match --criteria C.json --enterprises E.csv [--formula F.json] [--facts F.json]
                                         match a CSV of enterprises to criteria (rulebook/criteria)
    gaoxin init-secret                   write var/secret_key once (when SECRET_KEY is not set)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable


def _django_free_commands() -> dict[str, Callable[[list[str]], int]]:
    def firstset_calc(args: list[str]) -> int:
        from rulebook.firstset.cli import calc_main

        return calc_main(args, sys.stdin, sys.stdout, sys.stderr)

    def firstset_check(args: list[str]) -> int:
        from rulebook.firstset.cli import check_main

        return check_main(args, sys.stdin, sys.stdout, sys.stderr)

    def policy_match(args: list[str]) -> int:
        from rulebook.criteria.cli import match_main

        return match_main(args, sys.stdin, sys.stdout, sys.stderr)

    return {
        "firstset-calc": firstset_calc,
        "firstset-check": firstset_check,
        "policy-match": policy_match,
        "init-secret": init_secret,
    }


def init_secret(args: list[str]) -> int:
    """Write var/secret_key once, so a local install has a secret without a built-in one."""
    import secrets
    from pathlib import Path

    var_dir = Path(os.environ.get("GAOXIN_VAR_DIR", Path(__file__).resolve().parent.parent / "var"))
    path = var_dir / "secret_key"
    if path.exists():
        print(f"{path} exists; kept.")
        return 0
    var_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(secrets.token_urlsafe(50))
    path.chmod(0o600)
    print(f"wrote {path}")
    return 0


def run_django(args: list[str]) -> None:
    """Run a Django management command, as manage.py does."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.management import execute_from_command_line

    if args and not args[0].startswith("-"):
        args = [args[0].replace("-", "_"), *args[1:]]
    execute_from_command_line(["gaoxin", *args])


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    django_free = _django_free_commands()
    if args and args[0] in django_free:
        return django_free[args[0]](args[1:])
    run_django(args or ["help"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
