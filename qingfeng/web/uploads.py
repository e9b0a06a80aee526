"""A table uploaded on a staff page and imported while its uploader waits (ledger, places)."""

from django.utils.translation import gettext as _

from qingfeng.core import isolation


def import_upload(request, do_import, *, acting_user, file_error: type[Exception], max_mb: int,
                  missing: str) -> tuple[object | None, list[str]]:
    """(report, errors) of `do_import` on the request's `file`; `missing` says what to choose."""
    upload = request.FILES.get("file")
    if upload is None:
        return None, [missing]
    if upload.size > max_mb * 1024 * 1024:
        return None, [_("文件过大（最大 %(mb)s MB）。") % {"mb": max_mb}]
    try:
        # Read in a child process: no file can take the web server down with it.
        return do_import(upload, acting_user=acting_user, name=upload.name, limits=isolation.upload_limits()), []
    except file_error as e:
        return None, [str(e)]
