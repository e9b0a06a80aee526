"""Pure-Python normalisers of registry values (shared/spec/crosscheck.md §1).

These are the reference implementation: small values (a query from the web app,
a single form field) go through them, and tests check that the bulk DuckDB SQL
in ``sqlnorm`` gives exactly the same results. Keep the two in step.

Each parser returns ``None`` for an empty value and raises ``ValueError`` (with a
Chinese reason) for a value it cannot read, except ``normalize_id``, which never
raises: an invalid ID is a problem to report, not a reason to reject a row.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path

# Whitespace that staff paste from Word/Excel: ASCII, no-break and ideographic space.
SPACES = " \t\r\n\u00a0\u3000"
FULL_WIDTH = "０１２３４５６７８９ｘＸ"
HALF_WIDTH = "0123456789XX"
HYPHENS = "-－‐‑–—"
APOSTROPHES = "'‘’`"
# Middle dots of minority names (阿卜杜·热合曼) as typed on various keyboards.
DOTS = "•・.．･‧∙⋅"
MIDDLE_DOT = "·"

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
ID_MIN_BIRTH = date(1900, 1, 1)
EXCEL_EPOCH = date(1899, 12, 30)

ID_EMPTY = "证件号码为空"
# An 18-digit ID typed into Excel as a number keeps 15 significant digits: it arrives as
# 4.30821196001011E+17, or as 430821196001011000 (the last three digits zeroed) once
# formatted as an integer. Either way the digits are gone and only a new export helps.
ID_SCIENTIFIC = "证件号码被 Excel 当作数字保存，已四舍五入为科学计数法（只保留15位有效数字），原号码已丢失：请将该列设为文本格式后重新导出"
ID_ROUNDED = "证件号码末三位为000且校验码不符，像是被 Excel 当作数字四舍五入（只保留15位有效数字）：请将该列设为文本格式后重新导出"
ID_SHAPE = "证件号码应为18位（17位数字加数字或X）或15位旧号码"
ID_BAD_DATE = "证件号码中的出生日期无效"
ID_BAD_CHECK = "证件号码校验码错误"


def clean_text(raw) -> str | None:
    if raw is None:
        return None
    text = str(raw).strip(SPACES)
    return text or None


def id_check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS))
    return ID_CHECK_CHARS[total % 11]


def clean_id(raw) -> str | None:
    """Half-width, upper-case, no spaces/hyphens/leading apostrophe; 15 -> 18 digits."""
    text = clean_text(raw)
    if text is None:
        return None
    text = text.translate(str.maketrans(FULL_WIDTH, HALF_WIDTH))
    text = re.sub(f"[{re.escape(SPACES + HYPHENS)}]", "", text).upper().lstrip(APOSTROPHES)
    if re.fullmatch(r"\d{15}", text):
        text = text[:6] + "19" + text[6:]
        text += id_check_char(text)
    return text or None


def id_problem(cleaned: str | None, as_of: date) -> str | None:
    """Why a cleaned ID is invalid, or None when it is valid."""
    if cleaned is None:
        return ID_EMPTY
    if re.fullmatch(r"\d(\.\d*)?E[+-]?\d+", cleaned):
        return ID_SCIENTIFIC
    if not re.fullmatch(r"\d{17}[\dX]", cleaned):
        return ID_SHAPE
    try:
        birth = datetime.strptime(cleaned[6:14], "%Y%m%d").date()
    except ValueError:
        return ID_BAD_DATE
    if not ID_MIN_BIRTH <= birth <= as_of:
        return ID_BAD_DATE
    if id_check_char(cleaned[:17]) != cleaned[17]:
        return ID_ROUNDED if cleaned.endswith("000") else ID_BAD_CHECK
    return None


@dataclass(frozen=True)
class IdResult:
    value: str | None  # the normalised ID when valid, else None
    cleaned: str | None
    problem: str | None


def normalize_id(raw, as_of: date) -> IdResult:
    cleaned = clean_id(raw)
    problem = id_problem(cleaned, as_of)
    return IdResult(cleaned if problem is None else None, cleaned, problem)


# 统一社会信用代码 (GB 32100-2015): 18 characters of this set; the last is a MOD 31 check.
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_RE = r"[0-9A-HJ-NPQRTUWXY]{18}"
PARTY_BAD = "既不是有效的公民身份号码，也不是有效的统一社会信用代码"


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_CHARS[(31 - total % 31) % 31]


def clean_uscc(raw) -> str | None:
    """The valid, upper-cased 统一社会信用代码 in ``raw``, else None."""
    text = clean_text(raw)
    if text is None:
        return None
    text = re.sub(f"[{re.escape(SPACES + HYPHENS)}]", "", text.translate(str.maketrans(FULL_WIDTH, HALF_WIDTH)))
    text = text.upper().lstrip(APOSTROPHES)
    if re.fullmatch(USCC_RE, text) and uscc_check_char(text[:17]) == text[17]:
        return text
    return None


@dataclass(frozen=True)
class PartyResult:
    id_number: str | None  # a valid resident ID, normalised
    uscc: str | None  # a valid unified social credit code
    problem: str | None  # neither (None for an empty value)


def normalize_party(raw, as_of: date) -> PartyResult:
    """A counterparty's ID: a resident ID (normalised as IDs are) or a USCC."""
    if clean_text(raw) is None:
        return PartyResult(None, None, None)
    person = normalize_id(raw, as_of)
    if person.value:
        return PartyResult(person.value, None, None)
    uscc = clean_uscc(raw)
    if uscc:
        return PartyResult(None, uscc, None)
    return PartyResult(None, None, f"{PARTY_BAD}（{person.problem}）")


