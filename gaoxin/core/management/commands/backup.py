"""`gaoxin backup DIR`: the database and the uploaded files, with a manifest.

See docs/deployment.md."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gaoxin.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump on PostgreSQL, the online backup API on SQLite) and the "
        "uploaded files (MEDIA_ROOT) into DIR, a new or empty directory, with manifest.json: "
        "row counts and checksums of every table, SHA-256 of the dump and of every file."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="a new or empty directory")
        parser.add_argument("--database", default="default", help="the database alias")

    def handle(self, *args, **options):
        directory = Path(options["directory"])
        started = time.monotonic()
        try:
            manifest = create_backup(directory, using=options["database"])
        except BackupError as exc:
            raise CommandError(f"backup refused or failed: {exc}", returncode=1) from exc
        elapsed = time.monotonic() - started
        rows = sum(t["rows"] for t in manifest["tables"].values())
        files = manifest["media"]["files"]
        size = manifest["database"]["size"] + sum(f["size"] for f in files.values())
        self.stdout.write(
            f"backed up {manifest['engine']} database: {len(manifest['tables'])} tables, "
            f"{rows} rows; {len(files)} files; {size / 1e6:.1f} MB in {directory} "
            f"({elapsed:.1f} s)"
        )
