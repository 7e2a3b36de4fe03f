"""The expert stage, the decision and what it writes: the amount rule (override audited), the
stored version and trace (replay), the ledger commitment (refused → nothing saved), the
declared facts verified with the application as their source, and the notifications."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from gaoxin.accounts.choices import Role
from gaoxin.applications import services
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError, InvalidTransitionError
from gaoxin.enterprises.choices import FactSource, RecordStatus
from gaoxin.enterprises.models import FactRecord, YearlyFact
from gaoxin.experts.models import Assignment
from gaoxin.experts.tests.factories import ExpertFactory, ScoreSheetFactory
from gaoxin.funds.models import Commitment
from gaoxin.funds.services import fund_create
from gaoxin.notifications.models import Notification

from .factories import TODAY, add_stages, open_review, submitted

pytestmark = pytest.mark.django_db
ZO, PR = Role.ZONE_OFFICIAL, Role.PROVINCIAL_REVIEWER
AFTER = datetime.date(2025, 6, 10)  # the notice (3–9 June) is over


def _fund(policy, budget="1000000"):
    return fund_create(
        actor=None, policy=policy, year=2025, budget=Decimal(budget), per_enterprise_cap=None
    )


def _at_decision(application, world):
    official = world.a.users[ZO]
    services.review_decide(
        actor=official,
        review=open_review(application),
        action="approve",
        opinion="同意推荐",
        today=TODAY,
    )
    services.review_decide(
        actor=world.a.users[PR],
        review=open_review(application),
        action="approve",
        opinion="复核通过",
        today=TODAY,
    )
    services.review_decide(
        actor=official,
        review=open_review(application),
        action="approve",
        opinion="公示无异议",
        today=AFTER,
    )
    application.refresh_from_db()
    return open_review(application)


def test_decision_commits_money_and_verifies_the_declared_facts(policy, applicant, stages, world):
    fund = _fund(policy)
    application = submitted(applicant, policy)
    review = _at_decision(application, world)
    services.review_decide(
        actor=world.a.users[ZO], review=review, action="approve", opinion="同意", today=AFTER
    )
    application.refresh_from_db()
    assert application.status == "decided"
    assert application.decided_amount == Decimal("400000.00")
    assert application.decision_version == application.current_version.policy_version
    assert services.replay(application)["same"] is True
    commitment = Commitment.objects.get(fund=fund)
    assert commitment.amount == Decimal("400000.00") and commitment.enterprise == world.a.enterprise
    record = FactRecord.objects.get(source=FactSource.APPLICATION)
    assert record.status == RecordStatus.VERIFIED and record.decided_by == world.a.users[ZO]
    assert record.values == {"patents_granted": "12"}
    assert YearlyFact.objects.get(enterprise=world.a.enterprise, year=2024).patents_granted == 12


def test_no_fund_refuses_the_decision_and_saves_nothing(policy, applicant, stages, world):
    application = submitted(applicant, policy)
    review = _at_decision(application, world)
    with pytest.raises(DomainError) as exc:
        services.review_decide(
            actor=world.a.users[ZO], review=review, action="approve", opinion="同意", today=AFTER
        )
    assert exc.value.code == "no_fund"
    application.refresh_from_db()
    assert application.status == "publication" and application.decided_amount is None
    assert open_review(application) == review
    assert not FactRecord.objects.filter(source=FactSource.APPLICATION).exists()


def test_over_budget_is_refused_with_the_ledgers_message(policy, applicant, stages, world):
    _fund(policy, budget="100000")
    application = submitted(applicant, policy)
    review = _at_decision(application, world)
    with pytest.raises(DomainError):
        services.review_decide(
            actor=world.a.users[ZO], review=review, action="approve", opinion="同意", today=AFTER
        )
    application.refresh_from_db()
    assert application.status == "publication"
    assert not application.policy.funds.get().commitments.exists()


def test_a_higher_amount_needs_a_reason_and_is_audited(policy, applicant, stages, world):
    _fund(policy)
    application = submitted(applicant, policy)
    review = _at_decision(application, world)
    official = world.a.users[ZO]
    with pytest.raises(DomainError) as exc:
        services.review_decide(
            actor=official,
            review=review,
            action="approve",
            opinion="同意",
            amount=Decimal("450000"),
            today=AFTER,
        )
    assert exc.value.field == "amount"
    services.review_decide(
        actor=official,
        review=review,
        action="approve",
        opinion="同意",
        amount=Decimal("450000"),
        override_reason="党组会议决定",
        today=AFTER,
    )
    application.refresh_from_db()
    assert application.decided_amount == Decimal("450000")
    assert AuditEvent.objects.get(action="applications.decision.override").reason == "党组会议决定"


def test_an_open_objection_blocks_the_decision(policy, applicant, stages, world):
    _fund(policy)
    application = submitted(applicant, policy)
    review = _at_decision(application, world)
    services.objection_record(
        actor=world.a.users[ZO],
        application=application,
        raised_by="李四",
        channel="phone",
        text="有异议",
    )
    with pytest.raises(InvalidTransitionError):
        services.review_decide(
            actor=world.a.users[ZO], review=review, action="approve", opinion="同意", today=AFTER
        )


def test_the_applicant_is_told_in_the_inbox_and_by_mail(
    policy, applicant, stages, world, django_capture_on_commit_callbacks
):
    applicant.email = "hengtian@example.com"
    applicant.save()
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted(applicant, policy)
        services.review_decide(
            actor=world.a.users[ZO],
            review=open_review(application),
            action="return",
            opinion="材料不全",
            points="补充证书",
        )
    assert Notification.objects.filter(recipient=applicant, kind="application").count() == 2
    assert Notification.objects.filter(recipient=world.a.users[ZO], kind="application").exists()
    assert any("补充证书" in m.body for m in mail.outbox)


def test_the_expert_stage_waits_for_every_score(policy, applicant, world):
    add_stages(policy, world.a, kinds=("expert", "decision"))
    ScoreSheetFactory(policy=policy)
    ExpertFactory(zone=world.a.zone, fields=["技术转化"])
    ExpertFactory(zone=world.a.zone, fields=["技术转化"])
    application = submitted(applicant, policy)
    review = open_review(application)
    official = world.a.users[ZO]
    with pytest.raises(InvalidTransitionError):
        services.review_decide(actor=official, review=review, action="approve", opinion="同意")
    draw = services.experts_draw(actor=official, review=review, seed=7)
    assert draw.subject == application
    with pytest.raises(InvalidTransitionError):
        services.review_decide(actor=official, review=review, action="approve", opinion="同意")
    from gaoxin.experts.services import score_submit

    for assignment in Assignment.objects.filter(draw=draw):
        scores = {item["key"]: str(item["max_points"]) for item in draw.policy.score_sheet.items}
        score_submit(actor=official, assignment=assignment, scores=scores, comment="纸质评分表")
    services.review_decide(actor=official, review=review, action="approve", opinion="专家评审通过")
    assert open_review(application).stage.kind == "decision"


def test_drawn_experts_with_an_account_are_told(
    policy, applicant, world, django_capture_on_commit_callbacks
):
    add_stages(policy, world.a, kinds=("expert", "decision"))
    ScoreSheetFactory(policy=policy)
    advisor = world.a.users[Role.ADVISOR]
    with_account = ExpertFactory(zone=world.a.zone, fields=["技术转化"], user=advisor)
    ExpertFactory(zone=world.a.zone, fields=["技术转化"])  # no account: scores on paper
    application = submitted(applicant, policy)
    with django_capture_on_commit_callbacks(execute=True):
        draw = services.experts_draw(
            actor=world.a.users[ZO], review=open_review(application), seed=7
        )
    assert with_account.pk in draw.drawn
    told = Notification.objects.filter(recipient=advisor, kind="application")
    assert told.count() == 1 and application.number in told.get().title


def test_no_decision_rests_on_a_declared_qualification(world, applicant):
    """A qualification typed into the application is not verified by the decision (it needs
    its certificate, through 核验): the decision is refused, naming it, and nothing moves."""
    from gaoxin.applications.tests.factories import pdf
    from gaoxin.policies.choices import DeliveryMode
    from gaoxin.policies.services import article_set, policy_create, version_publish

    policy = policy_create(
        actor=None,
        zone=world.a.zone,
        data={"title": "高企认定奖励（需申报）", "issuing_body": "管委会",
              "delivery_mode": DeliveryMode.APPLY},
    )  # fmt: skip
    article_set(actor=None, policy=policy, articles=[("第二条", "通过高新技术企业认定的企业。")])
    version_publish(
        actor=None,
        policy=policy,
        criteria={"in": ["high_tech", {"var": "qualifications"}]},
        formula=100000,
        effective_from=datetime.date(2025, 1, 1),
    )
    policy.refresh_from_db()
    add_stages(policy, world.a, kinds=("decision",))
    fund_create(actor=None, policy=policy, year=TODAY.year, budget=Decimal("1000000"))
    application = services.application_create(actor=applicant, policy=policy, today=TODAY)
    services.application_save(
        actor=applicant, application=application, values={"qualifications": "high_tech"},
        today=TODAY,
    )  # fmt: skip
    services.material_add(actor=applicant, application=application, kind="申请表", upload=pdf())
    services.application_submit(actor=applicant, application=application, today=TODAY)
    application.refresh_from_db()
    assert application.current_version.facts["qualifications"]["origin"] == "declared"
    with pytest.raises(InvalidTransitionError, match=r"有效资质|valid qualifications"):
        services.review_decide(
            actor=world.a.users[ZO], review=open_review(application), action="approve",
            opinion="同意", today=TODAY,
        )  # fmt: skip
    application.refresh_from_db()
    assert application.status == "in_review" and application.decided_amount is None
    assert not Commitment.objects.filter(fund__policy=policy).exists()