@cache
def ts_char_map() -> dict[str, str]:
    """Traditional -> simplified, one character to one character (first candidate).

    Built from OpenCC's TSCharacters dictionary; phrase tables are deliberately not
    used, because phrase conversion rewrites names (沈靜 must become 沈静, not 沉静).
    """
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    mapping = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) == 1 and len(parts[1]) == 1 and parts[0] != parts[1]:
            mapping[parts[0]] = parts[1]
    return mapping


@cache
def _name_table() -> dict[int, str | None]:
    table = {ord(t): s for t, s in ts_char_map().items()}
    table.update({ord(d): MIDDLE_DOT for d in DOTS})
    table.update({ord(s): None for s in SPACES})
    return table


def normalize_name(raw) -> str | None:
    text = clean_text(raw)
    return text.translate(_name_table()) or None if text else None


def clean_code(raw) -> str | None:
    """Codes, accounts, plates: no whitespace at all, half-width digits."""
    text = clean_text(raw)
    if text is None:
        return None
    text = text.translate(str.maketrans(FULL_WIDTH[:10], HALF_WIDTH[:10]))
    return re.sub(f"[{re.escape(SPACES)}]", "", text).lstrip(APOSTROPHES) or None


_TIME = r"(?:(?:\s*|T)\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d*)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?"
DATE_RE = r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?" + _TIME
COMPACT_DATE_RE = r"\d{8}"
SERIAL_RE = r"[1-9]\d{0,5}(?:\.\d+)?"  # Excel serial day numbers (time fraction ignored)


def parse_date(raw) -> date | None:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = clean_text(raw)
    if text is None:
        return None
    try:
        if m := re.fullmatch(DATE_RE, text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if re.fullmatch(COMPACT_DATE_RE, text):
            return datetime.strptime(text, "%Y%m%d").date()
        if re.fullmatch(SERIAL_RE, text):
            return EXCEL_EPOCH + timedelta(days=int(float(text)))
    except (ValueError, OverflowError):
        pass
    raise ValueError(f"无法识别的日期：{text}")


AMOUNT_JUNK = ",，¥￥元" + SPACES


def parse_amount(raw) -> Decimal | None:
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        return Decimal(str(raw)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    text = clean_text(raw)
    if text is None:
        return None
    cleaned = re.sub(f"[{re.escape(AMOUNT_JUNK)}]", "", text)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"无法识别的金额：{text}") from None
    if not value.is_finite() or abs(value) >= Decimal("1e16"):
        raise ValueError(f"无法识别的金额：{text}")
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)


def parse_number(raw) -> float | None:
    text = clean_text(raw)
    if text is None:
        return None
    try:
        return float(re.sub(f"[{re.escape(',，' + SPACES)}]", "", text))
    except ValueError:
        raise ValueError(f"无法识别的数值：{text}") from None


@dataclass(frozen=True)
class Period:
    label: str  # 2018-03, 2018Q2, 2018
    start: date
    end: date  # exclusive
    unit: str  # 月, 季, 年


QUARTER_DIGITS = {"1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4}
MONTH_PERIOD_RE = r"(\d{4})(?:[-/.]|年)?(\d{1,2})月?"
QUARTER_PERIOD_RE = r"(\d{4})(?:年|-)?(?:Q|第)([1-4一二三四])(?:季度?)?"
YEAR_PERIOD_RE = r"(\d{4})(?:年度?)?"


def month_period(year: int, month: int) -> Period:
    start = date(year, month, 1)
    end = date(year + month // 12, month % 12 + 1, 1)
    return Period(f"{year:04d}-{month:02d}", start, end, "月")


def parse_period(raw) -> Period | None:
    """A month, quarter or year; a full date (Excel turns 2018-03 into one) is its month."""
    if isinstance(raw, (date, datetime)):
        return month_period(raw.year, raw.month)
    text = clean_text(raw)
    if text is None:
        return None
    text = re.sub(f"[{re.escape(SPACES)}]", "", text).upper()
    if re.fullmatch(DATE_RE, text) or re.fullmatch(COMPACT_DATE_RE, text):
        try:
            day = parse_date(text)
            return month_period(day.year, day.month)
        except ValueError:
            pass
    elif m := re.fullmatch(MONTH_PERIOD_RE, text):
        if 1 <= int(m[2]) <= 12:
            return month_period(int(m[1]), int(m[2]))
    elif m := re.fullmatch(QUARTER_PERIOD_RE, text):
        year, quarter = int(m[1]), QUARTER_DIGITS[m[2]]
        start = date(year, 3 * quarter - 2, 1)
        end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
        return Period(f"{year:04d}Q{quarter}", start, end, "季")
    elif m := re.fullmatch(YEAR_PERIOD_RE, text):
        year = int(m[1])
        return Period(f"{year:04d}", date(year, 1, 1), date(year + 1, 1, 1), "年")
    raise ValueError(f"无法识别的资金所属期：{text}")


TRUE_WORDS = ("是", "1", "true", "t", "y", "yes", "√")
FALSE_WORDS = ("否", "0", "false", "f", "n", "no", "×")


def parse_bool(raw) -> bool | None:
    if isinstance(raw, bool):
        return raw
    text = clean_text(raw)
    if text is None:
        return None
    if text.lower() in TRUE_WORDS:
        return True
    if text.lower() in FALSE_WORDS:
        return False
    raise ValueError(f"应为“是”或“否”：{text}")
