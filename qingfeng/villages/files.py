"""Attachments of disclosures: images and PDF, recognised by their first bytes (never by name)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
SIGNATURES = (  # (prefix, offset of a second mark, second mark, content type)
    (b"\x89PNG\r\n\x1a\n", 0, b"", "image/png"),
    (b"\xff\xd8\xff", 0, b"", "image/jpeg"),
    (b"GIF87a", 0, b"", "image/gif"),
    (b"GIF89a", 0, b"", "image/gif"),
    (b"RIFF", 8, b"WEBP", "image/webp"),
    (b"%PDF-", 0, b"", "application/pdf"),
)


def content_type_of(head: bytes) -> str | None:
    for prefix, offset, mark, content_type in SIGNATURES:
        if head.startswith(prefix) and (not mark or head[offset:offset + len(mark)] == mark):
            return content_type
    return None


def checked(uploads) -> list[tuple[object, str]]:
    """[(upload, content type)] or ValidationError on the `attachments` field naming the file."""
    uploads = list(uploads)
    if len(uploads) > MAX_FILES:
        raise ValidationError({"attachments": _("最多上传 %(n)s 个附件。") % {"n": MAX_FILES}})
    result = []
    for upload in uploads:
        if upload.size > MAX_BYTES:
            raise ValidationError({"attachments": _("附件“%(name)s”超过 10 MB。") % {"name": upload.name}})
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        content_type = content_type_of(head)
        if content_type is None:
            raise ValidationError({"attachments": _("附件“%(name)s”不是图片或 PDF 文件。") % {"name": upload.name}})
        result.append((upload, content_type))
    return result
