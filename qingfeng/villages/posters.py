"""QR posters: one A4 PDF per village pointing at its public page (portal.md §3).

`qingfeng portal posters [--township NAME_OR_CODE] --out DIR` writes DIR/<code>.pdf;
a township officer downloads the township's posters as one zip (views.township_posters).
The CJK font (qingfeng.documents.fonts.SANS) is embedded as a subset.
"""

import io
import zipfile
from pathlib import Path

import segno
from django.conf import settings
from django.core.management.base import CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from qingfeng.documents import fonts
from qingfeng.documents.fonts import FontMissing  # noqa: F401 (the views catch it from here)
from qingfeng.places.models import Jurisdiction

L = Jurisdiction.Level


def village_url(code: str) -> str:
    return settings.PUBLIC_URL.rstrip("/") + f"/v/{code}/"


def _qr_png(url: str) -> io.BytesIO:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=20, border=4)
    out.seek(0)
    return out


def _lines(village: Jurisdiction, township_name: str) -> list[tuple[str, int, int, tuple]]:
    """The poster's text lines above and below the QR code: (text, size, line height, colour)."""
    red, grey, black = (190, 20, 20), (80, 80, 80), (0, 0, 0)
    head = [(_("阳光公开 · 扫码监督"), 20, 10, red), (village.name, 40, 18, black), (township_name, 20, 10, grey)]
    foot = [(village_url(village.code), 11, 6, grey), (_("用手机扫一扫，可以："), 16, 9, black)]
    foot += [(text, 14, 8, black) for text in (
        _("查看本村每月公开的村务（财务收支、惠民资金发放、项目建设等）"),
        _("查询惠民资金发放到您家的情况"), _("网上举报扶贫领域的问题，凭受理编号跟进办理"))]
    foot.append((_("举报电话：%(phone)s") % {"phone": settings.REPORT_PHONE}, 22, 12, red))
    return head + foot + [(_("县纪委监委"), 12, 6, grey)]


def poster_pdf(village: Jurisdiction, township_name: str, font: str) -> bytes:
    """The A4 poster of one village, with `font` a face cut to its characters (write_posters)."""
    from fpdf import FPDF  # only posters need it

    lines = _lines(village, township_name)
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(_("%(village)s村务公开") % {"village": village.name})
    pdf.add_font("cjk", fname=font)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(text, size, height, colour):
        pdf.set_font("cjk", size=size)
        pdf.set_text_color(*colour)
        pdf.multi_cell(width, height, text, align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.set_y(18)
    line(*lines[0])
    pdf.ln(4)
    line(*lines[1])
    line(*lines[2])
    qr_size = 110
    pdf.image(_qr_png(village_url(village.code)), x=(pdf.w - qr_size) / 2, y=pdf.get_y() + 6, w=qr_size, h=qr_size)
    pdf.set_y(pdf.get_y() + qr_size + 10)
    line(*lines[3])
    pdf.ln(4)
    for entry in lines[4:-2]:
        line(*entry)
    pdf.ln(6)
    line(*lines[-2])
    pdf.set_y(-22)
    line(*lines[-1])
    return bytes(pdf.output())


def write_posters(villages, names: dict[int, str], write) -> None:
    """Call write(village, pdf bytes) for each village, one font subset for them all: parsing
    the whole collection costs some 0.6 s per PDF, the subset a few milliseconds."""
    texts = [text for v in villages for text, *_rest in _lines(v, names.get(v.parent_id, ""))]
    font = str(fonts.cached_subset(fonts.SANS, "".join(texts)))
    for village in villages:
        write(village, poster_pdf(village, names.get(village.parent_id, ""), font))


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
        write_posters(list(villages_of(township)), {township.id: township.name},
                      lambda village, pdf: archive.writestr(f"{village.code}.pdf", pdf))
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
        write_posters(villages, names, lambda village, pdf: (target / f"{village.code}.pdf").write_bytes(pdf))
    except FontMissing as exc:
        raise CommandError(str(exc)) from None
    stdout.write(_("已生成 %(n)s 张海报：%(dir)s") % {"n": len(villages), "dir": target})
