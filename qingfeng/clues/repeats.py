"""Suggesting likely repeats (重复件) of a newly registered clue.

Three signals, each enough on its own: the same person reported in the same
place, the same named reporter, or a summary that reads much the same (Jaccard
similarity of character bigrams, which suits Chinese text without segmentation).
Only earlier clues the user may see are considered.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from qingfeng.clues.access import can_see_reporter, visible_clues
from qingfeng.clues.models import Clue

TEXT_SIMILARITY = 0.5
CANDIDATE_LIMIT = 300


@dataclass
class Suggestion:
    clue: Clue
    reasons: list[str]
    score: float


def bigrams(text: str) -> set[str]:
    text = "".join(ch for ch in text if not ch.isspace() and ch not in "，。、；：！？,.;:!?（）()")
    return {text[i:i + 2] for i in range(len(text) - 1)}


def similarity(a: str, b: str) -> float:
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def suggest_repeats(user, clue: Clue, limit: int = 5) -> list[Suggestion]:
    place = Q(township_id=clue.township_id) if clue.township_id else Q(township__isnull=True)
    same_reporter = Q()
    by_reporter = clue.reporter_id is not None and can_see_reporter(user, clue)
    if by_reporter:
        same_reporter = Q(reporter__name=clue.reporter.name)
        if clue.reporter.contact:
            same_reporter |= Q(reporter__contact=clue.reporter.contact)
    candidates = (
        visible_clues(user).select_related("reporter").exclude(id=clue.id).exclude(repeat_of_id=clue.id)
        .filter(place | same_reporter if by_reporter else place)
        .filter(received_on__lte=clue.received_on)
        .order_by("-received_on", "-id")[:CANDIDATE_LIMIT]
    )
    found = []
    for other in candidates:
        reasons, score = [], 0.0
        if clue.subject and other.subject == clue.subject and other.township_id == clue.township_id:
            reasons.append(_("被反映人及地点相同"))
            score += 1
        if by_reporter and other.reporter_id and _same_person(clue.reporter, other.reporter):
            reasons.append(_("反映人相同"))
            score += 1
        text = similarity(clue.summary, other.summary)
        if text >= TEXT_SIMILARITY:
            reasons.append(_("反映内容相似（%(pct)s）") % {"pct": f"{text:.0%}"})
            score += text
        if reasons:
            found.append(Suggestion(other, reasons, score))
    found.sort(key=lambda s: (-s.score, -s.clue.id))
    return found[:limit]


def _same_person(a, b) -> bool:
    if a.contact and b.contact and a.contact == b.contact:
        return True
    return bool(a.name) and a.name == b.name
