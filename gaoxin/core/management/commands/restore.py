"""`gaoxin restore DIR`: check a backup, then put its database and files back.

See docs/deployment.md."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gaoxin.core.backup import BackupError, restore_backup, verify_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `gaoxin backup`: verify its manifest and checksums first "
        "(nothing is touched if anything is wrong), replace the database and MEDIA_ROOT's "
        "content, then compare every table and file with the manifest. Stop the app servers, "
        "workers and scheduler first. Exit 1 on any difference."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="a backup directory (with manifest.json)")
        parser.add_argument("--database", default="default", help="the database alias")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="do not ask for confirmation (required when not interactive)",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="only verify the backup (manifest, checksums, engine, migrations); change nothing",
        )

    def handle(self, *args, **options):
        directory = Path(options["directory"])
        using = options["database"]
        try:
            manifest = verify_backup(directory, using=using)
        except BackupError as exc:
            raise CommandError(
                f"restore refused, nothing was changed: {exc}", returncode=1
            ) from exc
        files = manifest["media"].get("files", {})
        self.stdout.write(
            f"backup ok: {manifest['engine']} database of {manifest.get('created_at')}, "
            f"{len(manifest['tables'])} tables, {len(files)} files"
        )
        if options["check"]:
            return
        if not options["yes"]:
            if not sys.stdin.isatty():
                raise CommandError(
                    "restore replaces the whole database and every uploaded file; "
                    "pass --yes to confirm when not interactive",
                    returncode=1,
                )
            answer = input(
                "This replaces the whole database and every uploaded file. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("restore cancelled, nothing was changed", returncode=1)
        started = time.monotonic()
        try:
            differences = restore_backup(directory, using=using, manifest=manifest)
        except BackupError as exc:
            raise CommandError(f"restore failed: {exc}", returncode=1) from exc
        elapsed = time.monotonic() - started
        for difference in differences:
            self.stdout.write(difference)
        self.stdout.write(f"{len(differences)} differences ({elapsed:.1f} s)")
        if differences:
            raise CommandError("the restored data differ from the backup's manifest", returncode=1)
