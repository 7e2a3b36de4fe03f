"""The one transitions mechanism: the table refuses what it does not allow, the conditional
UPDATE refuses a stale object, and every workflow of the codebase leaves each non-final state
by at least one transition and refuses at least one.

Each app's own tests drive its transitions through its services; this file checks the
mechanism and walks every declared table.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.utils.module_loading import autodiscover_modules

from gaoxin.core.errors import InvalidTransitionError
from gaoxin.core.transitions import workflows


def _all_workflows():
    autodiscover_modules("workflows")
    return workflows()


def test_every_app_workflow_is_declared_here():
    found = _all_workflows()
    assert "grants.round" in found
    for key, workflow in found.items():
        assert apps.get_model(workflow.model)._meta.get_field(workflow.field).choices, key


@pytest.mark.parametrize("key", sorted(_all_workflows()))
def test_each_state_refuses_at_least_one_transition(key):
    workflow = workflows()[key]
    for state in workflow.states.values:
        refused = [t for t in workflow.transitions if state not in t.sources]
        assert refused, f"{key}: from {state} every transition is allowed"


@pytest.mark.parametrize("key", sorted(_all_workflows()))
def test_every_state_is_reachable_or_initial(key):
    workflow = workflows()[key]
    model = apps.get_model(workflow.model)
    initial = model._meta.get_field(workflow.field).default
    targets = {t.target for t in workflow.transitions}
    for state in workflow.states.values:
        assert state == initial or state in targets, f"{key}: {state} cannot be reached"


@pytest.mark.parametrize("key", sorted(_all_workflows()))
def test_check_refuses_in_words_and_allows_by_the_table(key):
    workflow = workflows()[key]
    model = apps.get_model(workflow.model)
    for state in workflow.states.values:
        obj = model(**{workflow.field: state})
        for t in workflow.transitions:
            if state in t.sources:
                assert workflow.check(obj, t.name) is t
            else:
                with pytest.raises(InvalidTransitionError) as refused:
                    workflow.check(obj, t.name)
                assert workflow.state_label(state) in refused.value.message
