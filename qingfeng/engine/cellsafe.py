"""Text cells that a spreadsheet will never run: OWASP's CSV-injection rule.

Excel, WPS and LibreOffice treat a cell that starts with ``= + - @`` (or a tab or
carriage return before one) as a formula — a free-text value such as
``=HYPERLINK(…)`` or ``@SUM(1+1)*cmd|' /C calc'!A0`` becomes a live link or a DDE
payload. Every spreadsheet and CSV the platform writes passes its text cells
through `neutralise`, which prefixes a single quote (the spreadsheet's own "this
is text" mark). Numbers stay numbers: only `str` values are touched, so a real
negative amount is still a negative number.

Round trips: `restore` undoes exactly what `neutralise` added, so a ledger
exported and imported again gives back the original text (ledger.md: round trips
stay cell-identical). A text that itself began with quotes before a trigger
(``'=x``) gets one more quote on the way out and loses one on the way in.

Pure Python: the engine (hits CSV) and the Django apps (ledger, statistics) share it.
"""

import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")  # what `neutralise` quotes (match at the start)
_ADDED_QUOTE = re.compile(r"'+[=+\-@\t\r]")  # what `restore` unquotes


def neutralise(value):
    """`value` safe to write as a spreadsheet or CSV cell: text that a spreadsheet
    would read as a formula gets a leading ``'``; anything else is returned as is."""
    if value.__class__ is str and value and (value[0] in TRIGGERS or value[0] == "'") and _NEEDS_QUOTE.match(value):
        return "'" + value
    return value


def neutralise_row(values) -> list:
    return [neutralise(v) for v in values]


def restore(value):
    """The text `neutralise` was given: one leading quote less before a trigger."""
    if value.__class__ is str and value[:1] == "'" and _ADDED_QUOTE.match(value):
        return value[1:]
    return value
