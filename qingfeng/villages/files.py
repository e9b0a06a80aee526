"""Attachments of disclosures: images and PDF, recognised by their content (qingfeng.core.filetypes)."""

from qingfeng.core.filetypes import check_attachments, named_by_content

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10


def checked(uploads) -> list[tuple[object, str]]:
    """[(upload, content type)] or ValidationError on the `attachments` field naming the file.

    Each upload is renamed with the extension of what it really is (a PDF named .html is kept as .pdf).
    """
    checked = check_attachments(uploads, max_files=MAX_FILES, max_bytes=MAX_BYTES)
    for upload, kind in checked:
        upload.name = named_by_content(upload, kind)
    return [(upload, kind.content_type) for upload, kind in checked]
