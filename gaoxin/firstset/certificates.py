"""The tender certificate (首台(套)重大技术装备投标证明) and the public verification of its code.

A qualified enterprise shows the certificate to a tender committee: it states the qualified item
and models, the validity window, the insurance in force and what the qualification means in a
tender (the rulebook parameter ``tender_treatment``), with a QR code of the public verification
page. The certificate is available only while the qualification is in force (not revoked, not
expired) and at least one VERIFIED insurance policy covers today: a policy the enterprise only
typed in is declared, not a fact a tender may rely on.

The verification page answers anyone who holds a code: valid, revoked (with the date of the
revocation's audit event), expired or unknown — never the cap or any amount. Anonymous lookups
are rate-limited per client address (the cache), so codes cannot be enumerated.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoxin.accounts.choices import Role
from gaoxin.accounts.scoping import staff_scope
from gaoxin.applications.rules import enterprise_of, zone_of
from gaoxin.audit.models import AuditEvent
from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError
from rulebook.firstset import NATIONAL
from rulebook.firstset.calc import parameter_sets

from .choices import InsuranceStatus, QualificationStatus
from .models import InsurancePolicy, Qualification
from .workflows import QUALIFICATION

ISSUE_ACTION = "firstset.certificate.issue"
TENDER_PARAMETER = "tender_treatment"
CSS_PATH = "css/certificate.css"
# Anonymous look-ups of verification codes, per client address and window.
LOOKUPS_PER_WINDOW = 30
LOOKUP_WINDOW_SECONDS = 600


class Verdict:
    VALID = "valid"
    REVOKED = "revoked"
    EXPIRED = "expired"
    NOT_YET = "not_yet"
    UNKNOWN = "unknown"


VERDICT_LABELS = {
    Verdict.VALID: gettext_lazy("Valid"),
    Verdict.REVOKED: gettext_lazy("Revoked"),
    Verdict.EXPIRED: gettext_lazy("Expired"),
    Verdict.NOT_YET: gettext_lazy("Not yet in force"),
}


# ── who sees a qualification's certificate ─────────────────────────────────────────────────


def visible_qualifications(user) -> QuerySet[Qualification]:
    """The qualifications whose certificate ``user`` may open: an enterprise user its own
    enterprise's; a zone official and an auditor their zone's enterprises'; a provincial
    reviewer the province's (by region prefix); nobody else."""
    qs = Qualification.objects.select_related("enterprise", "round", "entry__edition")
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.role == Role.ENTERPRISE_USER:
        enterprise = enterprise_of(user)
        return qs.filter(enterprise=enterprise) if enterprise else qs.none()
    if user.role == Role.AUDITOR:
        zone = zone_of(user)
        return qs.filter(enterprise__zone=zone) if zone else qs.none()
    if user.role in (Role.ZONE_OFFICIAL, Role.PROVINCIAL_REVIEWER):
        return staff_scope(
            qs, user, zone="enterprise__zone", region="enterprise__zone__region_code"
        )
    return qs.none()


# ── availability ───────────────────────────────────────────────────────────────────────────


def policies_in_force(qualification: Qualification, today: datetime.date) -> list[InsurancePolicy]:
    """The verified policies on the qualification whose period covers ``today``."""
    return list(
        qualification.policies.filter(
            status=InsuranceStatus.VERIFIED, starts_on__lte=today, ends_on__gte=today
        )
        .select_related("declaration")
        .order_by("starts_on", "id")
    )


def qualification_verdict(qualification: Qualification, today: datetime.date) -> str:
    if qualification.status == QualificationStatus.REVOKED:
        return Verdict.REVOKED
    if qualification.valid_to < today:
        return Verdict.EXPIRED
    if qualification.valid_from > today:
        return Verdict.NOT_YET
    return Verdict.VALID


def missing_for_certificate(
    qualification: Qualification, today: datetime.date, policies: list[InsurancePolicy]
) -> list[str]:
    """What keeps the certificate from being issued today (empty: it can be issued)."""
    verdict = qualification_verdict(qualification, today)
    reasons = []
    if verdict == Verdict.REVOKED:
        reasons.append(_("The qualification has been revoked."))
    elif verdict == Verdict.EXPIRED:
        reasons.append(
            _("The qualification's validity window ended on %(date)s.")
            % {"date": qualification.valid_to.isoformat()}
        )
    elif verdict == Verdict.NOT_YET:
        reasons.append(
            _("The qualification's validity window starts on %(date)s.")
            % {"date": qualification.valid_from.isoformat()}
        )
    if not policies:
        reasons.append(
            _(
                "No insurance policy that an official has verified covers today: register the "
                "policy with its proof of payment and have it verified."
            )
        )
    return reasons


# ── the certificate's content ──────────────────────────────────────────────────────────────


@dataclass
class Certificate:
    qualification: Qualification
    today: datetime.date
    verify_url: str
    policies: list[InsurancePolicy]
    missing: list[str]
    models: list[dict[str, Any]] = field(default_factory=list)
    tender: dict[str, Any] = field(default_factory=dict)

    @property
    def available(self) -> bool:
        return not self.missing

    @property
    def qr_svg(self) -> str:
        """The QR code as inline SVG (the HTML page)."""
        return _qr(self.verify_url).svg_inline(scale=4, border=2, title=self.verify_url)

    @property
    def qr_data_uri(self) -> str:
        """The QR code as a PNG data URI (WeasyPrint renders it crisply at this scale)."""
        return _qr(self.verify_url).png_data_uri(scale=8, border=2)

    @property
    def is_sample(self) -> bool:
        entry = self.qualification.entry
        return bool(self.qualification.is_sample or (entry is not None and entry.is_sample))


def _qr(url: str):
    return segno.make(url, error="m", micro=False)


