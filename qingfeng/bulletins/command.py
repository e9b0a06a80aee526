"""`qingfeng report bulletin --month YYYY-MM --out X.docx [--pdf X.pdf] [--user NAME]`.

The month's bulletin issued: its files exactly as stored at issue. Not issued: the
month's draft is created or refreshed from the measures (an audited change, as the
user given or as the system), and a draft rendering — no number, no audit head — is
written; leadership then edits, approves and issues it in the staff UI.
Kept here, not in reports/…/report.py, so that command only adds the subparser.
"""

import re
from pathlib import Path

from django.core.management.base import CommandError


def add_arguments(actions) -> None:
    bulletin = actions.add_parser("bulletin", help="一月一通报 (ledger.md §7)")
    bulletin.add_argument("--month", required=True, help="YYYY-MM")
    bulletin.add_argument("--out", required=True, help="the Word file (.docx)")
    bulletin.add_argument("--pdf", help="also the PDF")
    bulletin.add_argument("--user", help="draft as this user (leadership or 信访室); without it, as the system")


def handle(command, options) -> None:
    from qingfeng.accounts.models import User
    from qingfeng.bulletins import actions, content, docx, pdf
    from qingfeng.bulletins.models import Bulletin

    match = re.fullmatch(r"(\d{4})-(\d{2})", options["month"] or "")
    if not match or not 1 <= int(match[2]) <= 12:
        raise CommandError("--month: 需要 YYYY-MM，如 2018-06")
    year, month = int(match[1]), int(match[2])
    user = None
    if options.get("user"):
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"--user: 没有用户 {options['user']}")
    bulletin = Bulletin.objects.filter(year=year, month=month).first()
    if bulletin is not None and bulletin.is_issued:
        files = (bytes(bulletin.docx), bytes(bulletin.pdf))
        state = f"已印发 {bulletin.document_no}，审计链头 {bulletin.audit_head}"
    else:
        from django.core.exceptions import PermissionDenied

        try:
            bulletin = actions.do_draft_bulletin(year, month, acting_user=user)
        except (PermissionDenied, actions.BulletinError) as exc:
            raise CommandError(str(exc) or "无权起草通报") from exc
        draft = content.build(bulletin, actions.included_items(bulletin))
        files = (docx.render(draft), pdf.render(draft) if options.get("pdf") else b"")
        state = f"草稿（{bulletin.items.count()} 人），未编号"
    Path(options["out"]).write_bytes(files[0])
    if options.get("pdf"):
        Path(options["pdf"]).write_bytes(files[1])
    command.stdout.write(f"{year}-{month:02d}: {state}")
