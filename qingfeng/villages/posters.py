"""QR posters: one A4 PDF per village pointing at its public page (portal.md §3).

`qingfeng portal posters [--township NAME_OR_CODE] --out DIR` writes DIR/<code>.pdf;
a township officer downloads the township's posters as one zip (views.township_posters).
The CJK font (Noto Sans CJK, Debian's fonts-noto-cjk) is embedded as a subset.
"""

import io
import zipfile
from pathlib import Path

import segno
from django.conf import settings
from django.core.management.base import CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from qingfeng.places.models import Jurisdiction

FONT_PATH = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FONT_INDEX = 2  # the collection's Simplified Chinese face (Noto Sans CJK SC)
L = Jurisdiction.Level


class FontMissing(Exception):
    pass


def village_url(code: str) -> str:
    return settings.PUBLIC_URL.rstrip("/") + f"/v/{code}/"


def _qr_png(url: str) -> io.BytesIO:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=20, border=4)
    out.seek(0)
    return out


def poster_pdf(village: Jurisdiction, township_name: str) -> bytes:
    """The A4 poster of one village."""
    from fpdf import FPDF  # only posters need it

    if not FONT_PATH.is_file():
        raise FontMissing(_("找不到中文字体 %(path)s，请安装 fonts-noto-cjk 软件包。") % {"path": FONT_PATH})
    url = village_url(village.code)
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(_("%(village)s村务公开") % {"village": village.name})
    pdf.add_font("cjk", fname=str(FONT_PATH), collection_font_number=FONT_INDEX)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(text, size, height, colour=(0, 0, 0)):
        pdf.set_font("cjk", size=size)
        pdf.set_text_color(*colour)
        pdf.multi_cell(width, height, text, align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.set_y(18)
    line(_("阳光公开 · 扫码监督"), 20, 10, (190, 20, 20))
    pdf.ln(4)
    line(village.name, 40, 18)
    line(township_name, 20, 10, (80, 80, 80))
    qr_size = 110
    pdf.image(_qr_png(url), x=(pdf.w - qr_size) / 2, y=pdf.get_y() + 6, w=qr_size, h=qr_size)
    pdf.set_y(pdf.get_y() + qr_size + 10)
    line(url, 11, 6, (80, 80, 80))
    pdf.ln(4)
    line(_("用手机扫一扫，可以："), 16, 9)
    for text in (_("查看本村每月公开的村务（财务收支、惠民资金发放、项目建设等）"),
                 _("查询惠民资金发放到您家的情况"), _("网上举报扶贫领域的问题，凭受理编号跟进办理")):
        line(text, 14, 8)
    pdf.ln(6)
    line(_("举报电话：%(phone)s") % {"phone": settings.REPORT_PHONE}, 22, 12, (190, 20, 20))
    pdf.set_y(-22)
    line(_("县纪委监委"), 12, 6, (80, 80, 80))
    return bytes(pdf.output())


def villages_of(township: Jurisdiction | None):
    villages = Jurisdiction.objects.filter(level=L.VILLAGE)
    if township is not None:
        villages = villages.filter(path__startswith=township.path)
    return villages.order_by("code")


def _township_names(villages) -> dict[int, str]:
    parents = {v.parent_id for v in villages}
    return dict(Jurisdiction.objects.filter(id__in=parents).values_list("id", "name"))


def township_posters_zip(township: Jurisdiction) -> bytes:
    """All the township's posters as one zip of <code>.pdf files."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for village in villages_of(township):
            archive.writestr(f"{village.code}.pdf", poster_pdf(village, township.name))
    return out.getvalue()


def find_township(name_or_code: str) -> Jurisdiction:
    matches = list(Jurisdiction.objects.filter(Q(code=name_or_code) | Q(name=name_or_code), level=L.TOWNSHIP))
    if len(matches) != 1:
        raise CommandError(_("没有名称或代码为“%(t)s”的乡镇。") % {"t": name_or_code} if not matches else
                           _("有多个乡镇名为“%(t)s”，请用代码。") % {"t": name_or_code})
    return matches[0]


def posters_command(stdout, *, township: str | None, out: str) -> None:
    place = find_township(township) if township else None
    villages = list(villages_of(place))
    if not villages:
        raise CommandError(_("没有村。"))
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    names = _township_names(villages)
    try:
        for village in villages:
            (target / f"{village.code}.pdf").write_bytes(poster_pdf(village, names.get(village.parent_id, "")))
    except FontMissing as exc:
        raise CommandError(str(exc)) from None
    stdout.write(_("已生成 %(n)s 张海报：%(dir)s") % {"n": len(villages), "dir": target})
