"""Backing up and restoring a Gaoxin installation: the database and the uploaded files.

A backup is a directory:

    manifest.json       written last (atomically): a backup without it is incomplete
    database.dump       PostgreSQL: ``pg_dump --format=custom``
    database.sqlite3    SQLite: a copy made with SQLite's online backup API
    media/...           a copy of MEDIA_ROOT's tree

The manifest records the engine, the versions, the last applied migration of each app, and for
every table its row count and a content checksum (SHA-256 over the rows in primary-key order),
plus the SHA-256 of the dump and of every media file.

The checksums describe exactly what the dump holds:

* PostgreSQL: one REPEATABLE READ, READ ONLY transaction exports its snapshot
  (``pg_export_snapshot()``); ``pg_dump --snapshot`` dumps that snapshot while the same
  transaction counts and hashes every table and reads django_migrations, so dump and manifest
  see the same committed state even while the application keeps writing.
* SQLite: the online backup API copies the live database (WAL-safe) into the backup file, and the
  counts and checksums are computed from that file.

Core imports no app: the tables are found by introspection of the database itself (every table,
including django_migrations and many-to-many tables), not from a list of models.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import django
from django.conf import settings
from django.db import connections, transaction

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
DUMP_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup cannot be made, or a backup directory cannot be restored (nothing was changed)."""


@dataclass
class Snapshot:
    """What a database holds: per table its row count and content checksum, and the last
    applied migration of each app."""

    tables: dict[str, dict] = field(default_factory=dict)
    migrations: dict[str, str] = field(default_factory=dict)


# --- hashing -------------------------------------------------------------------------------


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _plain(value):
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes | bytearray):
        return {"bytes": bytes(value).hex()}
    return value


def _row_bytes(row) -> bytes:
    # Deterministic for the same engine and code: JSON of the values in column-name order;
    # Decimal, datetime, UUID... as str().
    return (
        json.dumps([_plain(v) for v in row], ensure_ascii=False, sort_keys=True, default=str) + "\n"
    ).encode()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table_digest(cursor, table: str, columns: list[str], key: list[str]) -> dict:
    # Identifiers from the database's own catalogue, quoted.
    order = ", ".join(_quote(c) for c in (key or columns))
    select = ", ".join(_quote(c) for c in columns)
    cursor.execute(f"SELECT {select} FROM {_quote(table)} ORDER BY {order}")  # noqa: S608
    digest = hashlib.sha256()
    rows = 0
    while batch := cursor.fetchmany(2000):
        for row in batch:
            digest.update(_row_bytes(row))
        rows += len(batch)
    return {"rows": rows, "sha256": digest.hexdigest()}


def _last_migrations(cursor) -> dict[str, str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    last: dict[str, str] = {}
    for app, name in cursor.fetchall():
        last[app] = name
    return dict(sorted(last.items()))


# --- SQLite ----------------------------------------------------------------------------------


def _sqlite_snapshot(conn: sqlite3.Connection) -> Snapshot:
    """Count and hash every table through a plain sqlite3 connection (no type converters), in
    one read transaction."""
    snapshot = Snapshot()
    conn.execute("BEGIN")
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
            )
        ]
        cursor = conn.cursor()
        for table in tables:
            info = conn.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
            columns = sorted(col[1] for col in info)
            key = [col[1] for col in sorted((c for c in info if c[5]), key=lambda c: c[5])]
            snapshot.tables[table] = _table_digest(cursor, table, columns, key)
        if "django_migrations" in snapshot.tables:
            snapshot.migrations = _last_migrations(cursor)
    finally:
        conn.execute("COMMIT")
    return snapshot


