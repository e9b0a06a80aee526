"""The public version of a bulletin (the 曝光台 and its PDF), fixed at issue.

A masked name must stay masked everywhere: not only the item's own name in its own
wording, but every name the public text could carry — the other persons handled on
the same clues (a 主要问题 often names them all), persons left out of the bulletin,
the clues' 被反映人 — in the title, the preface and closing and each case. Names the
commission chose to publish in full stay. What no public text may carry at all (an ID
number, a mobile number, a reporter's name) refuses the issue until the wording is
edited: masking could leave them recognisable.
"""

import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.bulletins.models import NameShown
from qingfeng.cases.models import Measure
from qingfeng.clues.models import Clue
from qingfeng.engine.masking import id_number_in, mask_name

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_SEPARATORS = re.compile(r"[、，,；;/\s]+")


@dataclass(frozen=True)
class Masker:
    hidden: tuple[str, ...]  # longest first: 王小红 is masked before 王小 could be

    def __call__(self, text: str) -> str:
        for name in self.hidden:
            text = text.replace(name, mask_name(name))
        return text


def shown_in_full(items) -> set[str]:
    return {item.name for item in items if item.included and item.name_shown == NameShown.FULL}


def masker(items) -> Masker:
    """Hides every person's name of `items`' clues except those published in full."""
    clue_ids = {item.clue_id for item in items}
    names = {item.name for item in items}
    names |= set(Measure.objects.filter(clue_id__in=clue_ids).values_list("name", flat=True))
    for subject in Clue.objects.filter(id__in=clue_ids).values_list("subject", flat=True):
        names |= set(_SEPARATORS.split(subject or ""))
    hidden = {name for name in names if len(name) >= 2} - shown_in_full(items)
    return Masker(tuple(sorted(hidden, key=len, reverse=True)))


def problems(texts: dict[str, str], clue_ids) -> list[str]:
    """What may not be published, per text (its label): ID numbers, mobile numbers, reporters' names."""
    reporters = {name for name in Clue.objects.filter(id__in=clue_ids, reporter__isnull=False)
                 .values_list("reporter__name", flat=True) if name and len(name) >= 2}
    today = timezone.localdate()
    found = []
    for label, text in texts.items():
        if id_number_in(text, today):
            found.append(_("%(where)s含有身份证号码") % {"where": label})
        if MOBILE.search(text):
            found.append(_("%(where)s含有手机号码") % {"where": label})
        if any(name in text for name in reporters):
            found.append(_("%(where)s含有反映人姓名") % {"where": label})
    return found


def case_texts(item, mask: Masker) -> dict[str, str]:
    """What the 曝光台 shows of one case (stored on the item at issue)."""
    name = item.name if item.name_shown == NameShown.FULL else mask_name(item.name)
    return {"name": name, "post": mask(item.post), "facts": mask(item.facts), "measure": mask(item.measure_text)}
