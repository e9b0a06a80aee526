"""The CJK fonts documents use, all from Debian packages (scripts/ensure-system-packages).

GB/T 9704 asks for 小标宋 (titles, the red header) and 仿宋 (body). Debian has neither for
Simplified Chinese (cwTeX 仿宋 covers only Traditional characters), so the nearest free
faces stand in: Noto Serif CJK SC Bold for 小标宋, AR PL UKai CN (楷体, the 仿宋's
calligraphic cousin) for the body, Noto Sans CJK SC for tables and charts.

The faces live in font collections (.ttc); PDF writers and matplotlib read one face,
so `face_file` writes the face out once to QINGFENG_HOME/cache/fonts and reuses it.
"""

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Font:
    family: str  # the name Word and matplotlib know it by
    path: Path
    index: int  # the face within the collection
    package: str  # the Debian package that installs it


NOTO = Path("/usr/share/fonts/opentype/noto")
SANS = Font("Noto Sans CJK SC", NOTO / "NotoSansCJK-Regular.ttc", 2, "fonts-noto-cjk")
SANS_BOLD = Font("Noto Sans CJK SC Bold", NOTO / "NotoSansCJK-Bold.ttc", 2, "fonts-noto-cjk")
SERIF_BOLD = Font("Noto Serif CJK SC Bold", NOTO / "NotoSerifCJK-Bold.ttc", 2, "fonts-noto-cjk")
KAI = Font("AR PL UKai CN", Path("/usr/share/fonts/truetype/arphic/ukai.ttc"), 0, "fonts-arphic-ukai")
# The roles of GB/T 9704 and the face that plays each.
TITLE, BODY, TABLE = SERIF_BOLD, KAI, SANS

_lock = threading.Lock()


class FontMissing(Exception):
    """A font file is not installed; the message names the Debian package."""


def require(font: Font) -> Font:
    if not font.path.is_file():
        raise FontMissing(_("找不到中文字体 %(path)s，请安装 %(package)s 软件包。") % {
            "path": font.path, "package": font.package})
    return font


def face_file(font: Font) -> Path:
    """One face of `font`'s collection as a font file of its own (written once, then reused)."""
    from fontTools.ttLib import TTCollection

    require(font)
    stamp = int(font.path.stat().st_mtime)
    target = _cache() / f"{font.path.stem}-{font.index}-{stamp}.ttf"
    with _lock:
        _write_once(target, lambda out: TTCollection(str(font.path)).fonts[font.index].save(str(out)))
    return target


def _cache() -> Path:
    return Path(settings.HOME) / "cache" / "fonts"


def _write_once(target: Path, write) -> bool:
    """write(partial path) unless `target` exists, then move it into place: readers (other
    threads, the web and worker processes) never see half a font. True when written."""
    if target.is_file():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}-{threading.get_ident()}.part")
    write(partial)
    partial.replace(target)
    return True


def subset_file(font: Font, text: str, out: Path) -> Path:
    """`font` cut down to the characters of `text`, written to `out` (a PDF of a few pages
    embeds a few kilobytes instead of parsing 60,000 glyphs)."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    require(font)
    face = TTCollection(str(font.path)).fonts[font.index]
    options = subset.Options()
    options.name_IDs = ["*"]
    cutter = subset.Subsetter(options)
    cutter.populate(text=text)
    cutter.subset(face)
    face.save(str(out))
    return out


KEEP_SUBSETS = 64  # the cache holds the newest subsets only


def cached_subset(font: Font, text: str) -> Path:
    """`font` cut down to `text`'s characters, kept by content under QINGFENG_HOME/cache/fonts
    (a reprint, the public copy of a bulletin, the same report again reuse it). Cutting reads
    the whole face once (about a second); a subset of all of GB2312 instead would take ten
    times that, and a rare character in a name would need a new one anyway."""
    require(font)
    key = hashlib.sha256(f"{font.path}|{font.index}|{font.path.stat().st_mtime}|{text}".encode()).hexdigest()[:24]
    target = _cache() / f"subset-{font.path.stem}-{font.index}-{key}.ttf"
    if _write_once(target, lambda out: subset_file(font, text, out)):
        _forget_old_subsets(target.parent)
    return target


def _forget_old_subsets(folder: Path) -> None:
    subsets = sorted(folder.glob("subset-*.ttf"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in subsets[KEEP_SUBSETS:]:
        old.unlink(missing_ok=True)
