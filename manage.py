#!/usr/bin/env python
"""Django's command-line utility; the `gaoxin` console script (gaoxin/cli.py) wraps it."""

import sys

if __name__ == "__main__":
    from gaoxin.cli import run_django

    run_django(sys.argv[1:])
