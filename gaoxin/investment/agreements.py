"""The agreement file of a signing: PDF, image (PNG, JPEG) or office document (Word, Excel,
PowerPoint). PDF and images are checked by the registry's evidence check
(``enterprises.services.attachments.check_upload``: name without a path, size limit, type read
from the content); office documents, which that check does not take, get the same name and
size rules here, their type read from the content too."""

from __future__ import annotations

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gaoxin.enterprises.services.attachments import check_upload, max_bytes

OFFICE = {
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
}


def _office_type(upload) -> str:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind and kind.mime in OFFICE else ""


def check_agreement(upload, field: str = "agreement") -> str:
    """The extension the agreement is stored with; ValidationError on ``field`` otherwise."""
    mime = _office_type(upload) if upload.size else ""
    if not mime:
        try:
            return check_upload(upload, field)[1]
        except ValidationError as exc:
            messages = exc.message_dict.get(field, [])
            if any("PDF" in str(m) for m in messages):
                raise ValidationError(
                    {
                        field: _(
                            "The agreement must be a PDF, an image (PNG, JPEG) or an office "
                            "document (Word, Excel, PowerPoint); its type is read from the "
                            "content, not the name."
                        )
                    }
                ) from exc
            raise
    name = upload.name or ""
    if not name.strip() or name.strip() in (".", "..") or any(c in name for c in "/\\\x00"):
        raise ValidationError(
            {field: _("The file name must not contain a path (such as ../ or /): rename it.")}
        )
    if upload.size > max_bytes():
        raise ValidationError(
            {
                field: _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": round(upload.size / 1048576, 1), "limit": max_bytes() // 1048576}
            }
        )
    return OFFICE[mime]
