"""`gaoxin expire-policies [--as-of YYYY-MM-DD]`

Expires every published policy whose latest published version has an `effective_to` before the
date (default today): status published → expired, one audit event per policy (actor none,
reason "effective window ended"). Prints each policy it expired and the count; running it again
expires nothing more.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from gaoxin.policies.tasks import expire_ended

from ._dates import as_of_option, parse_as_of


class Command(BaseCommand):
    help = "Expire the published policies whose effective window ended before the date."

    def add_arguments(self, parser):
        as_of_option(parser, "expire the policies whose last version ended before this date")

    def handle(self, *args, **options):
        as_of = parse_as_of(options["as_of"])
        expired = expire_ended(as_of=as_of)
        for item in expired:
            self.stdout.write(
                f"expired #{item.policy_id} {item.title} "
                f"(v{item.version} ended {item.effective_to.isoformat()})"
            )
        self.stdout.write(f"{len(expired)} policies expired as of {as_of.isoformat()}.")
