"""`gaoxin import-enterprises FILE.xlsx [--actor USERNAME]`: summary and exit 0, or every error
and exit 1."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.enterprises.models import Enterprise

from .test_import_helpers import enterprise_row, write_xlsx


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def command(*args) -> str:
    out = io.StringIO()
    call_command("import_enterprises", *args, "--language", "en", stdout=out)
    return out.getvalue()


def test_good_file_prints_the_summary(world, tmp_path):
    path = write_xlsx(tmp_path / "good.xlsx", [enterprise_row(1), enterprise_row(2)])
    output = command(str(path), "--actor", world.a.users[Role.ZONE_OFFICIAL].username)
    assert "2 rows; 2 created, 0 updated, 0 unchanged" in output
    output = command(str(path), "--actor", world.a.users[Role.ZONE_OFFICIAL].username)
    assert "0 created, 0 updated, 2 unchanged" in output


def test_bad_file_prints_every_error_and_exits_1(world, tmp_path):
    rows = [enterprise_row(1, employees=-1), enterprise_row(2), enterprise_row(3, stage="?")]
    path = write_xlsx(tmp_path / "bad.xlsx", rows)
    count = Enterprise.objects.count()
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_enterprises",
            str(path),
            "--actor",
            world.a.users[Role.ZONE_OFFICIAL].username,
            "--language",
            "en",
            stdout=out,
        )
    assert raised.value.returncode == 1
    lines = out.getvalue().splitlines()
    assert lines == [
        "row 2, column 从业人员: This number cannot be negative.",
        "row 4, column 发展阶段: Enter one of 研发、中试、生产、销售 "
        "(or rnd, pilot, production, sales).",
    ]
    assert "nothing was imported" in str(raised.value)
    assert Enterprise.objects.count() == count


def test_without_actor_the_system_imports_into_the_named_zone(world, tmp_path):
    path = write_xlsx(tmp_path / "sys.xlsx", [enterprise_row(1)])
    with pytest.raises(CommandError, match="--zone"):
        command(str(path))  # two zones exist
    output = command(str(path), "--zone", world.a.zone.name)
    assert "1 created" in output
    event = AuditEvent.objects.get(action="enterprises.import")
    assert event.actor is None


def test_wrong_actor_or_file(world, tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", [enterprise_row(1)])
    with pytest.raises(CommandError, match="no user"):
        command(str(path), "--actor", "nobody")
    with pytest.raises(CommandError, match="no such file"):
        command(str(tmp_path / "missing.xlsx"))
    with pytest.raises(CommandError) as raised:
        command(str(path), "--actor", world.a.users[Role.ADVISOR].username)
    assert raised.value.returncode == 1


def test_cli_exit_codes_through_the_gaoxin_script(world, tmp_path, monkeypatch):
    from gaoxin import cli

    path = write_xlsx(tmp_path / "bad.xlsx", [enterprise_row(1, revenue="很多")])
    with pytest.raises(SystemExit) as exited:
        cli.main(
            ["import-enterprises", str(path), "--actor", world.a.users[Role.ZONE_OFFICIAL].username]
        )
    assert exited.value.code == 1
