"""How a table cell reads in the PDF, the Word copy and the page (Excel keeps numbers)."""

from datetime import date
from decimal import Decimal


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def is_heading_row(row: list) -> bool:
    """A section title row of the figures table: a label and nothing else."""
    return len(row) > 1 and all(cell is None for cell in row[1:])
