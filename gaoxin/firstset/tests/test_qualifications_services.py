"""Declarations, qualification requests on the review machinery, the program's freeze, decide,
replay, and what a return, withdrawal or rejection does to the declared models."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.applications import services as applications
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.firstset import qualification_program as qp
from gaoxin.firstset import services_qualifications as sq
from gaoxin.firstset.choices import DeclarationStatus as D
from gaoxin.firstset.models import Ban, Declaration, Qualification

from .factories_program import (
    QUALIFICATION_MATERIALS,
    ROBOT_VALUES,
    current_entry,
    make_declaration,
    make_round,
    pdf,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rnd(world):
    return make_round(world.a.zone, province=world.a.province)


@pytest.fixture
def member(world):
    return world.a.users[Role.ENTERPRISE_USER]


def request_data(declaration, premium="2700000"):
    return {
        "declarations": [declaration.pk],
        "quantity": 2,
        "declared_value": "90000000",
        "expected_premium": premium,
    }


def submitted(member, rnd, declaration, premium="2700000"):
    request = sq.request_start(actor=member, round_=rnd, data=request_data(declaration, premium))
    application = request.application
    for kind in QUALIFICATION_MATERIALS:
        applications.material_add(actor=member, application=application, kind=kind, upload=pdf())
    applications.application_submit(actor=member, application=application)
    application.refresh_from_db()
    return application


def approve_all(application, side):
    """Approve every stage as its owner (the notice waited out) through the decision."""
    while application.status in ("in_review", "publication"):
        review = application.reviews.get(status="open")
        actor = side.users[review.stage.owner_role]
        today = timezone.localdate()
        if review.stage.kind == "publication":
            today = application.notice_ends_on + datetime.timedelta(days=1)
        applications.review_decide(
            actor=actor, review=review, action="approve", opinion="同意", today=today
        )
        application.refresh_from_db()


class TestDeclarations:
    def test_check_is_stored_with_margins(self, world, member):
        entry = current_entry()
        declaration = sq.declaration_create(
            actor=member,
            entry=entry,
            data={"model_name": "HR-600", "values": ROBOT_VALUES, "unit_value": "1200000"},
        )
        assert declaration.meets_all is True
        rows = {row["name"]: row for row in declaration.check_result["indicators"]}
        assert rows["额定负载"]["margin"] == "100"
        assert rows["重复定位精度"]["margin"] == "0.02"
        assert AuditEvent.objects.filter(action="firstset.declaration.create").exists()

    def test_failing_indicator_is_stored_not_met(self, world, member):
        values = {**ROBOT_VALUES, "重复定位精度": "0.2"}
        declaration = sq.declaration_create(
            actor=member, entry=current_entry(), data={"model_name": "HR-1", "values": values}
        )
        assert declaration.meets_all is False
        assert sq.failing_indicators(declaration) == ["重复定位精度"]

    def test_not_a_number_names_the_indicator(self, world, member):
        entry = current_entry()
        with pytest.raises(DomainError) as exc:
            sq.declaration_create(
                actor=member, entry=entry,
                data={"model_name": "X", "values": {**ROBOT_VALUES, "额定负载": "很多"}},
            )  # fmt: skip
        assert "额定负载" in exc.value.message
        assert not Declaration.objects.exists()

    def test_improved_model_must_be_a_verified_one_of_the_same_entry(self, world, member):
        draft = make_declaration(world.a.enterprise)
        with pytest.raises(DomainError) as exc:
            sq.declaration_create(
                actor=member, entry=draft.entry,
                data={"model_name": "HR-2", "values": ROBOT_VALUES, "improved_from": draft.pk},
            )  # fmt: skip
        assert exc.value.field == "improved_from"
        verified = make_declaration(world.a.enterprise, status=D.VERIFIED)
        improved = sq.declaration_create(
            actor=member, entry=draft.entry,
            data={"model_name": "HR-2", "values": ROBOT_VALUES, "improved_from": verified.pk},
        )  # fmt: skip
        assert improved.improved_from == verified

    def test_other_enterprise_cannot_change(self, world):
        declaration = make_declaration(world.a.enterprise)
        with pytest.raises(PermissionDeniedError):
            sq.declaration_update(
                actor=world.b.users[Role.ENTERPRISE_USER],
                declaration=declaration,
                data={"model_name": "Y", "values": ROBOT_VALUES},
            )

    def test_only_draft_is_deleted(self, world, member):
        declaration = make_declaration(world.a.enterprise, status=D.DECLARED)
        with pytest.raises(DomainError):
            sq.declaration_delete(actor=member, declaration=declaration)
        draft = make_declaration(world.a.enterprise)
        sq.declaration_delete(actor=member, declaration=draft)
        assert not Declaration.objects.filter(pk=draft.pk).exists()


class TestRequest:
    def test_failing_indicator_is_refused_by_name(self, world, member, rnd):
        declaration = make_declaration(
            world.a.enterprise, values={**ROBOT_VALUES, "平均无故障工作时间": "100"}
        )
        with pytest.raises(DomainError) as exc:
            sq.request_start(actor=member, round_=rnd, data=request_data(declaration))
        assert "平均无故障工作时间" in exc.value.message
        assert not rnd.requests.exists()

    def test_missing_evidence_is_refused(self, world, member, rnd):
        declaration = make_declaration(world.a.enterprise, evidence=False)
        with pytest.raises(DomainError) as exc:
            sq.request_start(actor=member, round_=rnd, data=request_data(declaration))
        assert "evidence" in exc.value.message

    def test_banned_enterprise_is_refused(self, world, member, rnd):
        today = timezone.localdate()
        Ban.objects.create(
            enterprise=world.a.enterprise, starts_on=today - datetime.timedelta(days=10),
            ends_on=today + datetime.timedelta(days=300), reason="虚假申报",
        )  # fmt: skip
        with pytest.raises(DomainError) as exc:
            sq.request_start(
                actor=member, round_=rnd, data=request_data(make_declaration(world.a.enterprise))
            )
        assert exc.value.code == "banned"

    def test_bad_amount_names_the_field(self, world, member, rnd):
        data = {**request_data(make_declaration(world.a.enterprise)), "expected_premium": "-1"}
        with pytest.raises(DomainError) as exc:
            sq.request_start(actor=member, round_=rnd, data=data)
        assert exc.value.field == "expected_premium"

    def test_the_review_panel_shows_a_percentage_and_amounts_in_yuan(self, world, member, rnd):
        from django.template.loader import render_to_string
        from django.utils import translation

        application = submitted(member, rnd, make_declaration(world.a.enterprise))
        context = qp.context(application, world.a.users[Role.PROVINCIAL_REVIEWER])
        with translation.override("en"):
            html = render_to_string(
                "firstset/program/_qualification_panel.html",
                {"program_context": context, "program_mode": "review"},
            )
        assert 'data-testid="rate-of-value">3.00 %<' in html
        assert "2,700,000.00</span> yuan" in html  # the expected premium
        assert "2,160,000.00</span> yuan" in html  # the cap step

    def test_freeze_trace_numbers(self, world, member, rnd):
        declaration = make_declaration(world.a.enterprise)
        application = submitted(member, rnd, declaration)
        trace = application.current_version.trace
        assert application.computed_amount == Decimal("2160000.00")
        assert trace["amount"] == "2160000.00"
        assert trace["regime"] == "cn_2024"
        assert [s["step"] for s in trace["steps"]] == ["expected_premium", "subsidy_ratio", "cap"]
        assert trace["steps"][1]["value"] == "0.80"
        assert trace["premium_rate_of_value"] == "0.0300"
        assert trace["declarations"][0]["meets_all"] is True
        declaration.refresh_from_db()
        assert declaration.status == D.DECLARED
        assert qp.replay(application) == {
            "amount": "2160000.00", "stored": "2160000.00", "same": True
        }  # fmt: skip

    def test_cap_rounds_half_up_to_the_fen(self):
        cap, _steps, _version = qp.requested_cap(Decimal("0.05"), datetime.date(2026, 1, 1))
        assert cap == Decimal("0.04")  # 0.8 × 0.05 = 0.040

    def test_decide_grants_the_qualification(self, world, member, rnd):
        declaration = make_declaration(world.a.enterprise)
        application = submitted(member, rnd, declaration)
        approve_all(application, world.a)
        assert application.status == "decided"
        qualification = Qualification.objects.get(request__application=application)
        assert qualification.cap == Decimal("2160000.00")
        assert (qualification.valid_from, qualification.valid_to) == (rnd.valid_from, rnd.valid_to)
        assert qualification.number.startswith("ZG2026-")
        assert len(qualification.verify_code) == 12
        assert qualification.recommending_unit == world.a.province.name
        assert qualification.province == "河南省"
        assert list(qualification.declarations.all()) == [declaration]
        declaration.refresh_from_db()
        assert declaration.status == D.VERIFIED
        assert AuditEvent.objects.filter(action="firstset.qualification.create").exists()

    def test_return_reopens_and_reject_rejects(self, world, member, rnd):
        declaration = make_declaration(world.a.enterprise)
        application = submitted(member, rnd, declaration)
        review = application.reviews.get(status="open")
        applications.review_decide(
            actor=world.a.users[Role.ZONE_OFFICIAL], review=review, action="return",
            opinion="补充", points="补充检测报告",
        )  # fmt: skip
        declaration.refresh_from_db()
        assert declaration.status == D.DRAFT
        applications.application_submit(actor=member, application=application)
        declaration.refresh_from_db()
        assert declaration.status == D.DECLARED
        review = application.reviews.get(status="open")
        applications.review_decide(
            actor=world.a.users[Role.ZONE_OFFICIAL], review=review, action="reject", opinion="不符"
        )
        declaration.refresh_from_db()
        assert declaration.status == D.REJECTED

    def test_request_change_while_draft_only(self, world, member, rnd):
        declaration = make_declaration(world.a.enterprise)
        request = sq.request_start(actor=member, round_=rnd, data=request_data(declaration))
        sq.request_update(actor=member, request=request, data=request_data(declaration, "100"))
        request.refresh_from_db()
        assert request.expected_premium == Decimal("100")
        application = request.application
        for kind in QUALIFICATION_MATERIALS:
            applications.material_add(
                actor=member, application=application, kind=kind, upload=pdf()
            )
        applications.application_submit(actor=member, application=application)
        with pytest.raises(DomainError) as exc:
            sq.request_update(actor=member, request=request, data=request_data(declaration))
        assert exc.value.code == "not_editable"


class TestRevoke:
    def test_only_the_province_reviewer(self, world, member, rnd):
        from .factories_program import make_qualification

        qualification = make_qualification(world.a.enterprise, round=rnd)
        with pytest.raises(PermissionDeniedError):
            sq.qualification_revoke(
                actor=world.b.users[Role.PROVINCIAL_REVIEWER],
                qualification=qualification,
                reason="虚假",
            )
        with pytest.raises(DomainError):
            sq.qualification_revoke(
                actor=world.a.users[Role.PROVINCIAL_REVIEWER], qualification=qualification,
                reason=" ",
            )  # fmt: skip
        sq.qualification_revoke(
            actor=world.a.users[Role.PROVINCIAL_REVIEWER], qualification=qualification,
            reason="虚假申报",
        )  # fmt: skip
        qualification.refresh_from_db()
        assert qualification.status == "revoked"
