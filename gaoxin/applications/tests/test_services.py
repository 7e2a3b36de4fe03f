"""The applicant's side and the review path: generated form, versions, stages, deadlines,
constraints, objections and the amount rule."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from gaoxin.accounts.choices import Role
from gaoxin.applications import services
from gaoxin.applications.factsheet import build_sheet, input_keys
from gaoxin.applications.models import Application, Review
from gaoxin.core.errors import DomainError, InvalidTransitionError, PermissionDeniedError

from .factories import TODAY, open_review, pdf, submitted

pytestmark = pytest.mark.django_db
ZO, PR = Role.ZONE_OFFICIAL, Role.PROVINCIAL_REVIEWER


def test_form_asks_only_for_what_is_not_verified(policy, applicant, world):
    version = policy.versions.get()
    assert input_keys(version) == ["revenue", "rnd_expense", "patents_granted"]  # rnd_ratio derived
    sheet = build_sheet(version, world.a.enterprise, {}, TODAY)
    assert [r.key for r in sheet.verified] == ["revenue", "rnd_expense"]
    assert [r.key for r in sheet.asked] == ["patents_granted"]


def test_a_bad_value_names_the_fact(policy, applicant, stages):
    application = services.application_create(actor=applicant, policy=policy, today=TODAY)
    with pytest.raises(DomainError) as exc:
        services.application_save(
            actor=applicant,
            application=application,
            values={"patents_granted": "many"},
            today=TODAY,
        )
    assert exc.value.field == "patents_granted"
    application.refresh_from_db()
    assert application.draft_facts == {}


def test_submit_needs_facts_and_a_material(policy, applicant, stages):
    application = services.application_create(actor=applicant, policy=policy, today=TODAY)
    with pytest.raises(DomainError) as exc:
        services.application_submit(actor=applicant, application=application, today=TODAY)
    assert exc.value.field == "patents_granted"
    services.application_save(
        actor=applicant, application=application, values={"patents_granted": "3"}, today=TODAY
    )
    with pytest.raises(DomainError) as exc:
        services.application_submit(actor=applicant, application=application, today=TODAY)
    assert exc.value.field == "materials"
    assert not application.versions.exists() and not Review.objects.exists()


def test_a_failing_clause_warns_but_does_not_block(policy, applicant, stages):
    application = submitted(applicant, policy, patents="3")  # fewer than 10 patents
    version = application.current_version
    assert version.trace["status"] in ("not_met", "nearly_met")
    assert application.status == "in_review"


def test_submit_freezes_a_version_and_opens_the_first_stage(policy, applicant, stages):
    application = submitted(applicant, policy)
    version = application.current_version
    assert version.number == 1
    assert version.facts["revenue"]["origin"] == "verified"
    assert version.facts["patents_granted"] == {"value": "12", "origin": "declared", "sources": []}
    assert version.trace["status"] == "met"
    assert application.computed_amount == Decimal("400000.00")
    assert version.materials.count() == 1
    review = open_review(application)
    assert review.stage == stages[0]
    # 5 working days after Monday 2 June 2025: Monday 9 June
    assert review.due_on == datetime.date(2025, 6, 9)
    assert application.number.startswith("SQ2025-")


def test_one_open_application_per_policy_and_enterprise(policy, applicant, stages):
    services.application_create(actor=applicant, policy=policy, today=TODAY)
    with pytest.raises(DomainError):
        services.application_create(actor=applicant, policy=policy, today=TODAY)
    first = Application.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(number="SQ2025-9999", policy=policy, enterprise=first.enterprise)


def test_the_database_allows_one_open_review(policy, applicant, stages):
    application = submitted(applicant, policy)
    review = open_review(application)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            application=application, stage=stages[1], version=review.version, due_on=TODAY
        )


def test_return_and_resubmit_makes_a_new_version(policy, applicant, stages, world):
    application = submitted(applicant, policy)
    official = world.a.users[ZO]
    review = open_review(application)
    with pytest.raises(DomainError) as exc:
        services.review_decide(actor=official, review=review, action="return", opinion="材料不全")
    assert exc.value.field == "points"
    services.review_decide(
        actor=official, review=review, action="return", opinion="材料不全", points="补充专利证书"
    )
    application.refresh_from_db()
    assert application.status == "returned"
    services.application_save(
        actor=applicant, application=application, values={"patents_granted": "15"}, today=TODAY
    )
    services.material_add(
        actor=applicant, application=application, kind="专利证书", upload=pdf("证书.pdf")
    )
    services.application_submit(actor=applicant, application=application, today=TODAY)
    application.refresh_from_db()
    assert application.status == "in_review"
    assert [v.number for v in application.versions.all()] == [1, 2]
    assert application.versions.get(number=1).facts["patents_granted"]["value"] == "12"
    assert application.current_version.facts["patents_granted"]["value"] == "15"
    assert application.current_version.materials.count() == 2  # the kept 申请表 and the new file
    assert open_review(application).stage == stages[0]


def test_only_the_stage_owner_decides(policy, applicant, stages, world):
    application = submitted(applicant, policy)
    review = open_review(application)
    for user in (world.b.users[ZO], world.a.users[PR], applicant):
        with pytest.raises(PermissionDeniedError):
            services.review_decide(actor=user, review=review, action="approve", opinion="同意")


def _to_notice(application, world, amount=None):
    services.review_decide(
        actor=world.a.users[ZO],
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
        amount=amount,
        today=TODAY,
    )
    application.refresh_from_db()
    return application


def test_approvals_move_through_the_stages_to_the_notice(policy, applicant, stages, world):
    application = _to_notice(submitted(applicant, policy), world, amount=Decimal("350000"))
    assert application.status == "publication"
    assert application.current_stage == stages[2]
    assert application.proposed_amount == Decimal("350000")
    assert application.notice_starts_on == datetime.date(2025, 6, 3)
    assert application.notice_ends_on == datetime.date(2025, 6, 9)


def test_the_notice_stage_waits_for_its_end_and_the_answers(policy, applicant, stages, world):
    application = _to_notice(submitted(applicant, policy), world)
    official = world.a.users[ZO]
    review = open_review(application)
    with pytest.raises(InvalidTransitionError):
        services.review_decide(
            actor=official,
            review=review,
            action="approve",
            opinion="公示结束",
            today=datetime.date(2025, 6, 9),
        )
    objection = services.objection_lodge_public(
        application=application,
        name="张三",
        contact="13812341234",
        text="金额有误",
        ip="10.0.0.1",
        today=datetime.date(2025, 6, 4),
    )
    with pytest.raises(InvalidTransitionError):
        services.review_decide(
            actor=official,
            review=review,
            action="approve",
            opinion="公示结束",
            today=datetime.date(2025, 6, 10),
        )
    services.objection_answer(actor=official, objection=objection, answer="经核实无误")
    services.review_decide(
        actor=official,
        review=review,
        action="approve",
        opinion="公示结束",
        today=datetime.date(2025, 6, 10),
    )
    assert open_review(application).stage == stages[3]


def test_public_objections_are_rate_limited(policy, applicant, stages, world, settings):
    settings.APPLICATIONS_PUBLIC_OBJECTIONS_PER_HOUR = 1
    application = _to_notice(submitted(applicant, policy), world)
    day = datetime.date(2025, 6, 4)
    services.objection_lodge_public(
        application=application,
        name="甲",
        contact="13812341234",
        text="异议",
        ip="10.0.0.2",
        today=day,
    )
    with pytest.raises(DomainError):
        services.objection_lodge_public(
            application=application,
            name="乙",
            contact="13812341235",
            text="异议",
            ip="10.0.0.2",
            today=day,
        )
    with pytest.raises(DomainError) as exc:
        services.objection_lodge_public(
            application=application, name="丙", contact="x", text="异议", ip="10.0.0.3", today=day
        )
    assert exc.value.field == "contact"


def test_reject_with_opinion(policy, applicant, stages, world):
    application = submitted(applicant, policy)
    services.review_decide(
        actor=world.a.users[ZO],
        review=open_review(application),
        action="reject",
        opinion="不符合条件",
    )
    application.refresh_from_db()
    assert application.status == "rejected"
    assert not application.reviews.filter(status="open").exists()
    # a new application may be started once this one is closed
    services.application_create(actor=applicant, policy=policy, today=TODAY)


def test_withdraw_closes_the_open_review(policy, applicant, stages):
    application = submitted(applicant, policy)
    services.application_withdraw(actor=applicant, application=application)
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert application.reviews.get().status == "closed"


def test_stages_cannot_change_while_in_review(policy, applicant, stages, world):
    submitted(applicant, policy)
    with pytest.raises(InvalidTransitionError):
        services.stage_update(actor=world.a.users[ZO], stage=stages[0], data={"working_days": 3})
    with pytest.raises(PermissionDeniedError):
        services.stage_move(actor=world.b.users[ZO], stage=stages[0], step=1)


def test_stage_reorder_and_delete(policy, stages, world):
    official = world.a.users[ZO]
    services.stage_move(actor=official, stage=stages[1], step=-1)
    assert [s.name for s in policy.review_stages.order_by("order")][:2] == [
        "省厅复核",
        "推荐单位审核",
    ]
    services.stage_delete(actor=official, stage=stages[2])
    assert [s.order for s in policy.review_stages.order_by("order")] == [1, 2, 3]
    with pytest.raises(DomainError) as exc:
        services.stage_create(
            actor=official,
            policy=policy,
            data={
                "kind": "expert",
                "name": "专家评审",
                "owner_organisation": world.a.zone,
                "owner_role": ZO,
                "working_days": 5,
                "experts_n": None,
            },
        )
    assert exc.value.field == "experts_n"


def test_a_stage_is_owned_by_the_zone_its_parks_or_the_province(policy, world):
    official = world.a.users[ZO]
    data = {"kind": "review", "name": "他区审核", "owner_organisation": world.b.zone,
            "owner_role": ZO, "working_days": 5, "experts_n": None}  # fmt: skip
    with pytest.raises(DomainError) as exc:
        services.stage_create(actor=official, policy=policy, data=data)
    assert exc.value.field == "owner_organisation"
    data.update(owner_organisation=world.b.province, owner_role=PR, name="外省复核")
    services.stage_create(actor=official, policy=policy, data=data)  # any provincial department
