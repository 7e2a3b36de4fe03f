"""`gaoxin load-firstset-demo`: the 2024 catalog edition with its sample entries (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from gaoxin.firstset.demo import load_firstset_demo


class Command(BaseCommand):
    help = (
        "Load the first-set demo: the 2024 edition of the Guidance Catalog with the four sample "
        "entries of the reference (marked 示例). Idempotent: existing records are left as they are."
    )

    def handle(self, *args, **options):
        report = load_firstset_demo()
        if not report.changed:
            self.stdout.write("First-set demo already loaded; nothing changed.")
            return
        created = ", ".join(f"{count} {kind}" for kind, count in sorted(report.created.items()))
        self.stdout.write(self.style.SUCCESS(f"First-set demo loaded: {created}."))