def qualified_models(qualification: Qualification) -> list[dict[str, Any]]:
    """The qualified models; an improved model (改进型号) names the model it improves."""
    rows = []
    # the qualified models first, then the improved ones (NULLs first on every database)
    for declaration in qualification.declarations.select_related("improved_from").order_by(
        F("improved_from_id").asc(nulls_first=True), "model_name"
    ):
        improved = declaration.improved_from
        rows.append(
            {
                "model_name": declaration.model_name,
                "product_name": declaration.product_name,
                "improved": improved is not None,
                "improved_from": improved.model_name if improved else "",
            }
        )
    return rows


def tender_treatment(today: datetime.date) -> dict[str, Any]:
    """The rulebook's ``tender_treatment`` in force today, with its reference."""
    value = parameter_sets()[NATIONAL][TENDER_PARAMETER].at(today)
    document = value.reference.document.split(";")[0].strip().strip("《》")
    issued = ""
    dated = re.match(r"^(.*?)\((\d{4})-(\d{2})\)$", document)
    if dated:
        document, issued = dated[1], f"{dated[2]}年{int(dated[3])}月"
    text = str(value.description_zh or value.value).replace(", ", "，").replace("; ", "；")
    return {
        "text": text.rstrip("。"),
        "value": value.value,
        "document": document,
        "issued": issued,
        "url": value.reference.url or "",
        "effective": value.effective,
        "confidence": value.confidence,
    }


def build(qualification: Qualification, *, verify_url: str, today=None) -> Certificate:
    today = today or timezone.localdate()
    policies = policies_in_force(qualification, today)
    return Certificate(
        qualification=qualification,
        today=today,
        verify_url=verify_url,
        policies=policies,
        missing=missing_for_certificate(qualification, today, policies),
        models=qualified_models(qualification),
        tender=tender_treatment(today),
    )


# ── the PDF ────────────────────────────────────────────────────────────────────────────────


def render_pdf(certificate: Certificate) -> bytes:
    """The certificate as an A4 PDF (WeasyPrint; the CJK font is named in certificate.css)."""
    from weasyprint import CSS, HTML  # heavy: imported when a PDF is made

    qr_img = format_html('<img src="{}" alt="QR">', certificate.qr_data_uri)
    with translation.override("zh-hans"):
        html = render_to_string(
            "firstset/certificates/certificate_pdf.html",
            {"certificate": certificate, "qr_img": qr_img},
        )
    css_file = finders.find(CSS_PATH) or str(Path(settings.BASE_DIR) / "static" / CSS_PATH)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[CSS(filename=css_file)]
    )


def pdf_filename(qualification: Qualification) -> str:
    return f"首台套投标证明-{qualification.number}.pdf"


@transaction.atomic
def record_issue(*, actor, qualification: Qualification) -> None:
    """Audit one download of the certificate's PDF: who took which certificate."""
    record(
        action=ISSUE_ACTION,
        actor=actor,
        obj=qualification,
        summary=_("Tender certificate %(number)s downloaded") % {"number": qualification.number},
        data={"number": qualification.number, "enterprise": qualification.enterprise_id},
    )


# ── public verification ────────────────────────────────────────────────────────────────────


def clean_code(code: str) -> str:
    """The code as printed, however it was typed: spaces and hyphens dropped, upper case
    (codes are made of upper-case letters and digits)."""
    return re.sub(r"[\s\-]+", "", code or "").upper()


def find_by_code(code: str) -> Qualification | None:
    code = clean_code(code)
    if not code:
        return None
    return (
        Qualification.objects.select_related("enterprise", "entry__edition", "entry__field")
        .filter(verify_code=code)
        .first()
    )


def revoked_at(qualification: Qualification) -> datetime.datetime:
    """When the qualification was revoked: the revoke transition's audit event (else the row's
    last change)."""
    event = (
        AuditEvent.objects.filter(
            action=f"{QUALIFICATION.key}.revoke",
            object_type=Qualification._meta.label_lower,
            object_id=str(qualification.pk),
        )
        .order_by("-occurred_at")
        .first()
    )
    return event.occurred_at if event else qualification.updated_at


def verification(qualification: Qualification, today=None) -> dict[str, Any]:
    """What the public verification page states about a qualification (no cap, no amounts)."""
    today = today or timezone.localdate()
    verdict = qualification_verdict(qualification, today)
    entry = qualification.entry
    return {
        "verdict": verdict,
        "verdict_label": VERDICT_LABELS[verdict],
        "number": qualification.number,
        "enterprise": qualification.enterprise.name,
        "item": qualification.equipment_name,
        "edition": entry.edition.name if entry else "",
        "entry_number": entry.number if entry else "",
        "models": qualified_models(qualification),
        "valid_from": qualification.valid_from,
        "valid_to": qualification.valid_to,
        "insured": bool(policies_in_force(qualification, today)),
        "sample": bool(qualification.is_sample or (entry is not None and entry.is_sample)),
        "revoked_on": (
            timezone.localdate(revoked_at(qualification)) if verdict == Verdict.REVOKED else None
        ),
    }


class TooManyLookups(DomainError):
    status = 429


def throttle_lookup(user, ip: str | None) -> None:
    """Count an anonymous look-up from ``ip``; over the limit → TooManyLookups (429)."""
    if user is not None and user.is_authenticated:
        return
    key = f"firstset:verify:{ip or 'unknown'}"
    cache.add(key, 0, LOOKUP_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, LOOKUP_WINDOW_SECONDS)
        count = 1
    if count > LOOKUPS_PER_WINDOW:
        raise TooManyLookups(
            _("Too many look-ups from your address: wait ten minutes and try again."),
            code="too_many_lookups",
            field="code",
        )