def _sqlite_connect(name: str) -> sqlite3.Connection:
    # As Django does: uri=True, so the in-memory test database ("file:memorydb_...") is shared.
    conn = sqlite3.connect(str(name), uri=True, timeout=30, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


# --- PostgreSQL ------------------------------------------------------------------------------


def _pg_env_and_args(settings_dict: dict) -> tuple[dict, list[str]]:
    """libpq arguments for pg_dump/pg_restore; the password only in the environment."""
    env = dict(os.environ)
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    options = settings_dict.get("OPTIONS") or {}
    for option in ("sslmode", "sslrootcert", "sslcert", "sslkey"):
        if options.get(option):
            env["PG" + option.upper()] = str(options[option])
    args += ["--no-password"]
    return env, args


def _rows_cursor(connection):
    """A server-side cursor (rows fetched 2 000 at a time, not a whole table in memory), unless
    the database settings disable them (e.g. behind a transaction-pooling PgBouncer)."""
    if connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
        return connection.cursor()
    return connection.chunked_cursor()


def _pg_snapshot_in_transaction(connection) -> Snapshot:
    snapshot = Snapshot()
    introspection = connection.introspection
    with connection.cursor() as cursor:
        tables = sorted(
            info.name for info in introspection.get_table_list(cursor) if info.type == "t"
        )
        for table in tables:
            columns = sorted(col.name for col in introspection.get_table_description(cursor, table))
            key = introspection.get_primary_key_columns(cursor, table) or []
            with _rows_cursor(connection) as rows:
                snapshot.tables[table] = _table_digest(rows, table, columns, key)
        if "django_migrations" in snapshot.tables:
            snapshot.migrations = _last_migrations(cursor)
    return snapshot


def _begin_repeatable_read(cursor) -> None:
    # The first statement of the transaction: every later read sees one snapshot.
    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


# --- the live database -----------------------------------------------------------------------


def _engine(connection) -> str:
    if connection.vendor not in DUMP_FILES:
        raise BackupError(f"unsupported database engine: {connection.vendor}")
    return connection.vendor


def _not_in_transaction(connection) -> None:
    if connection.in_atomic_block:
        raise BackupError("backup and restore cannot run inside a database transaction")


def database_snapshot(using: str = "default") -> Snapshot:
    """Row counts, checksums and last migrations of the live database, read consistently."""
    connection = connections[using]
    if _engine(connection) == "sqlite":
        conn = _sqlite_connect(connection.settings_dict["NAME"])
        try:
            return _sqlite_snapshot(conn)
        finally:
            conn.close()
    _not_in_transaction(connection)
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            _begin_repeatable_read(cursor)
        return _pg_snapshot_in_transaction(connection)


# --- media -----------------------------------------------------------------------------------


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def media_files(root: Path) -> dict[str, dict]:
    """relative POSIX path → {"sha256", "size"} for every regular file under root."""
    files: dict[str, dict] = {}
    if not root.is_dir():
        return files
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if path.is_symlink() or not path.is_file():
                continue
            rel = path.relative_to(root).as_posix()
            files[rel] = {"sha256": file_sha256(path), "size": path.stat().st_size}
    return files


def _copy_media(root: Path, target: Path) -> dict[str, dict]:
    """Copy every file under root to target, hashing the copy (what the backup holds)."""
    files: dict[str, dict] = {}
    for rel in media_files(root):
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, dest)
        files[rel] = {"sha256": file_sha256(dest), "size": dest.stat().st_size}
    return files


# --- backup ----------------------------------------------------------------------------------


def _versions() -> dict[str, str]:
    try:
        gaoxin = metadata.version("gaoxin")
    except metadata.PackageNotFoundError:
        gaoxin = "unknown"
    return {
        "gaoxin": gaoxin,
        "django": django.get_version(),
        "python": sys.version.split()[0],
    }


def _prepare_directory(directory: Path) -> bool:
    """Refuse a directory that exists and is not empty; return whether it was created."""
    if directory.exists():
        if not directory.is_dir():
            raise BackupError(f"{directory} exists and is not a directory")
        if any(directory.iterdir()):
            raise BackupError(
                f"{directory} is not empty; give a new or empty directory for the backup"
            )
        return False
    directory.mkdir(parents=True, mode=0o700)
    return True


def _write_manifest(directory: Path, manifest: dict) -> None:
    """Write manifest.json atomically (temporary file, fsync, rename), last."""
    tmp = directory / (MANIFEST + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=2, sort_keys=True)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, directory / MANIFEST)
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _dump_sqlite(connection, dump: Path) -> Snapshot:
    source = _sqlite_connect(connection.settings_dict["NAME"])
    target = sqlite3.connect(dump, isolation_level=None)
    try:
        # pages=-1: the whole database in one step, under one read lock: one consistent copy.
        source.backup(target, pages=-1)
        target.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        return _sqlite_snapshot(target)
    finally:
        target.close()
        source.close()


