"""The places a roll names (portal.md, Places): a county's first roll import sets up
its townships and villages, later ones add those it does not yet know.

A roll row carries its village's 12-digit code (行政区划代码) and the names of its
township (乡镇) and village (村). A township is a code's first 9 digits. A place
already known keeps its name — the roll is not the authority on names (the places
table is) and one misspelt row must not rename a village. New townships hang under
the county until an administrator puts them in a 片区.

`plan` decides (pure); `write` creates, inside the caller's transaction.
"""

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from qingfeng.core.text import forbidden_character
from qingfeng.places.importer import NAME_MAX, normalise_code
from qingfeng.places.models import Jurisdiction

L = Jurisdiction.Level


@dataclass
class RollPlaces:
    townships: dict = field(default_factory=dict)  # new township code → name
    villages: dict = field(default_factory=dict)  # new village code → name
    known: int = 0  # villages already there (names left alone)
    skipped_codes: int = 0  # codes that are not 12 digits (or belong to no village)
    other_county: int = 0  # 12-digit codes of another county
    unnamed: int = 0  # new villages without a usable village or township name
    no_county: bool = False  # the platform has no county yet: nothing can be added

    def counts(self) -> dict:
        return {"townships_added": len(self.townships), "villages_added": len(self.villages), "known": self.known,
                "skipped_codes": self.skipped_codes, "other_county": self.other_county, "unnamed": self.unnamed}

    def audit(self, source: str) -> dict:
        return {"source": source, **self.counts(), "township_codes": sorted(self.townships),
                "village_codes": sorted(self.villages)}


def _name(text) -> str:
    """A usable place name, or '' (empty, too long, or holding control characters)."""
    name = unicodedata.normalize("NFC", str(text or "")).strip()
    if len(name) > NAME_MAX or forbidden_character(name):
        return ""
    return name


def _most_used(counter: Counter) -> str:
    """The name most rows give (ties: the first in code-point order, so a re-run agrees)."""
    named = [(-n, name) for name, n in counter.items() if name]
    return min(named)[1] if named else ""


def plan(rows, known: dict, county_code: str | None) -> RollPlaces:
    """`rows`: (village_code, township, village, row count) — DISTINCT rows of a roll
    snapshot; `known`: code → level of the places already there."""
    result = RollPlaces(no_county=county_code is None)
    village_names: dict[str, Counter] = defaultdict(Counter)
    township_names: dict[str, Counter] = defaultdict(Counter)
    for code, township, village, n in rows:
        code = normalise_code(str(code or ""))
        if len(code) != 12 or not code.isdigit():
            result.skipped_codes += 1
            continue
        village_names[code][_name(village)] += n
        township_names[code[:9]][_name(township)] += n
    for code in sorted(village_names):
        if county_code is None or code[:6] != county_code:
            result.other_county += 1
        elif code in known:
            if known[code] == L.VILLAGE:
                result.known += 1
            else:
                result.skipped_codes += 1  # the code of something else: never a village
        elif known.get(code[:9], L.TOWNSHIP) != L.TOWNSHIP:
            result.skipped_codes += 1
        else:
            name = _most_used(village_names[code])
            township = code[:9] if code[:9] in known else _most_used(township_names[code[:9]])
            if not name or not township:
                result.unnamed += 1
                continue
            if code[:9] not in known:
                result.townships[code[:9]] = township
            result.villages[code] = name
    return result


def write(result: RollPlaces, county: Jurisdiction) -> None:
    """Create the planned places (the caller holds the county's lock)."""
    townships = {t.code: t for t in Jurisdiction.objects.filter(level=L.TOWNSHIP, code__in={c[:9] for c in result.villages})}
    for code, name in result.townships.items():
        townships[code] = Jurisdiction.objects.create(code=code, name=name, level=L.TOWNSHIP, parent=county)
    # A county's hundreds of villages in one statement (bulk_create skips save(): the path is set here).
    Jurisdiction.objects.bulk_create(
        Jurisdiction(code=code, name=name, level=L.VILLAGE, parent=townships[code[:9]],
                     path=f"{townships[code[:9]].path}{code}/")
        for code, name in result.villages.items()
    )
