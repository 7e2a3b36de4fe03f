"""Programs (ADR 0006): a policy owned by a registered program is computed by the program on
submission, decided by the program (no fund commitment, no facts verified), recomputed by the
program, and shows the program's panel; a plain policy is untouched."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.applications import programs, services
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError
from gaoxin.funds.models import Commitment

from .factories import TODAY, add_stages, make_policy, open_review, pdf

pytestmark = pytest.mark.django_db
ZO = Role.ZONE_OFFICIAL
CALLS: list[tuple] = []


def _freeze(actor, application, today):
    if application.enterprise.name.startswith("refused"):
        raise DomainError("程序检查未通过：缺少保单", field="policies")
    CALLS.append(("freeze", application.pk))
    return {"amount": "1234.50", "steps": ["toy"]}, Decimal("1234.50")


def _decide(actor, application, amount, today):
    CALLS.append(("decide", application.pk, amount))


def _replay(application):
    return {"amount": "1234.50", "stored": "1234.50", "same": True}


@pytest.fixture
def toy(world, settings):
    import copy
    from pathlib import Path

    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], Path(__file__).parent / "templates"]
    settings.TEMPLATES = templates
    policy = make_policy(world.a.zone, title="玩具程序政策")
    add_stages(policy, world.a, kinds=("review", "decision"))
    program = programs.Program(
        key="tests.toy",
        owns=lambda p: p.pk == policy.pk,
        freeze=_freeze,
        replay=_replay,
        decide=_decide,
        context=lambda application, user: {"toy": "TOY-PANEL"},
        panel="applications/tests/_toy_panel.html",
        amount_label="toy amount",
    )
    programs.register(program)
    CALLS.clear()
    yield policy
    programs._PROGRAMS[:] = [p for p in programs._PROGRAMS if p.key != "tests.toy"]


def _submit(member, policy):
    application = services.application_create(actor=member, policy=policy, today=TODAY)
    services.material_add(actor=member, application=application, kind="申请表", upload=pdf())
    services.application_submit(actor=member, application=application, today=TODAY)
    application.refresh_from_db()
    return application


def test_the_program_computes_and_decides_instead_of_the_formula_and_the_fund(world, toy, member):
    application = _submit(member, toy)
    assert ("freeze", application.pk) in CALLS
    version = application.current_version
    assert version.facts == {}
    assert version.trace["program"] == "tests.toy"
    assert application.computed_amount == Decimal("1234.50")

    official = world.a.users[ZO]
    services.review_decide(
        actor=official, review=open_review(application), action="approve", opinion="同意",
        today=TODAY,
    )  # fmt: skip
    services.review_decide(
        actor=official, review=open_review(application), action="approve", opinion="决定",
        today=TODAY,
    )  # fmt: skip
    application.refresh_from_db()
    assert application.status == "decided"
    assert ("decide", application.pk, Decimal("1234.50")) in CALLS
    assert not Commitment.objects.exists()  # the program decided; no fund was touched
    assert application.decision_trace["steps"] == ["toy"]
    assert services.replay(application)["same"] is True
    assert AuditEvent.objects.filter(action="applications.application.decide").exists()


def test_a_program_refusal_on_submission_saves_nothing(world, toy):
    from gaoxin.enterprises.tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory(name="refused企业", zone=world.a.zone)
    user = world.a.users[Role.ENTERPRISE_USER]
    user.organisation = enterprise.organisation
    user.save()
    application = services.application_create(actor=user, policy=toy, today=TODAY)
    services.material_add(actor=user, application=application, kind="申请表", upload=pdf())
    with pytest.raises(DomainError, match="缺少保单"):
        services.application_submit(actor=user, application=application, today=TODAY)
    application.refresh_from_db()
    assert application.status == "draft"
    assert not application.versions.exists()


def test_the_pages_show_the_program_panel_not_the_facts_form(client, world, toy, member):
    application = services.application_create(actor=member, policy=toy, today=TODAY)
    client.force_login(member)
    edit = client.get(reverse("applications:edit", args=[application.pk]))
    assert edit.status_code == 200
    assert "TOY-PANEL" in edit.content.decode()
    assert 'data-testid="application-form"' in edit.content.decode()
    services.material_add(actor=member, application=application, kind="申请表", upload=pdf())
    response = client.post(reverse("applications:edit", args=[application.pk]), {"submit": "1"})
    assert response.status_code == 302
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "TOY-PANEL" in detail and "toy amount" in detail


def test_a_plain_policy_is_not_a_program(world, toy):
    other = make_policy(world.a.zone, title="普通政策")
    assert programs.program_for(other) is None
    assert programs.program_for(toy).key == "tests.toy"
