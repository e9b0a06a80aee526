"""Attachments of disclosures: images and PDF, recognised by their content (qingfeng.core.filetypes)."""

from qingfeng.core.filetypes import check_attachments

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10


def checked(uploads) -> list[tuple[object, str]]:
    """[(upload, content type)] or ValidationError on the `attachments` field naming the file."""
    return [(upload, kind.content_type)
            for upload, kind in check_attachments(uploads, max_files=MAX_FILES, max_bytes=MAX_BYTES)]
