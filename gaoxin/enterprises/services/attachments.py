"""Evidence uploads (certificate scans, statements): checked, stored out of the web root.

- the size is limited (`settings.EVIDENCE_MAX_BYTES`, 10 MB by default);
- the type is read from the content, never from the name: PDF, PNG or JPEG only, so a renamed
  executable is refused whatever it is called;
- a name with a path in it (``../``, ``/``, ``\\``) is refused; the file is stored under a random
  name in MEDIA_ROOT, which no URL serves, and downloaded as an attachment through a view that
  checks who may see the enterprise.
"""

from __future__ import annotations

import hashlib

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Attachment, Enterprise

ALLOWED = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_upload(upload, field: str = "attachment") -> tuple[str, str]:
    """(content type, extension) of an acceptable upload; ValidationError on `field` naming
    what to fix otherwise."""
    name = upload.name or ""
    if not name.strip() or name.strip() in (".", "..") or any(c in name for c in "/\\\x00"):
        raise ValidationError(
            {field: _("The file name must not contain a path (such as ../ or /): rename it.")}
        )
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            {
                field: _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": round(upload.size / 1048576, 1), "limit": limit // 1048576}
            }
        )
    if upload.size == 0:
        raise ValidationError({field: _("The file is empty.")})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime not in ALLOWED:
        found = _("its content is %(type)s") % {"type": mime} if mime else _("of an unknown type")
        raise ValidationError(
            {
                field: _(
                    "Only PDF, PNG or JPEG files are accepted, and this file is %(found)s "
                    "(checked from the content, not the name)."
                )
                % {"found": found}
            }
        )
    return mime, ALLOWED[mime]


def attachment_store(*, actor, enterprise: Enterprise, upload) -> Attachment:
    """Check and store an upload for `enterprise`. Call inside the transaction that uses it."""
    content_type, extension = check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        enterprise=enterprise,
        original_name=upload.name[:200],
        content_type=content_type,
        extension=extension,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    attachment.file.save("upload" + extension, upload, save=False)
    attachment.save()
    return attachment
