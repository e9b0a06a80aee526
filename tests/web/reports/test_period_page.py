"""The staff page of the periodic reports: scoped by the gatekeeper, charts as PNG, downloads.

Figures: see test_period_content (广福桥镇's 2018 Q2: 3 received, 1200.50 recovered, overdue C17 C02).
"""

import io
import re

import pytest

from ..documents_support import pdf_text

URL = "/staff/reports/period/"


def _figures(html: str) -> dict:
    table = html.split('data-table="figures"')[1].split("</table>")[0]
    return {label: values for label, values in (
        (m[0], re.findall(r"<td[^>]*>([^<]*)</td>", m[1]))
        for m in re.findall(r"<tr><th>([^<]*)</th>(.*?)</tr>", table))}


def test_leadership_sees_the_county_quarter_with_charts_and_downloads(ledger, login):
    response = login(ledger.frank).get(URL + "?period=2018Q2")
    assert response.status_code == 200
    html = response.content.decode()
    assert "慈利县问题线索季度分析报告" in html
    figures = _figures(html)
    assert figures["受理问题线索"] == ["6", "3", "1", "+100.0%", "+500.0%"]
    assert figures["追缴金额（元）"][0] == "1300.49"
    charts = re.findall(r'<img class="chart" src="([^"]+)"', html)
    assert len(charts) == 3
    for src in charts:
        image = login(ledger.frank).get(src.replace("&amp;", "&"))
        assert image.status_code == 200 and image["Content-Type"] == "image/png"
        assert image.content.startswith(b"\x89PNG")
        # Scoped to this login: a shared office PC's next user must not get it from the cache.
        assert "no-store" in image["Cache-Control"] and "Cookie" in image["Vary"]
    for fmt in ("pdf", "docx", "xlsx"):
        assert f"?period=2018Q2&amp;format={fmt}" in html


def test_township_officer_report_covers_only_their_township(ledger, login):
    client = login(ledger.alice)
    html = client.get(URL + "?period=2018Q2").content.decode()
    assert "广福桥镇问题线索季度分析报告" in html
    figures = _figures(html)
    assert figures["受理问题线索"][0] == "3" and figures["追缴金额（元）"][0] == "1200.50"
    assert "东岳观镇" not in html and "江垭镇" not in html and "C06" not in html
    pdf = client.get(URL + "?period=2018Q2&format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert 'filename="report-quarter-2018Q2.pdf"' in pdf["Content-Disposition"]
    text = pdf_text(pdf.content)
    assert "1200.50" in text and "C17" in text and "东岳观镇" not in text and "C06" not in text


def test_excel_download_from_the_page_is_scoped_too(ledger, login):
    from openpyxl import load_workbook

    response = login(ledger.bob).get(URL + "?period=2018-06&format=xlsx")  # 东岳观镇
    book = load_workbook(io.BytesIO(response.content))
    overdue = [row[0] for row in book["超期未办结线索"].iter_rows(values_only=True) if row[0] in ("C06", "C02", "C17")]
    assert overdue == ["C06"]


def test_kind_and_value_from_the_form(ledger, login):
    html = login(ledger.frank).get(URL + "?kind=day&value=2018-06-15").content.decode()
    assert "问题线索日收集清单" in html and "截留挪用危房改造资金" in html and "举报人甲" not in html


def test_without_a_period_the_page_shows_the_current_month(ledger, login):
    from django.utils import timezone

    today = timezone.localdate()
    html = login(ledger.frank).get(URL).content.decode()
    assert f"{today.year}年{today.month}月" in html and "问题线索月排查报告" in html


def test_village_committee_member_gets_403(ledger, login):
    client = login(ledger.hank)
    assert client.get(URL + "?period=2018Q2").status_code == 403
    assert client.get(URL + "chart/?period=2018Q2&chart=trend").status_code == 403
    assert client.get(URL + "?period=2018Q2&format=pdf").status_code == 403


def test_anonymous_visitor_is_sent_to_login(ledger, client):
    response = client.get(URL + "?period=2018Q2")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("value", ["2018-13", "2018Q5", "2018-W60", "<script>"])
def test_a_bad_period_is_a_message_not_a_crash(ledger, login, value):
    client = login(ledger.frank)
    response = client.get(URL, {"period": value})
    assert response.status_code == 400 and "无法识别的报表周期" in response.content.decode()
    assert "<script>" not in response.content.decode()
    assert client.get(URL, {"period": value, "format": "pdf"}).status_code == 400
    assert client.get(URL + "chart/", {"period": value, "chart": "trend"}).status_code == 404


def test_unknown_chart_or_format(ledger, login):
    client = login(ledger.frank)
    assert client.get(URL + "chart/?period=2018Q2&chart=nope").status_code == 404
    assert client.get(URL + "chart/?period=2018-06&chart=trend").status_code == 404  # a month has no charts
    assert client.get(URL + "?period=2018Q2&format=exe").status_code == 400


def test_staff_menu_links_to_the_page_for_clue_readers_only(ledger):
    from qingfeng.reports.views import staff_entries

    assert URL in [e.url for e in staff_entries(ledger.alice)]
    assert staff_entries(ledger.hank) == []


def test_a_download_is_in_chinese_when_the_page_is_in_english(ledger, login):
    client = login(ledger.frank)
    client.cookies["django_language"] = "en"
    assert "Problem clues received" in client.get(URL + "?period=2018Q2").content.decode()
    text = pdf_text(client.get(URL + "?period=2018Q2&format=pdf").content)
    assert "慈利县问题线索季度分析报告" in text and "受理问题线索" in text
