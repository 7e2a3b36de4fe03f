"""`gaoxin rematch-policies [--as-of YYYY-MM-DD]`

Re-matches every published policy's version in force on the date (default today) over all
enterprises and stores the matches (`matching.rematch_all`); one audit event `policies.rematch`
with the counts. Prints the matches per policy version and the total.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from gaoxin.policies.models import PolicyVersion
from gaoxin.policies.tasks import rematch

from ._dates import as_of_option, parse_as_of


class Command(BaseCommand):
    help = "Re-match every policy in force over all enterprises and store the matches."

    def add_arguments(self, parser):
        as_of_option(parser, "match the versions in force and the facts as of this date")

    def handle(self, *args, **options):
        as_of = parse_as_of(options["as_of"])
        started = time.perf_counter()
        counts = rematch(as_of=as_of)
        seconds = time.perf_counter() - started
        versions = PolicyVersion.objects.filter(pk__in=counts).select_related("policy")
        for version in sorted(versions, key=lambda v: v.policy.title):
            self.stdout.write(
                f"{version.policy.title} v{version.number}: {counts[version.pk]} matches"
            )
        self.stdout.write(
            f"{len(counts)} policy versions re-matched as of {as_of.isoformat()}: "
            f"{sum(counts.values())} matches in {seconds:.2f} s."
        )
