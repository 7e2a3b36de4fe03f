"""The backup drill: load the demo, back up, damage the data and the files, restore, and find no
difference in any table or file, and the audit chain whole again.

Transactional (pg_dump sees committed data only); runs on SQLite and on PostgreSQL alike. Core
imports no app, so models are looked up by name through the app registry.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from gaoxin.core.backup import database_snapshot, media_files

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


def every_row() -> dict[str, list]:
    """Every row of every model (and many-to-many table) through the ORM, by primary key: a
    view independent of the backup code's own checksums."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        rows[model._meta.db_table] = list(model._base_manager.order_by("pk").values_list())
    return rows


def run(*args, **kwargs) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=out, **kwargs)
    return out.getvalue()


def test_backup_damage_restore_finds_zero_differences(media, tmp_path):
    run("load_demo")
    default_storage.save("imports/企业名单.xlsx", ContentFile(b"PK\x03\x04 uploaded workbook"))
    default_storage.save("evidence/kept.pdf", ContentFile(b"%PDF-1.7 kept"))
    rows_before = every_row()
    snapshot_before = database_snapshot()
    files_before = media_files(media)
    assert sum(len(r) for r in rows_before.values()) > 1000  # the demo is there
    assert len(files_before) >= 2

    backup = tmp_path / "backup"
    assert "backed up" in run("backup", str(backup))
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"] == snapshot_before.tables
    assert manifest["migrations"] == snapshot_before.migrations
    assert manifest["media"]["files"] == files_before

    # Damage: change rows, delete rows (with their cascades), add rows, cut the audit trail.
    enterprise = apps.get_model("enterprises", "Enterprise")
    first = enterprise.objects.order_by("pk").first()
    enterprise.objects.filter(pk=first.pk).update(name="被改掉的名称")
    contact = apps.get_model("enterprises", "Contact")
    contact.objects.filter(pk__in=list(contact.objects.values_list("pk", flat=True)[:5])).delete()
    yearly = apps.get_model("enterprises", "YearlyFact")
    yearly.objects.filter(
        pk=yearly.objects.order_by("-pk").values_list("pk", flat=True)[0]
    ).delete()
    get_user_model().objects.create(username="intruder")
    event = apps.get_model("audit", "AuditEvent")
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(event._meta.db_table)
        cursor.execute(f"DELETE FROM {table} WHERE id = (SELECT MAX(id) FROM {table})")  # noqa: S608
    with pytest.raises(CommandError, match="tampered"):
        run("verify_audit")
    # ... and the files: one deleted, one altered, one added.
    (media / "evidence" / "kept.pdf").write_bytes(b"%PDF-1.7 altered")
    default_storage.delete("imports/企业名单.xlsx")
    default_storage.save("imports/after-the-backup.xlsx", ContentFile(b"new"))

    damaged = database_snapshot()
    changed = {t for t in damaged.tables if damaged.tables[t] != snapshot_before.tables[t]}
    assert {
        enterprise._meta.db_table,
        contact._meta.db_table,
        yearly._meta.db_table,
        get_user_model()._meta.db_table,
        event._meta.db_table,
    } <= changed
    assert every_row() != rows_before

    out = run("restore", str(backup), yes=True)
    assert "0 differences" in out, out

    assert database_snapshot().tables == manifest["tables"]
    assert every_row() == rows_before
    assert media_files(media) == files_before
    assert not (media / "imports" / "after-the-backup.xlsx").exists()
    assert (media / "evidence" / "kept.pdf").read_bytes() == b"%PDF-1.7 kept"
    assert "ok" in run("verify_audit")


def small_backup(media, tmp_path) -> Path:
    get_user_model().objects.create(username="before")
    (media / "a.txt").write_bytes(b"a")
    backup = tmp_path / "backup"
    run("backup", str(backup))
    get_user_model().objects.create(username="after")
    return backup


def usernames() -> set[str]:
    return set(get_user_model().objects.values_list("username", flat=True))


def test_backup_refuses_a_directory_that_is_not_empty(media, tmp_path):
    target = tmp_path / "old"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    with pytest.raises(CommandError, match="not empty"):
        run("backup", str(target))
    assert [p.name for p in target.iterdir()] == ["keep.txt"]


def test_a_tampered_dump_is_refused_before_anything_changes(media, tmp_path):
    backup = small_backup(media, tmp_path)
    manifest = json.loads((backup / "manifest.json").read_text())
    dump = backup / manifest["database"]["file"]
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    with pytest.raises(CommandError, match=f"{dump.name} is damaged"):
        run("restore", str(backup), yes=True)
    assert "after" in usernames()  # nothing was restored


def test_a_tampered_media_file_is_refused_and_named(media, tmp_path):
    backup = small_backup(media, tmp_path)
    (backup / "media" / "a.txt").write_bytes(b"b")
    (media / "a.txt").write_bytes(b"live")
    with pytest.raises(CommandError, match=r"a\.txt is damaged"):
        run("restore", str(backup), "--check")
    with pytest.raises(CommandError, match=r"a\.txt is damaged"):
        run("restore", str(backup), yes=True)
    assert "after" in usernames()
    assert (media / "a.txt").read_bytes() == b"live"


def test_a_backup_of_another_engine_is_refused(media, tmp_path):
    backup = small_backup(media, tmp_path)
    path = backup / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["engine"] = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    path.write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match=r"backup is of a \w+ database"):
        run("restore", str(backup), yes=True)
    assert "after" in usernames()


def test_a_backup_newer_than_the_code_is_refused(media, tmp_path):
    backup = small_backup(media, tmp_path)
    path = backup / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["migrations"]["audit"] = "9999_from_the_future"
    path.write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match=r"audit\.9999_from_the_future"):
        run("restore", str(backup), yes=True)
    assert "after" in usernames()


def test_restore_without_yes_is_refused_when_not_interactive(media, tmp_path, monkeypatch):
    backup = small_backup(media, tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))  # not a terminal, even with -s
    with pytest.raises(CommandError, match="--yes"):
        run("restore", str(backup))
    assert "after" in usernames()


def test_a_small_restore_brings_back_the_rows_and_files(media, tmp_path):
    backup = small_backup(media, tmp_path)
    (media / "a.txt").unlink()
    out = run("restore", str(backup), yes=True)
    assert "0 differences" in out
    assert "before" in usernames() and "after" not in usernames()
    assert (media / "a.txt").read_bytes() == b"a"
