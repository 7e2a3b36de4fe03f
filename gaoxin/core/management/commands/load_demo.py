"""`gaoxin load-demo`: load the demo data (idempotent; see docs/demo.md).

Each app brings its own loader (``@demo_loader`` in its demo.py, see gaoxin.core.registry);
this runs them in dependency order and prints what each one did."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from gaoxin.core.registry import demo_loaders


class Command(BaseCommand):
    help = (
        "Load the demo data from the seed document: the zone, MedPark, the firms and one account "
        "per role, then each app's demo. Idempotent: existing records (by natural key) are left "
        "as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", action="store_true", help="list the demo loaders in the order they run"
        )

    def handle(self, *args, **options):
        loaders = demo_loaders()
        if options["list"]:
            for loader in loaders:
                after = f" (after {', '.join(loader.after)})" if loader.after else ""
                self.stdout.write(f"{loader.name}{after}")
            return
        started = time.monotonic()
        lines = []
        for loader in loaders:
            lines += loader.describe(loader.load())
        elapsed = time.monotonic() - started
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Done in {elapsed:.1f} s."))
