"""Builders of the application tests: a policy of zone A that takes applications, its stages,
and an application at any point of its workflow."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from gaoxin.accounts.choices import Role
from gaoxin.applications import services
from gaoxin.applications.models import ReviewStage
from gaoxin.enterprises.tests.factories import YearlyFactFactory
from gaoxin.policies.choices import DeliveryMode
from gaoxin.policies.services import article_set, policy_create, version_publish

TODAY = datetime.date(2025, 6, 2)  # a Monday
# R&D ratio ≥ 3 %, R&D expense ≥ 500 000 and at least 10 patents; 10 % of R&D expense.
CRITERIA = {
    "and": [
        {
            "clause": {"article": "第三条", "label": "研发投入占比≥3%"},
            "rule": {">=": [{"var": "rnd_ratio"}, 3]},
        },
        {">=": [{"var": "rnd_expense"}, 500000]},
        {">=": [{"var": "patents_granted"}, 10]},
    ]
}
FORMULA = {"min": [{"*": [{"var": "rnd_expense"}, Decimal("0.1")]}, 5000000]}

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="申请表.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_policy(zone, title="高新区研发后补助（需申报）"):
    policy = policy_create(
        actor=None,
        zone=zone,
        data={
            "title": title,
            "issuing_body": "管委会",
            "delivery_mode": DeliveryMode.APPLY,
        },
    )
    article_set(actor=None, policy=policy, articles=[("第三条", "研发投入占比不低于3%。")])
    version_publish(
        actor=None,
        policy=policy,
        criteria=CRITERIA,
        formula=FORMULA,
        effective_from=datetime.date(2025, 1, 1),
    )
    policy.refresh_from_db()
    return policy


def add_stages(policy, side, kinds=("review", "review_pr", "publication", "decision")):
    """Stages of ``policy``: owned by side's zone officials, the province's reviewer for
    ``review_pr``."""
    names = {
        "review": "推荐单位审核",
        "review_pr": "省厅复核",
        "expert": "专家评审",
        "publication": "公示",
        "decision": "决定",
    }
    stages = []
    for order, kind in enumerate(kinds, start=1):
        owner, role = side.zone, Role.ZONE_OFFICIAL
        if kind == "review_pr":
            owner, role = side.province, Role.PROVINCIAL_REVIEWER
        stages.append(
            ReviewStage.objects.create(
                policy=policy,
                order=order,
                kind="review" if kind == "review_pr" else kind,
                name=names[kind],
                owner_organisation=owner,
                owner_role=role,
                working_days=5,
                experts_n=2 if kind == "expert" else None,
            )
        )
    return stages


def verified_figures(enterprise, year=2024, revenue="100000000", rnd="4000000"):
    return YearlyFactFactory(
        enterprise=enterprise,
        year=year,
        revenue=Decimal(revenue),
        rnd_expense=Decimal(rnd),
        patents_granted=None,
    )


def submitted(member, policy, patents="12", today=TODAY):
    """A submitted application of ``member``'s enterprise (patents declared)."""
    application = services.application_create(actor=member, policy=policy, today=today)
    services.application_save(
        actor=member, application=application, values={"patents_granted": patents}, today=today
    )
    services.material_add(actor=member, application=application, kind="申请表", upload=pdf())
    services.application_submit(actor=member, application=application, today=today)
    application.refresh_from_db()
    return application


def open_review(application):
    return application.reviews.get(status="open")
