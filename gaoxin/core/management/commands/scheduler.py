"""`gaoxin scheduler [--once] [--interval SECONDS]`

Enqueues the nightly jobs (`settings.SCHEDULE`: expire ended policies at 01:00, re-match every
policy at 02:00, remind the enterprises of a reporting deadline at 08:00, zone time) on the task
queue, each once a day (`gaoxin.core.schedule`). Runs
until stopped, waking every `--interval` seconds (60); `--once` does one check and exits (for
cron). The worker (`gaoxin db_worker`) runs what it enqueues.
"""

from __future__ import annotations

import logging
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from gaoxin.core.schedule import jobs, tick

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Enqueue the nightly jobs (policy expiry, re-match) once a day."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one check, then exit")
        parser.add_argument(
            "--interval", type=int, default=60, help="seconds between checks (default 60)"
        )

    def handle(self, *args, **options):
        if options["interval"] < 1:
            raise CommandError("--interval must be at least 1 second.")
        if not options["once"]:
            for job in jobs():
                self.stdout.write(f"{job.name} daily at {job.at:%H:%M} → {job.task}")
        while True:
            try:
                for run in tick():
                    self.stdout.write(f"{run.day.isoformat()}: enqueued {run.job} ({run.task_id})")
            except Exception:  # the database away: log it, keep the scheduler alive
                if options["once"]:
                    raise
                logger.exception("scheduler tick failed; trying again in %s s", options["interval"])
            if options["once"]:
                return
            close_old_connections()
            time.sleep(options["interval"])
