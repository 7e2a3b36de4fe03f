"""The tender certificate (page and PDF) and the public verification of its code."""

from __future__ import annotations

from urllib.parse import unquote

import pypdfium2 as pdfium
import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.firstset import certificates
from gaoxin.firstset.choices import InsuranceStatus
from gaoxin.firstset.workflows import QUALIFICATION

from .factories_certificates import PolicyFactory, days, qualified

pytestmark = pytest.mark.django_db

ZO, PR, EU, AU, PO = (
    Role.ZONE_OFFICIAL,
    Role.PROVINCIAL_REVIEWER,
    Role.ENTERPRISE_USER,
    Role.AUDITOR,
    Role.PARK_OPERATOR,
)


@pytest.fixture(autouse=True)
def _fresh_lookup_limit():
    """The anonymous look-up counter lives in the cache: each test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def qual(world):
    return qualified(world.a.enterprise)


def page_url(q):
    return reverse("firstset:certificate", args=[q.pk])


def pdf_url(q):
    return reverse("firstset:certificate_pdf", args=[q.pk])


def render_png(pdf: bytes):
    """Page 1 of the PDF as a PIL image, and the number of pages."""
    doc = pdfium.PdfDocument(pdf)
    image = doc[0].render(scale=1).to_pil()
    return image, len(doc)


def pdf_text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    return "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


# ── the certificate ────────────────────────────────────────────────────────────────────────


def test_the_page_shows_the_certificate_with_its_qr_code(as_user, world, qual):
    response = as_user(world.a.users[EU]).get(page_url(qual))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="certificate"' in html
    assert qual.verify_code in html and qual.number in html
    assert world.a.enterprise.name in html
    assert "HT-RB800A" in html and "改进型号" in html
    assert "在保" in html and "PICC-HN-2026-" in html
    # the QR code is inline SVG; the URL it encodes is the public verification page
    verify_path = reverse("firstset:verify_code", args=[qual.verify_code])
    assert "<svg" in html and f"http://testserver{verify_path}" in html
    # the tender treatment is the rulebook's parameter, with its document
    assert "视同满足市场占有率、使用业绩等要求" in html
    assert "关于支持首台(套)重大技术装备平等参与企业招标投标活动的指导意见" in html
    assert 'data-testid="certificate-pdf"' in html


def test_the_qr_code_encodes_the_verification_url(world, qual):
    cert = certificates.build(
        qual, verify_url=f"https://gaoxin.example/firstset/verify/{qual.verify_code}/"
    )
    assert cert.qr_data_uri.startswith("data:image/png;base64,")
    # segno has no decoder: the SVG title carries the URL the matrix encodes
    assert qual.verify_code in cert.qr_svg


def test_the_pdf_is_one_a4_page_with_the_cjk_text(as_user, world, qual):
    response = as_user(world.a.users[EU]).get(pdf_url(qual))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == f"首台套投标证明-{qual.number}.pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    image, pages = render_png(pdf)
    assert pages in (1, 2)
    width, height = image.size
    assert abs(height / width - 297 / 210) < 0.01  # A4 portrait
    # not blank: a good share of the page is ink
    grey = image.convert("L")
    dark = sum(1 for value in grey.tobytes() if value < 128)
    assert dark > width * height * 0.01
    text = pdf_text(pdf)
    assert world.a.enterprise.name in text  # the CJK font is embedded
    assert qual.verify_code in text
    assert "首台(套)重大技术装备投标证明" in text.replace(" ", "")


def test_each_pdf_download_is_audited(as_user, world, qual):
    as_user(world.a.users[ZO]).get(pdf_url(qual))
    event = AuditEvent.objects.get(action=certificates.ISSUE_ACTION)
    assert event.actor == world.a.users[ZO]
    assert event.object_id == str(qual.pk)


def test_a_revoked_qualification_has_no_certificate(as_user, world, qual):
    QUALIFICATION.apply(qual, "revoke", actor=world.a.users[PR], summary="revoked", reason="fraud")
    client = as_user(world.a.users[EU])
    response = client.get(page_url(qual))
    assert response.status_code == 200
    assert 'data-testid="certificate-unavailable"' in response.content.decode()
    assert "The qualification has been revoked." in response.content.decode()
    response = client.get(pdf_url(qual))
    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    assert "The qualification has been revoked." in response.content.decode()
    assert not AuditEvent.objects.filter(action=certificates.ISSUE_ACTION).exists()


def test_an_expired_qualification_has_no_certificate(as_user, world):
    q = qualified(world.a.enterprise, valid_from=days(-800), valid_to=days(-1))
    response = as_user(world.a.users[EU]).get(pdf_url(q))
    assert response.status_code == 409
    assert "validity window ended on" in response.content.decode()


@pytest.mark.parametrize(
    "change",
    [
        {"status": InsuranceStatus.REGISTERED},  # typed in, not verified
        {"status": InsuranceStatus.REJECTED},
        {"starts_on": days(-400), "ends_on": days(-1)},  # lapsed
        {"starts_on": days(1), "ends_on": days(300)},  # not begun
    ],
)
def test_no_verified_policy_in_force_no_certificate(as_user, world, change):
    q = qualified(world.a.enterprise, policy=False)
    PolicyFactory(qualification=q, **change)
    client = as_user(world.a.users[EU])
    html = client.get(page_url(q)).content.decode()
    assert "No insurance policy that an official has verified covers today" in html
    assert 'data-testid="certificate-pdf"' not in html
    assert client.get(pdf_url(q)).status_code == 409


def test_the_page_follows_the_language_the_certificate_stays_chinese(client, world, qual):
    client.force_login(world.a.users[EU])
    client.cookies["django_language"] = "zh-hans"
    html = client.get(page_url(qual)).content.decode()
    assert "下载 PDF" in html
    assert "首台(套)重大技术装备投标证明" in html


# ── who sees it ────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("role", [EU, ZO, PR, AU])
def test_the_right_roles_of_the_right_org_see_it(as_user, world, qual, role):
    assert as_user(world.a.users[role]).get(page_url(qual)).status_code == 200


@pytest.mark.parametrize("role", [EU, ZO, PR, AU])
def test_the_same_roles_of_the_other_side_get_404(as_user, world, qual, role):
    client = as_user(world.b.users[role])
    assert client.get(page_url(qual)).status_code == 404
    assert client.get(pdf_url(qual)).status_code == 404


@pytest.mark.parametrize("role", [PO, Role.ADVISOR, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN])
def test_other_roles_get_404(as_user, world, qual, role):
    client = as_user(world.a.users[role])
    assert client.get(page_url(qual)).status_code == 404
    assert client.get(pdf_url(qual)).status_code == 404


def test_anonymous_cannot_get_the_certificate(client, qual):
    for url in (page_url(qual), pdf_url(qual)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response["Location"] or "login" in response["Location"]


# ── public verification ────────────────────────────────────────────────────────────────────


def verify(client, code, lang="en"):
    client.cookies["django_language"] = lang
    return client.get(reverse("firstset:verify_code", args=[code]))


def test_verify_form_redirects_to_the_code(client):
    response = client.get(reverse("firstset:verify"), {"code": "  HN24C00001 "})
    assert response.status_code == 302
    assert response["Location"] == reverse("firstset:verify_code", args=["HN24C00001"])
    assert client.get(reverse("firstset:verify")).status_code == 200


def test_a_code_typed_in_lower_case_or_with_spaces_and_hyphens_is_found(client, qual):
    """A tender committee types the printed code as it can: a genuine certificate is found."""
    code = qual.verify_code.lower()
    typed = f" {code[:4]}-{code[4:8]} {code[8:]} "
    response = client.get(reverse("firstset:verify"), {"code": typed})
    assert response["Location"] == reverse("firstset:verify_code", args=[qual.verify_code])
    assert 'data-verdict="valid"' in verify(client, code).content.decode()


@pytest.mark.parametrize(
    ("lang", "label", "insured"),
    [("en", "Valid", "In force (verified policy)"), ("zh-hans", "有效", "在保（保单已核验）")],
)
def test_a_valid_code(client, qual, world, lang, label, insured):
    response = verify(client, qual.verify_code, lang)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-verdict="valid"' in html
    assert label in html and insured in html
    assert world.a.enterprise.name in html and "HT-RB800A" in html
    assert 'data-testid="verify-sample"' in html  # a sample entry is never taken for real
    # never the cap nor any amount
    assert "5,000,000" not in html and "5000000" not in html and "12,000,000" not in html


@pytest.mark.parametrize(("lang", "label"), [("en", "Revoked"), ("zh-hans", "已撤销")])
def test_a_revoked_code_gives_the_revocation_date(client, qual, world, lang, label):
    QUALIFICATION.apply(qual, "revoke", actor=world.a.users[PR], summary="revoked", reason="fraud")
    event = AuditEvent.objects.get(action="firstset.qualification.revoke")
    html = verify(client, qual.verify_code, lang).content.decode()
    assert 'data-verdict="revoked"' in html and label in html
    from django.utils import timezone

    assert timezone.localdate(event.occurred_at).isoformat() in html


@pytest.mark.parametrize(("lang", "label"), [("en", "Expired"), ("zh-hans", "已过期")])
def test_an_expired_code(client, world, lang, label):
    q = qualified(world.a.enterprise, valid_from=days(-800), valid_to=days(-3))
    html = verify(client, q.verify_code, lang).content.decode()
    assert 'data-verdict="expired"' in html and label in html
    assert days(-3).isoformat() in html


@pytest.mark.parametrize(("lang", "text"), [("en", "Unknown code"), ("zh-hans", "核验码不存在")])
def test_an_unknown_code_is_404(client, db, lang, text):
    response = verify(client, "NOPE12345", lang)
    assert response.status_code == 404
    assert text in response.content.decode()


def test_anonymous_lookups_are_rate_limited(client, world, qual):
    from django.core.cache import cache

    cache.clear()
    for _ in range(certificates.LOOKUPS_PER_WINDOW):
        assert verify(client, "NOPE12345").status_code == 404
    response = verify(client, qual.verify_code)
    assert response.status_code == 429
    assert "Too many look-ups" in response.content.decode()
    # a logged-in user is not counted
    client.force_login(world.a.users[ZO])
    assert verify(client, qual.verify_code).status_code == 200
    cache.clear()


def test_the_menu_offers_verification_to_anonymous_visitors(client):
    html = client.get(reverse("firstset:verify")).content.decode()
    assert reverse("firstset:verify") in html
