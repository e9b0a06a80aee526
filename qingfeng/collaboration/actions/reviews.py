"""Quarterly reviews (一季一次讲评): per-township figures from the ledger and the reviewer's comments."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.trail import record, snapshot
from qingfeng.collaboration import access as collab_access
from qingfeng.collaboration import periods, scores
from qingfeng.collaboration.actions._common import ensure_area, locked, today_or
from qingfeng.collaboration.models import Review, ReviewRow
from qingfeng.core import checks
from qingfeng.core.versioning import save_changes
from qingfeng.places.models import Jurisdiction

REVIEW_FIELDS = ("area_id", "year", "quarter", "date_from", "date_to", "status", "overall_comment", "issued_on")


def _refresh_figures(review: Review, acting_user) -> dict[int, dict]:
    """The rows' figures from the ledger now (each township's §2 indicators of the window)."""
    rows = list(review.rows.select_related("township"))
    figures = scores.township_figures(acting_user, [r.township for r in rows], review.date_from, review.date_to)
    for row in rows:
        for key, value in figures[row.township_id].items():
            setattr(row, key, value)
    ReviewRow.objects.bulk_update(rows, list(scores.FIGURES))
    return {row.township.code: figures[row.township_id] for row in rows}


def do_start_review(area: Jurisdiction, *, acting_user, year: int, quarter: int, today: date | None = None) -> Review:
    """A draft review of the quarter, one row per township of the area with its figures."""
    collab_access.require_area_runner(acting_user, area)
    ensure_area(area)
    today = today_or(today)
    if quarter not in (1, 2, 3, 4) or not 2000 <= year <= today.year:
        raise ValidationError({"quarter": _("请选择年度和季度。")})
    date_from, date_to = periods.review_window(year, quarter, today)
    if date_from > today:
        raise ValidationError({"quarter": _("该季度尚未开始。")})
    townships = scores.area_townships(area)
    with transaction.atomic():
        try:
            with transaction.atomic():
                review = Review.objects.create(area=area, year=year, quarter=quarter, date_from=date_from,
                                               date_to=date_to, reviewer=acting_user, computed_at=timezone.now())
        except IntegrityError:
            raise ValidationError({"quarter": _("本片区该季度已有讲评。")}) from None
        ReviewRow.objects.bulk_create(ReviewRow(review=review, township=t) for t in townships)
        figures = _refresh_figures(review, acting_user)
        record(acting_user, "collaboration.review_start", review,
               after=snapshot(review, REVIEW_FIELDS) | {"figures": figures})
    return review


def _runs_its_area(user, review: Review) -> bool:
    return collab_access.can_run_area(user, review.area)


def _draft_for_update(review_id: int, acting_user, expected_version: int) -> Review:
    review = locked(collab_access.access_review_by_id, _runs_its_area, review_id, acting_user, expected_version)
    if review.issued:
        raise ValidationError({"__all__": _("讲评已印发，不能再修改。")})
    return review


def _save_comments(review: Review, comments: dict[int, str]) -> dict[str, str]:
    rows = list(review.rows.select_related("township"))
    for row in rows:
        if row.township_id in comments:
            row.comment = checks.text(f"comment_{row.township.code}", comments[row.township_id], 2000,
                                      required=False, multiline=True)
    ReviewRow.objects.bulk_update(rows, ["comment"])
    return {row.township.code: row.comment for row in rows}


def _save_review(review, acting_user, overall_comment, comments, action, extra, today: date) -> Review:
    # A draft's window grows with its quarter: its figures are those of the ledger today.
    date_to = max(periods.review_window(review.year, review.quarter, today)[1], review.date_to)
    changes = {"overall_comment": overall_comment, "date_to": date_to, "computed_at": timezone.now(), **extra}
    before = snapshot(review, ("overall_comment", "date_to", "status"))
    save_changes(review, changes)
    saved = _save_comments(review, comments)
    figures = _refresh_figures(review, acting_user)
    record(acting_user, action, review, before=before,
           after=snapshot(review, REVIEW_FIELDS) | {"comments": saved, "figures": figures})
    return review


def do_save_review(review_id: int, *, acting_user, expected_version: int, overall_comment: str,
                   comments: dict[int, str], today: date | None = None) -> Review:
    """Save the reviewer's comments of a draft; its figures are read from the ledger again."""
    overall_comment = checks.text("overall_comment", overall_comment, 4000, required=False, multiline=True)
    with transaction.atomic():
        review = _draft_for_update(review_id, acting_user, expected_version)
        return _save_review(review, acting_user, overall_comment, comments, "collaboration.review_save", {},
                            today_or(today))


def do_issue_review(review_id: int, *, acting_user, expected_version: int, overall_comment: str,
                    comments: dict[int, str], today: date | None = None) -> Review:
    """Issue the review: its comments and figures (read once more) are frozen from now on."""
    overall_comment = checks.text("overall_comment", overall_comment, 4000, multiline=True)
    with transaction.atomic():
        review = _draft_for_update(review_id, acting_user, expected_version)
        return _save_review(review, acting_user, overall_comment, comments, "collaboration.review_issue",
                            {"status": Review.Status.ISSUED, "issued_on": today_or(today)}, today_or(today))
