"""`gaoxin import-enterprises FILE.xlsx [--actor USERNAME] [--zone NAME]`

Runs the same importer as the page, synchronously (no queue). Prints the summary, or every
error as `row N, column X: message`, and exits 1 when the file is refused (nothing imported).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from gaoxin.accounts.choices import OrganisationKind
from gaoxin.accounts.models import Organisation
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.core.imports import format_error
from gaoxin.core.models import ImportJob
from gaoxin.enterprises.io.services import import_file_now


class Command(BaseCommand):
    help = (
        "Import enterprises from an .xlsx file made from the template: all rows or none. "
        "Without --actor the system imports, into --zone (or the only zone)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx file")
        parser.add_argument("--actor", help="username of the zone official or park operator")
        parser.add_argument("--zone", help="zone committee name, when importing as the system")
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, help="language of the messages"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        actor = self._actor(options["actor"])
        zone = None if actor is not None else self._zone(options["zone"])
        language = options["language"]
        with translation.override(language):
            try:
                job = import_file_now(
                    path=path,
                    actor=actor,
                    zone=zone,
                    language=language,
                    sink=lambda error: self.stdout.write(format_error(error)),
                )
            except PermissionDeniedError as exc:
                raise CommandError(exc.message, returncode=1) from exc
            if job.status != ImportJob.Status.SUCCEEDED:
                raise CommandError(
                    f"{job.original_filename}: {job.error_count} error(s); nothing was imported "
                    f"(import job #{job.pk}).",
                    returncode=1,
                )
            facts = job.details or {}
            self.stdout.write(
                f"{job.original_filename}: {job.row_count} rows; {job.created_count} created, "
                f"{job.updated_count} updated, {job.unchanged_count} unchanged; yearly figures "
                f"{facts.get('facts_created', 0)} added, {facts.get('facts_updated', 0)} changed "
                f"(import job #{job.pk})."
            )

    def _actor(self, username: str | None):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        return user

    def _zone(self, name: str | None) -> Organisation:
        zones = Organisation.objects.filter(
            kind=OrganisationKind.ZONE_COMMITTEE, parent__isnull=True
        )
        if name:
            zone = zones.filter(name=name).first()
            if zone is None:
                raise CommandError(f"no zone committee named {name!r}")
            return zone
        found = list(zones[:2])
        if len(found) != 1:
            raise CommandError("several zones exist (or none): name one with --zone")
        return found[0]
