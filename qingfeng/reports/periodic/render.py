"""The output formats of a periodic report, by file suffix."""

from qingfeng.reports.periodic import render_docx, render_pdf, render_xlsx
from qingfeng.reports.periodic.content import Report

FORMATS = {
    "pdf": ("application/pdf", render_pdf.render),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", render_docx.render),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", render_xlsx.render),
}


def render(report: Report, fmt: str) -> bytes:
    return FORMATS[fmt][1](report)


def content_type(fmt: str) -> str:
    return FORMATS[fmt][0]


def filename(report: Report, fmt: str) -> str:
    return f"report-{report.period.kind}-{report.period.value}.{fmt}"
