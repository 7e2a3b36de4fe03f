"""The declarations, request, qualifications and results pages: who sees what (the wrong
organisation gets 404), the forms through the services, the public results in zh and en."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gaoxin.accounts.choices import Role
from gaoxin.firstset.models import Declaration, QualificationRequest

from .factories_program import (
    current_entry,
    make_declaration,
    make_qualification,
    make_round,
    pdf,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rnd(world):
    return make_round(world.a.zone, province=world.a.province)


def user(world, side, role):
    return getattr(world, side).users[role]


class TestDeclarationPages:
    @pytest.mark.parametrize(
        ("side", "role", "status"),
        [
            ("a", Role.ENTERPRISE_USER, 200),
            ("a", Role.ZONE_OFFICIAL, 200),
            ("a", Role.PROVINCIAL_REVIEWER, 200),
            ("b", Role.ENTERPRISE_USER, 404),
            ("b", Role.ZONE_OFFICIAL, 404),
            ("b", Role.PROVINCIAL_REVIEWER, 404),
            ("a", Role.PARK_OPERATOR, 403),
        ],
    )
    def test_detail_scoping(self, world, as_user, side, role, status):
        declaration = make_declaration(world.a.enterprise)
        url = reverse("firstset:declaration_detail", args=[declaration.pk])
        assert as_user(user(world, side, role)).get(url).status_code == status

    def test_writes_from_the_wrong_organisation_or_role(self, world, as_user):
        declaration = make_declaration(world.a.enterprise)
        evidence = declaration.evidence.get()
        urls = [
            reverse("firstset:declaration_update", args=[declaration.pk]),
            reverse("firstset:declaration_delete", args=[declaration.pk]),
            reverse("firstset:declaration_evidence_remove", args=[declaration.pk, evidence.pk]),
        ]
        other = as_user(user(world, "b", Role.ENTERPRISE_USER))
        assert [other.get(url).status_code for url in urls] == [404, 404, 404]
        official = as_user(user(world, "a", Role.ZONE_OFFICIAL))
        assert [official.get(url).status_code for url in urls] == [403, 403, 403]
        mine = as_user(user(world, "a", Role.ENTERPRISE_USER))
        assert mine.get(urls[0]).status_code == 200
        assert mine.post(urls[2]).status_code == 302
        assert not declaration.evidence.exists()

    def test_list_shows_only_own(self, world, as_user):
        mine = make_declaration(world.a.enterprise, model_name="MINE-1")
        make_declaration(world.b.enterprise, model_name="THEIRS-1")
        response = as_user(user(world, "a", Role.ENTERPRISE_USER)).get(
            reverse("firstset:declaration_list")
        )
        assert mine.model_name in response.text and "THEIRS-1" not in response.text

    def test_empty_list(self, world, as_user):
        response = as_user(user(world, "a", Role.ENTERPRISE_USER)).get(
            reverse("firstset:declaration_list")
        )
        assert 'data-testid="no-declarations"' in response.text

    def test_create_with_indicators(self, world, as_user):
        entry = current_entry()
        client = as_user(user(world, "a", Role.ENTERPRISE_USER))
        url = reverse("firstset:declaration_create") + f"?entry={entry.pk}"
        page = client.get(url)
        assert "≥ 500 kg" in page.text
        data = {"model_name": "HR-9", "unit_value": "1000000"}
        for indicator, value in zip(entry.indicators.all(), ["600", "0.2", "60000"], strict=True):
            data[f"indicator_{indicator.pk}"] = value
        response = client.post(url, data)
        declaration = Declaration.objects.get(model_name="HR-9")
        assert response.status_code == 302
        assert declaration.meets_all is False
        detail = client.get(reverse("firstset:declaration_detail", args=[declaration.pk]))
        assert 'data-testid="falls-short"' in detail.text
        assert 'data-testid="check-margin">-0.1 mm<' in detail.text  # with the indicator's unit

    def test_live_check(self, world, as_user):
        entry = current_entry()
        first = entry.indicators.first()
        response = as_user(user(world, "a", Role.ENTERPRISE_USER)).post(
            reverse("firstset:declaration_check", args=[entry.pk]),
            {f"indicator_{first.pk}": "400"},
            HTTP_HX_REQUEST="true",
        )
        assert 'data-testid="live-check"' in response.text
        assert "-100" in response.text

    def test_evidence_upload_and_delete_confirmation(self, world, as_user):
        declaration = make_declaration(world.a.enterprise, evidence=False)
        client = as_user(user(world, "a", Role.ENTERPRISE_USER))
        client.post(
            reverse("firstset:declaration_evidence_add", args=[declaration.pk]),
            {"kind": "检测报告", "file": pdf()},
        )
        assert declaration.evidence.count() == 1
        url = reverse("firstset:declaration_delete", args=[declaration.pk])
        assert 'data-testid="confirm-delete"' in client.get(url).text
        assert client.post(url).status_code == 302
        assert not Declaration.objects.filter(pk=declaration.pk).exists()

    def test_improved_model_covered(self, world, as_user, rnd):
        verified = make_declaration(world.a.enterprise, status="verified")
        qualification = make_qualification(world.a.enterprise, round=rnd, declarations=[verified])
        improved = make_declaration(world.a.enterprise, improved_from=verified)
        response = as_user(user(world, "a", Role.ZONE_OFFICIAL)).get(
            reverse("firstset:declaration_detail", args=[improved.pk])
        )
        assert f"Improved model, covered by {qualification.number}" in response.text


class TestRequestPages:
    def test_start_redirects_to_the_application_with_the_panel(self, world, as_user, rnd):
        declaration = make_declaration(world.a.enterprise)
        client = as_user(user(world, "a", Role.ENTERPRISE_USER))
        assert rnd.name in client.get(reverse("firstset:qualification_apply")).text
        response = client.post(
            reverse("firstset:qualification_request_start"),
            {
                "round": rnd.pk,
                "declarations": [declaration.pk],
                "quantity": "1",
                "declared_value": "90000000",
                "expected_premium": "2700000",
            },
        )
        request = QualificationRequest.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("applications:edit", args=[request.application.pk])
        page = client.get(response.url)
        assert 'data-testid="qualification-panel"' in page.text
        assert 'data-testid="edit-request"' in page.text
        edit = client.get(reverse("firstset:qualification_request_edit", args=[request.pk]))
        assert edit.status_code == 200
        other = as_user(user(world, "b", Role.ENTERPRISE_USER))
        url = reverse("firstset:qualification_request_edit", args=[request.pk])
        assert other.get(url).status_code == 404

    def test_failing_declaration_is_refused_on_the_form(self, world, as_user, rnd):
        declaration = make_declaration(world.a.enterprise, evidence=False)
        response = as_user(user(world, "a", Role.ENTERPRISE_USER)).post(
            reverse("firstset:qualification_request_start"),
            {
                "round": rnd.pk,
                "declarations": [declaration.pk],
                "quantity": "1",
                "declared_value": "100",
                "expected_premium": "3",
            },
        )
        assert response.status_code == 200
        assert "has no evidence" in response.text
        assert not QualificationRequest.objects.exists()


class TestQualificationPages:
    @pytest.mark.parametrize(
        ("side", "role", "status"),
        [
            ("a", Role.ENTERPRISE_USER, 200),
            ("a", Role.ZONE_OFFICIAL, 200),
            ("a", Role.PROVINCIAL_REVIEWER, 200),
            ("a", Role.AUDITOR, 200),
            ("b", Role.ENTERPRISE_USER, 404),
            ("b", Role.ZONE_OFFICIAL, 404),
            ("b", Role.PROVINCIAL_REVIEWER, 404),
            ("b", Role.AUDITOR, 404),
        ],
    )
    def test_detail_scoping(self, world, as_user, rnd, side, role, status):
        qualification = make_qualification(world.a.enterprise, round=rnd)
        url = reverse("firstset:qualification_detail", args=[qualification.pk])
        assert as_user(user(world, side, role)).get(url).status_code == status

    def test_list_and_export(self, world, as_user, rnd):
        qualification = make_qualification(world.a.enterprise, round=rnd)
        make_qualification(world.b.enterprise, round=rnd)
        client = as_user(user(world, "a", Role.ZONE_OFFICIAL))
        page = client.get(reverse("firstset:qualification_list"))
        assert page.text.count('data-testid="qualification-row"') == 1
        assert qualification.number in page.text
        response = client.get(reverse("firstset:qualification_export"))
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert len(rows) == 2 and rows[1][0] == qualification.number
        assert Decimal(str(rows[1][6])) == Decimal("2160000")

    def test_at_risk_when_little_window_and_cap_left(self, world, as_user, rnd):
        today = datetime.date.today()
        make_qualification(
            world.a.enterprise, round=rnd, valid_from=today - datetime.timedelta(days=900),
            valid_to=today + datetime.timedelta(days=25),
        )  # fmt: skip
        page = as_user(user(world, "a", Role.ZONE_OFFICIAL)).get(
            reverse("firstset:qualification_list")
        )
        assert 'data-testid="at-risk"' in page.text

    def test_filters(self, world, as_user, rnd):
        make_qualification(world.a.enterprise, round=rnd)
        client = as_user(user(world, "a", Role.ZONE_OFFICIAL))
        page = client.get(reverse("firstset:qualification_list"), {"status": "revoked"})
        assert 'data-testid="no-qualifications"' in page.text

    def test_revoke_by_the_province_reviewer_only(self, world, as_user, rnd):
        qualification = make_qualification(world.a.enterprise, round=rnd)
        url = reverse("firstset:qualification_revoke", args=[qualification.pk])
        assert as_user(user(world, "a", Role.ZONE_OFFICIAL)).get(url).status_code == 403
        assert as_user(user(world, "b", Role.PROVINCIAL_REVIEWER)).get(url).status_code == 404
        client = as_user(user(world, "a", Role.PROVINCIAL_REVIEWER))
        assert 'data-testid="confirm-revoke"' in client.get(url).text
        assert client.post(url, {"reason": "虚假申报"}).status_code == 302
        qualification.refresh_from_db()
        assert qualification.status == "revoked"


class TestResults:
    def _published(self, world, rnd):
        rnd.results_published_on = rnd.valid_from
        rnd.results_note = "河南省共6家企业通过资格审定"
        rnd.save()
        return make_qualification(world.a.enterprise, round=rnd)

    @pytest.mark.parametrize(
        ("language", "title"), [("zh-hans", "资格审定结果"), ("en", "Qualification results")]
    )
    def test_public_in_both_languages(self, world, client, rnd, language, title):
        qualification = self._published(world, rnd)
        client.cookies["django_language"] = language
        response = client.get(reverse("firstset:results"))
        assert response.status_code == 200
        assert title in response.text
        assert world.a.enterprise.name in response.text
        assert "河南省共6家企业通过资格审定" in response.text
        assert "2,160,000" not in response.text and "2160000" not in response.text
        year = client.get(reverse("firstset:results_year", args=[rnd.year]))
        assert qualification.equipment_name in year.text
        assert client.get(reverse("firstset:results_year", args=[1999])).status_code == 404

    def test_empty(self, client, db):
        assert 'data-testid="no-results"' in client.get(reverse("firstset:results")).text
