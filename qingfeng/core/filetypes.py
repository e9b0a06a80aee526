"""Attachments from outside the commission (public reports, village disclosures): images and
PDF, known by their content.

A file's first bytes say what it is; its name or the browser's content type is whatever
the sender chose.
"""

import io
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

NAME_MAX_LENGTH = 100  # of a file's name in a message or as stored
MAX_PIXELS = 50_000_000  # a photo of a phone has some 12 million; more is a decompression bomb
PILLOW_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str


# (prefix at offset 0, offset of a second mark, second mark, type)
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", 0, b"", FileType(".png", "image/png")),
    (b"\xff\xd8\xff", 0, b"", FileType(".jpg", "image/jpeg")),
    (b"GIF87a", 0, b"", FileType(".gif", "image/gif")),
    (b"GIF89a", 0, b"", FileType(".gif", "image/gif")),
    (b"RIFF", 8, b"WEBP", FileType(".webp", "image/webp")),
    (b"%PDF-", 0, b"", FileType(".pdf", "application/pdf")),
)


def sniff(head: bytes) -> FileType | None:
    """The accepted type the content's first bytes show, or None."""
    for prefix, offset, mark, kind in SIGNATURES:
        if head.startswith(prefix) and (not mark or head[offset:offset + len(mark)] == mark):
            return kind
    return None


def check_attachments(uploads, *, max_files: int, max_bytes: int) -> list[tuple[object, FileType]]:
    """[(upload, its type)], or ValidationError({"attachments": …}) naming the file refused."""
    uploads = list(uploads)
    if len(uploads) > max_files:
        raise ValidationError({"attachments": _("最多上传 %(count)s 个附件。") % {"count": max_files}})
    checked = []
    for upload in uploads:
        name = upload.name[:NAME_MAX_LENGTH]
        if upload.size > max_bytes:
            raise ValidationError({"attachments": _("“%(name)s”超过 %(mb)s MB。") % {
                "name": name, "mb": max_bytes // (1024 * 1024)}})
        upload.seek(0)
        kind = sniff(upload.read(16))
        upload.seek(0)
        refused = _("“%(name)s”不是图片或 PDF 文件，请上传照片（JPG、PNG）或 PDF。")
        if kind is None:
            raise ValidationError({"attachments": refused % {"name": name}})
        if kind.extension in PILLOW_FORMATS:
            upload = without_metadata(upload, kind)
            if upload is None:
                raise ValidationError({"attachments": refused % {"name": name}})
        checked.append((upload, kind))
    return checked


def without_metadata(upload, kind: FileType):
    """The image drawn again without its metadata (EXIF with the phone's GPS position, XMP,
    comments), turned upright first; None when it is no image Pillow can draw, or a bomb."""
    from PIL import Image, ImageOps

    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                return None
            frames = getattr(image, "n_frames", 1)
            clean = image if frames > 1 else ImageOps.exif_transpose(image)
            out = io.BytesIO()
            options = {"quality": 90} if kind.extension in (".jpg", ".webp") else {}
            if frames > 1:
                options["save_all"] = True
            if kind.extension == ".jpg" and clean.mode not in ("RGB", "L"):
                clean = clean.convert("RGB")
            clean.info.pop("exif", None)
            clean.save(out, PILLOW_FORMATS[kind.extension], exif=b"", **options)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    return SimpleUploadedFile(upload.name, out.getvalue(), content_type=kind.content_type)


def named_by_content(upload, kind: FileType) -> str:
    """The upload's name with the extension of what it really is (a PDF named .png is kept as .pdf)."""
    stem = PurePath(upload.name).stem[:NAME_MAX_LENGTH - len(kind.extension)] or "attachment"
    return stem + kind.extension
