"""`gaoxin verify-audit` (manage.py verify_audit): "ok: N events verified", or exit 1 naming
the first tampered row."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gaoxin.accounts.choices import Role
from gaoxin.audit.management.commands.verify_audit import Command
from gaoxin.audit.services import verify_chain

from .conftest import raw_sql, write


def run(capsys) -> tuple[int, str, str]:
    """Run the command as the console script does; return (exit code, stdout, stderr)."""
    try:
        Command().run_from_argv(["gaoxin", "verify_audit", "--skip-checks"])
        code = 0
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.django_db
def test_ok_with_the_count(world, events, capsys):
    code, out, _err = run(capsys)
    assert code == 0
    assert out.strip() == f"ok: {len(events)} events verified"


@pytest.mark.django_db
def test_ok_on_an_empty_trail(capsys):
    assert run(capsys)[1].strip() == "ok: 0 events verified"


@pytest.mark.django_db
def test_an_edited_row_exits_1_and_names_it(world, events, capsys):
    bad = events[3].pk
    raw_sql("UPDATE {table} SET summary = %s WHERE id = %s", ["悄悄改过", bad])
    # call_command first: run_from_argv closes the connection when it ends, which inside the
    # test's transaction on PostgreSQL leaves nothing usable for a further query.
    with pytest.raises(CommandError, match=f"row id {bad}"):
        call_command("verify_audit", skip_checks=True)
    code, _out, err = run(capsys)
    assert code == 1
    assert f"row id {bad}" in err and "content does not match its hash" in err


@pytest.mark.django_db
def test_edited_data_is_found(world, events, capsys):
    raw_sql("UPDATE {table} SET data = %s WHERE id = %s", ['{"n": 99}', events[1].pk])
    code, _out, err = run(capsys)
    assert code == 1 and f"row id {events[1].pk}" in err


@pytest.mark.django_db
def test_a_deleted_last_row_is_found(world, events, capsys):
    raw_sql("DELETE FROM {table} WHERE id = %s", [events[-1].pk])
    code, _out, err = run(capsys)
    assert code == 1
    assert "end of chain" in err and "removed from the end" in err


@pytest.mark.django_db
def test_a_deleted_middle_row_names_the_next(world, events, capsys):
    raw_sql("DELETE FROM {table} WHERE id = %s", [events[1].pk])
    code, _out, err = run(capsys)
    assert code == 1 and f"row id {events[2].pk}" in err


@pytest.mark.django_db
def test_sm3_an_edited_row_exits_1_and_names_it(world, settings, capsys):
    settings.AUDIT_HASH_ALGORITHM = "sm3"
    official = world.a.users[Role.ZONE_OFFICIAL]
    made = [write(official, summary=f"第{n}步", data={"n": n}) for n in range(4)]
    assert {event.hash_algorithm for event in made} == {"sm3"}
    # (the service, not the command: the command closes the connection when it ends, which on
    # PostgreSQL would end this test's transaction before the edit below)
    before = verify_chain()
    assert before.ok and before.count == 4
    raw_sql("UPDATE {table} SET summary = %s WHERE id = %s", ["悄悄改过", made[2].pk])
    code, _out, err = run(capsys)
    assert code == 1
    assert f"row id {made[2].pk}" in err and "content does not match its hash" in err


@pytest.mark.django_db
def test_a_chain_that_switches_from_sha256_to_sm3_verifies(world, settings, capsys):
    official = world.a.users[Role.ZONE_OFFICIAL]
    settings.AUDIT_HASH_ALGORITHM = "sha256"
    first = [write(official, summary="旧算法") for _n in range(2)]
    settings.AUDIT_HASH_ALGORITHM = "sm3"
    later = [write(official, summary="国密算法") for _n in range(2)]
    assert [e.hash_algorithm for e in first + later] == ["sha256", "sha256", "sm3", "sm3"]
    assert later[0].prev_hash == first[-1].hash
    assert run(capsys)[1].strip() == "ok: 4 events verified"


@pytest.mark.django_db
def test_a_row_relabelled_with_the_other_algorithm_is_found(world, settings, capsys):
    settings.AUDIT_HASH_ALGORITHM = "sm3"
    made = [write(world.a.users[Role.ZONE_OFFICIAL]) for _n in range(2)]
    raw_sql("UPDATE {table} SET hash_algorithm = %s WHERE id = %s", ["sha256", made[0].pk])
    code, _out, err = run(capsys)
    assert code == 1 and f"row id {made[0].pk}" in err
