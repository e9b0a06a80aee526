"""Attachments of public reports: images and PDF, recognised by their content, not their name.

A file's first bytes say what it is; a name or a browser's content type is whatever
the sender chose. The stored name gets the extension of what the content is, so a
PDF named .png is kept as .pdf and opened as one.
"""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024  # per file; a phone photo is 2–5 MB
NAME_MAX_LENGTH = 100

SIGNATURES = (  # (prefix at offset 0, extension)
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"GIF87a", ".gif"),
    (b"GIF89a", ".gif"),
    (b"%PDF-", ".pdf"),
)


def kind_of(head: bytes) -> str | None:
    """The extension the content's first bytes show, or None when it is no accepted type."""
    for prefix, extension in SIGNATURES:
        if head.startswith(prefix):
            return extension
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    return None


def check(uploads: list) -> list:
    """The uploads, each renamed to its content's extension; raises ValidationError({"attachments": …})."""
    if len(uploads) > MAX_FILES:
        raise ValidationError({"attachments": _("最多上传 %(count)s 个附件。") % {"count": MAX_FILES}})
    for upload in uploads:
        if upload.size > MAX_BYTES:
            raise ValidationError({"attachments": _("“%(name)s”超过 %(mb)s MB。") % {
                "name": upload.name[:NAME_MAX_LENGTH], "mb": MAX_BYTES // (1024 * 1024)}})
        upload.seek(0)
        extension = kind_of(upload.read(16))
        upload.seek(0)
        if extension is None:
            refused = _("“%(name)s”不是图片或 PDF 文件，请上传照片（JPG、PNG）或 PDF。")
            raise ValidationError({"attachments": refused % {"name": upload.name[:NAME_MAX_LENGTH]}})
        stem = PurePath(upload.name).stem[:NAME_MAX_LENGTH - len(extension)] or "attachment"
        upload.name = stem + extension
    return uploads
