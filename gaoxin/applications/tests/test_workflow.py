"""Both workflow tables walked: every allowed transition from every state moves the object
(conditional UPDATE, audit event), and every transition the table does not allow from a state
is refused there with nothing written. The services drive the same transitions in
test_services.py and test_decision.py."""

import pytest
from django.db import transaction

from gaoxin.applications.models import Application, Review
from gaoxin.applications.workflows import APPLICATION, REVIEW
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import InvalidTransitionError

from .factories import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(policy, applicant, stages):
    return submitted(applicant, policy)


def _at(model, pk, state):
    model.objects.filter(pk=pk).update(status=state)
    return model.objects.get(pk=pk)


@pytest.mark.parametrize(("workflow", "model"), [(APPLICATION, Application), (REVIEW, Review)])
def test_every_allowed_transition_moves(application, workflow, model):
    obj = application if model is Application else application.reviews.get()
    for source, name, target in workflow.table():
        obj = _at(model, obj.pk, source)
        with transaction.atomic():
            workflow.apply(obj, name, actor=None, summary="t", reason="理由")
        assert model.objects.get(pk=obj.pk).status == target, (source, name)
        event = AuditEvent.objects.filter(action=f"{workflow.key}.{name}").latest("pk")
        assert event.data["from"] == source and event.data["to"] == target


@pytest.mark.parametrize(("workflow", "model"), [(APPLICATION, Application), (REVIEW, Review)])
def test_every_state_refuses_what_the_table_does_not_allow(application, workflow, model):
    obj = application if model is Application else application.reviews.get()
    for state in workflow.states.values:
        refused = [t.name for t in workflow.transitions if state not in t.sources]
        # an open review may take every action of its table; what it refuses there depends on
        # more than its state (an expert stage before every score: test_decision.py, the
        # wrong user: test_permissions.py), so here only the states the table restricts
        assert refused or (workflow is REVIEW and state == "open"), state
        for name in refused:
            obj = _at(model, obj.pk, state)
            before = AuditEvent.objects.count()
            with pytest.raises(InvalidTransitionError), transaction.atomic():
                workflow.apply(obj, name, actor=None, summary="t", reason="理由")
            assert model.objects.get(pk=obj.pk).status == state
            assert AuditEvent.objects.count() == before


def test_reasons_are_required_where_the_table_says(application):
    review = application.reviews.get()
    with pytest.raises(InvalidTransitionError), transaction.atomic():
        REVIEW.apply(review, "approve", actor=None, summary="t", reason=" ")
    with pytest.raises(InvalidTransitionError), transaction.atomic():
        APPLICATION.apply(application, "return", actor=None, summary="t", reason="")
