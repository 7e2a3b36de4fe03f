"""`gaoxin reset-password USERNAME`: how the auditor's and security admin's passwords are reset."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent


@pytest.fixture
def typed(monkeypatch):
    def answer(*values):
        answers = iter(values)
        monkeypatch.setattr(
            "gaoxin.accounts.management.commands.reset_password.getpass", lambda _p: next(answers)
        )

    return answer


@pytest.mark.django_db
def test_resets_and_records_a_system_action(world, typed, capsys):
    auditor = world.a.users[Role.AUDITOR]
    typed("Temp-Pass-2025", "Temp-Pass-2025")
    call_command("reset_password", auditor.username, reason="审计员遗忘密码", skip_checks=True)
    auditor.refresh_from_db()
    assert auditor.check_password("Temp-Pass-2025") and auditor.must_change_password
    event = AuditEvent.objects.get(action="accounts.user.reset_password")
    assert event.actor is None and event.actor_name.startswith("system")
    assert event.reason == "审计员遗忘密码"
    assert "ok:" in capsys.readouterr().out


@pytest.mark.django_db
def test_refuses_a_weak_password_or_a_mismatch(world, typed):
    auditor = world.a.users[Role.AUDITOR]
    typed("short", "short")
    with pytest.raises(CommandError, match="10"):
        call_command("reset_password", auditor.username, skip_checks=True)
    typed("Temp-Pass-2025", "Temp-Pass-2026")
    with pytest.raises(CommandError, match="differ"):
        call_command("reset_password", auditor.username, skip_checks=True)
    with pytest.raises(CommandError, match="no account"):
        call_command("reset_password", "nobody", skip_checks=True)
