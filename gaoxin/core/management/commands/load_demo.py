"""`gaoxin load-demo`: load the demo data (idempotent; see docs/demo.md)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from gaoxin.core.holidays.demo import load_holiday_demo
from gaoxin.demo.loader import load_demo
from gaoxin.firstset.demo import load_firstset_demo
from gaoxin.grants.demo import load_grants_demo
from gaoxin.policies.demo import load_policies_demo
from gaoxin.reporting.demo import load_reporting_demo

ORDER = (
    "organisations",
    "parks",
    "enterprises",
    "yearly_facts",
    "qualifications",
    "contacts",
    "users",
)


class Command(BaseCommand):
    help = (
        "Load the demo data from the seed document: the zone, MedPark, the firms and one account "
        "per role. Idempotent: existing records (by natural key) are left as they are."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        report = load_demo()
        # Before the grants and reporting demos: their periods may reach 2027.
        if load_holiday_demo():
            self.stdout.write("Sample 2027 holiday arrangement entered (示例数据; replace it).")
        catalog = load_firstset_demo()
        policies = load_policies_demo()
        grants = load_grants_demo()
        reporting = load_reporting_demo()
        elapsed = time.monotonic() - started
        if any(catalog.created.values()):
            made = ", ".join(f"{n} {k}" for k, n in catalog.created.items() if n)
            self.stdout.write(f"首台(套) catalog demo loaded: {made}.")
        if policies.created:
            self.stdout.write(f"Sample policies loaded: {policies.created}.")
        if grants.created:
            state = "in public notice" if grants.published else f"not published: {grants.note}"
            self.stdout.write(f"免申即享 demo round: {grants.candidates} candidates, {state}.")
        if reporting.created:
            who = f"{reporting.submitted} has submitted" if reporting.submitted else "none yet"
            self.stdout.write(
                f"年报填报 demo: the 2025 campaign is open until {reporting.deadline}; {who}."
            )
        elif reporting.note:
            self.stdout.write(f"年报填报 demo not opened: {reporting.note}")
        if not report.changed:
            self.stdout.write(f"Demo data already loaded; nothing changed ({elapsed:.1f} s).")
            return
        created = ", ".join(f"{report.created[k]} {k}" for k in ORDER if report.created[k])
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {created} ({elapsed:.1f} s)."))
        existing = ", ".join(f"{report.existing[k]} {k}" for k in ORDER if report.existing[k])
        if existing:
            self.stdout.write(f"Already present and left unchanged: {existing}.")
