"""The tender certificate (HTML and PDF) and the public verification of its code.

The certificate is for the enterprise's own users and for the officials, reviewers and auditors
who see the qualification (``certificates.visible_qualifications``); anyone else gets 404, and a
visitor who is not logged in is asked to log in. The verification pages are public.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gaoxin.core.middleware import client_ip

from .. import certificates
from ..certificates import TooManyLookups


def _certificate(request, pk: int) -> certificates.Certificate:
    qualification = get_object_or_404(certificates.visible_qualifications(request.user), pk=pk)
    verify_url = request.build_absolute_uri(
        reverse("firstset:verify_code", args=[qualification.verify_code])
    )
    return certificates.build(qualification, verify_url=verify_url)


@login_required
def certificate(request, pk: int):
    """The printable certificate, or what is missing for it."""
    cert = _certificate(request, pk)
    return render(request, "firstset/certificates/certificate.html", {"certificate": cert})


@login_required
def certificate_pdf(request, pk: int):
    """The certificate as an A4 PDF attachment (audited); 409 with the reasons when it cannot
    be issued today."""
    cert = _certificate(request, pk)
    if not cert.available:
        return render(
            request,
            "firstset/certificates/certificate.html",
            {"certificate": cert},
            status=409,
        )
    pdf = certificates.render_pdf(cert)
    certificates.record_issue(actor=request.user, qualification=cert.qualification)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = certificates.pdf_filename(cert.qualification)
    ascii_name = f"firstset-certificate-{cert.qualification.pk}.pdf"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def verify(request):
    """The public form: type the code printed under the QR code (GET ?code=)."""
    code = certificates.clean_code(request.GET.get("code", ""))
    if code:
        return redirect("firstset:verify_code", code=code)
    error = _("Type the verification code.") if "code" in request.GET else ""
    return render(request, "firstset/certificates/verify.html", {"error": error, "code": ""})


def verify_code(request, code: str):
    """What the code certifies: valid, revoked, expired, or unknown (404)."""
    try:
        certificates.throttle_lookup(request.user, client_ip(request))
    except TooManyLookups as exc:
        return render(
            request,
            "firstset/certificates/verify.html",
            {"error": exc.message, "code": code},
            status=429,
        )
    qualification = certificates.find_by_code(code)
    if qualification is None:
        return render(
            request,
            "firstset/certificates/verify.html",
            {"unknown": True, "code": code[:40]},
            status=404,
        )
    return render(
        request,
        "firstset/certificates/verify.html",
        {"result": certificates.verification(qualification), "code": qualification.verify_code},
    )
