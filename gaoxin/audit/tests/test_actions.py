"""Every audit action recorded anywhere in the code has a label, registered by its app."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from gaoxin.audit.actions import action_choices, action_label, known_actions

GAOXIN = Path(__file__).resolve().parents[2]
APPS = (
    "accounts|audit|core|demo|enterprises|firstset|grants|notifications|parks|policies"
    "|portal|dashboard|reporting"
)
CODE = re.compile(rf'"((?:{APPS})\.[a-z_]+(?:\.[a-z_]+)*)"')


def _recorded_actions() -> set[str]:
    """Dotted codes written on a line that sets an ``action``, outside the tests."""
    found = set()
    for path in GAOXIN.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "audit_actions.py":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(r"\baction\b", line):
                found.update(CODE.findall(line))
    return found


def test_every_recorded_action_has_a_label():
    recorded = _recorded_actions()
    assert {"policies.draft.save", "accounts.user.login_failed", "audit.export"} <= recorded
    assert recorded - known_actions() == set()


@pytest.mark.django_db
def test_every_action_of_the_demo_has_a_label():
    from django.core.management import call_command

    from gaoxin.audit.models import AuditEvent

    call_command("load_demo", verbosity=0)
    used = set(AuditEvent.objects.values_list("action", flat=True).distinct())
    assert used and used - known_actions() == set()


def test_labels_follow_the_language():
    with translation.override("en"):
        assert action_label("policies.draft.save") == "Policy draft saved"
    with translation.override("zh-hans"):
        assert action_label("policies.draft.save") == "保存政策草稿"
    assert action_label("unknown.thing") == "unknown.thing"


def test_choices_are_grouped_by_app():
    with translation.override("en"):
        groups = dict(action_choices())
    assert ("policies.draft.save", "Policy draft saved") in groups["Policies"]
    accounts = groups["Accounts and organisations"]
    assert all(code.startswith("accounts.") for code, _label in accounts)
