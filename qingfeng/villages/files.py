"""Attachments of disclosures: images and PDF, recognised by their content (qingfeng.core.filetypes)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.core.filetypes import check_attachments, named_by_content
from qingfeng.engine.masking import id_number_in

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10


def checked(uploads) -> list[tuple[object, str]]:
    """[(upload, content type)] or ValidationError on the `attachments` field naming the file.

    Each upload is renamed with the extension of what it really is (a PDF named .html is kept as .pdf).
    A file's name is public too (the village page lists it): it may not hold an ID number.
    """
    checked = check_attachments(uploads, max_files=MAX_FILES, max_bytes=MAX_BYTES)
    for upload, kind in checked:
        if id_number_in(upload.name, timezone.localdate()):
            raise ValidationError({"attachments": _("文件名 %(name)s 含有身份证号码，请改名后再上传。")
                                   % {"name": upload.name}})
        upload.name = named_by_content(upload, kind)
    return [(upload, kind.content_type) for upload, kind in checked]
