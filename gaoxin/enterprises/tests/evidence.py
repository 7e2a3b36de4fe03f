"""Upload fixtures for the trusted-facts tests: a real PDF header, a renamed executable."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
# The first bytes of an x86-64 ELF executable.
ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200


def pdf(name: str = "证书扫描件.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def renamed_executable(name: str = "证书扫描件.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ELF_BYTES, content_type="application/pdf")
