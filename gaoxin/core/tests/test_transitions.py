"""The one transitions mechanism, walked over every workflow of the codebase: each state is
initial or reached by a transition, each workflow ends, and ``check`` allows exactly what the
table says and refuses the rest in words naming the state.

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
def test_every_workflow_ends(key):
    """Each workflow has a final state, and a final state refuses every transition."""
    workflow = workflows()[key]
    final = workflow.final_states()
    assert final, f"{key}: no state is final"
    for state in final:
        assert not any(workflow.can(state, t.name) for t in workflow.transitions)


@pytest.mark.parametrize("key", sorted(_all_workflows()))
def test_every_state_is_reachable_or_initial(key):
    workflow = workflows()[key]
    initial = workflow.initial_states()
    targets = {t.target for t in workflow.transitions}
    for state in workflow.states.values:
        assert state in initial or state in targets, f"{key}: {state} cannot be reached"


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
