"""Attachments of public reports: images and PDF, recognised by their content (qingfeng.core.filetypes).

The stored name gets the extension of what the content is, so a PDF named .png is kept
as .pdf and opened as one.
"""

from qingfeng.core.filetypes import check_attachments, named_by_content

MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024  # per file; a phone photo is 2–5 MB


def check(uploads: list) -> list:
    """The uploads, each renamed to its content's extension; raises ValidationError({"attachments": …})."""
    checked = check_attachments(uploads, max_files=MAX_FILES, max_bytes=MAX_BYTES)
    for upload, kind in checked:
        upload.name = named_by_content(upload, kind)
    return [upload for upload, _kind in checked]