def _dump_postgresql(connection, dump: Path, using: str) -> Snapshot:
    _not_in_transaction(connection)
    settings_dict = connection.settings_dict
    env, args = _pg_env_and_args(settings_dict)
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            _begin_repeatable_read(cursor)
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
        command = [
            "pg_dump",
            "--format=custom",
            f"--snapshot={snapshot_id}",
            "--file",
            str(dump),
            *args,
            "--dbname",
            str(settings_dict["NAME"]),
        ]
        try:
            process = subprocess.Popen(  # noqa: S603 (fixed argument list, no shell)
                command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
        except FileNotFoundError as exc:
            raise BackupError("pg_dump is not installed (or not on PATH)") from exc
        try:
            # While pg_dump dumps the exported snapshot, count and hash in the same one; the
            # transaction stays open until pg_dump has finished.
            snapshot = _pg_snapshot_in_transaction(connection)
        finally:
            _, stderr = process.communicate()
        if process.returncode != 0:
            raise BackupError(f"pg_dump failed: {stderr.decode(errors='replace').strip()}")
    return snapshot


def create_backup(directory: Path, using: str = "default") -> dict:
    """Back up the database and MEDIA_ROOT into directory (new or empty); return the manifest."""
    directory = Path(directory)
    connection = connections[using]
    engine = _engine(connection)
    created = _prepare_directory(directory)
    try:
        started = datetime.datetime.now(datetime.UTC)
        dump = directory / DUMP_FILES[engine]
        if engine == "sqlite":
            snapshot = _dump_sqlite(connection, dump)
        else:
            snapshot = _dump_postgresql(connection, dump, using)
        files = _copy_media(media_root(), directory / MEDIA_DIR)
        manifest = {
            "format": FORMAT,
            "created_at": started.isoformat(timespec="seconds"),
            "engine": engine,
            "versions": _versions(),
            "migrations": snapshot.migrations,
            "database": {
                "file": dump.name,
                "sha256": file_sha256(dump),
                "size": dump.stat().st_size,
            },
            "tables": snapshot.tables,
            "media": {"source": str(media_root()), "files": files},
        }
        _write_manifest(directory, manifest)
    except BaseException:
        # Leave no half backup behind: the directory was new or empty.
        if created:
            shutil.rmtree(directory, ignore_errors=True)
        else:
            for child in directory.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
        raise
    return manifest


# --- verification and restore ----------------------------------------------------------------


def read_manifest(directory: Path) -> dict:
    path = Path(directory) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{path} is missing: not a backup, or an incomplete one")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path} is damaged: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: unknown manifest format {manifest.get('format')!r}")
    for key in ("engine", "database", "tables", "media", "migrations"):
        if key not in manifest:
            raise BackupError(f"{path}: {key!r} is missing")
    return manifest


def _safe_relative(rel: str) -> bool:
    parts = Path(rel).parts
    return bool(parts) and not Path(rel).is_absolute() and ".." not in parts


def verify_backup(directory: Path, using: str = "default") -> dict:
    """Check a backup before anything is touched: the manifest, the dump's and every file's
    checksum, the engine, and that its migrations are known to this code. Returns the manifest;
    raises BackupError naming the first problem."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    engine = _engine(connections[using])
    if manifest["engine"] != engine:
        raise BackupError(
            f"the backup is of a {manifest['engine']} database, this installation uses {engine}"
        )
    dump_name = manifest["database"].get("file")
    if dump_name != DUMP_FILES[engine]:
        raise BackupError(f"{MANIFEST}: unexpected database file {dump_name!r}")
    dump = directory / dump_name
    if not dump.is_file():
        raise BackupError(f"{dump} is missing")
    if file_sha256(dump) != manifest["database"].get("sha256"):
        raise BackupError(f"{dump} is damaged: its SHA-256 differs from the manifest's")
    for rel, meta in sorted(manifest["media"].get("files", {}).items()):
        path = directory / MEDIA_DIR / rel
        if not _safe_relative(rel):
            raise BackupError(f"{MANIFEST}: unsafe media path {rel!r}")
        if not path.is_file():
            raise BackupError(f"{path} is missing")
        if file_sha256(path) != meta.get("sha256"):
            raise BackupError(f"{path} is damaged: its SHA-256 differs from the manifest's")
    _check_migrations(manifest["migrations"])
    return manifest


def _check_migrations(backup_migrations: dict[str, str]) -> None:
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [
        f"{app}.{name}" for app, name in backup_migrations.items() if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            "the backup's database is newer than this code (migrations unknown here: "
            + ", ".join(unknown)
            + "); restore it with the Gaoxin version that made it"
        )


def _restore_sqlite(connection, dump: Path) -> None:
    source = sqlite3.connect(dump.resolve().as_uri() + "?mode=ro", uri=True)
    target = _sqlite_connect(connection.settings_dict["NAME"])
    try:
        source.backup(target, pages=-1)
    finally:
        target.close()
        source.close()


def _restore_postgresql(connection, dump: Path) -> None:
    settings_dict = connection.settings_dict
    env, args = _pg_env_and_args(settings_dict)
    command = [
        "pg_restore",
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--no-owner",
        *args,
        "--dbname",
        str(settings_dict["NAME"]),
        str(dump),
    ]
    try:
        result = subprocess.run(command, env=env, capture_output=True)  # noqa: S603 (no shell)
    except FileNotFoundError as exc:
        raise BackupError("pg_restore is not installed (or not on PATH)") from exc
    if result.returncode != 0:
        raise BackupError(
            "pg_restore failed (the database was left as it was): "
            + result.stderr.decode(errors="replace").strip()
        )


def _replace_media(source: Path, files: dict[str, dict], root: Path) -> None:
    """Make root hold exactly the backup's files: copy each (via a temporary name and a
    rename), remove every other file and the directories left empty."""
    root.mkdir(parents=True, exist_ok=True)
    for rel in sorted(files):
        dest = root / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".restore-")
        os.close(fd)
        shutil.copy2(source / rel, tmp)
        os.replace(tmp, dest)
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        for filename in filenames:
            path = Path(dirpath) / filename
            if path.relative_to(root).as_posix() not in files:
                path.unlink()
        for dirname in dirnames:
            path = Path(dirpath) / dirname
            if path.is_symlink():
                continue
            with contextlib.suppress(OSError):
                path.rmdir()  # only when empty


def compare(manifest: dict, snapshot: Snapshot, files: dict[str, dict]) -> list[str]:
    """Every difference between a backup's manifest and what the database and MEDIA_ROOT hold."""
    differences = []
    expected = manifest["tables"]
    for table in sorted(set(expected) | set(snapshot.tables)):
        want, have = expected.get(table), snapshot.tables.get(table)
        if want is None:
            differences.append(f"table {table}: not in the backup ({have['rows']} rows)")
        elif have is None:
            differences.append(f"table {table}: missing (the backup has {want['rows']} rows)")
        elif want["rows"] != have["rows"]:
            differences.append(f"table {table}: {have['rows']} rows, the backup has {want['rows']}")
        elif want["sha256"] != have["sha256"]:
            differences.append(f"table {table}: same row count, different content")
    if manifest["migrations"] != snapshot.migrations:
        differences.append("django_migrations: the last applied migrations differ")
    expected_files = manifest["media"].get("files", {})
    for rel in sorted(set(expected_files) | set(files)):
        want, have = expected_files.get(rel), files.get(rel)
        if want is None:
            differences.append(f"file {rel}: not in the backup")
        elif have is None:
            differences.append(f"file {rel}: missing")
        elif want["sha256"] != have["sha256"]:
            differences.append(f"file {rel}: different content")
    return differences


def restore_backup(directory: Path, using: str = "default", manifest: dict | None = None) -> list:
    """Restore a verified backup over the live database and MEDIA_ROOT; return the differences
    found afterwards between them and the manifest (none when all is well)."""
    directory = Path(directory)
    if manifest is None:
        manifest = verify_backup(directory, using)
    connection = connections[using]
    _not_in_transaction(connection)
    dump = directory / manifest["database"]["file"]
    # Django's connections would otherwise hold locks or cached state across the restore.
    connections.close_all()
    if manifest["engine"] == "sqlite":
        _restore_sqlite(connection, dump)
    else:
        _restore_postgresql(connection, dump)
    root = media_root()
    _replace_media(directory / MEDIA_DIR, manifest["media"].get("files", {}), root)
    return compare(manifest, database_snapshot(using), media_files(root))
