"""The 33 columns of the ledger sheet (shared/spec/ledger.md §1), in their fixed order.

Each column names its Chinese header, its canonical English name, the kind of
value it holds (which decides how it is parsed and written) and, for plain
fields, the Clue model field it maps onto.
"""

from dataclasses import dataclass

from qingfeng.clues.models import Channel, Disposal, Source, State
from qingfeng.engine.cellsafe import restore
from qingfeng.engine.normalize import SPACES

TEXT, DATE, CHOICE, BOOL, COUNT, AMOUNT = "text", "date", "choice", "bool", "count", "amount"
# Special columns, handled by the importer itself rather than copied to a field.
CLUE_NO, REPORTER, CONTACT, TOWNSHIP, VILLAGE = "clue_no", "reporter", "contact", "township", "village"
CAMPAIGN = "campaign"  # by name (cases.Campaign); an unknown name creates the campaign


@dataclass(frozen=True)
class Column:
    zh: str
    canonical: str
    kind: str
    field: str = ""  # Clue field for plain columns
    max_length: int = 0
    choices: tuple[str, ...] = ()
    optional_amount: bool = False  # empty means unknown (NULL) rather than 0


COLUMNS: tuple[Column, ...] = (
    Column("线索编号", "clue_no", CLUE_NO, "clue_no", 40),
    Column("受理日期", "received_on", DATE, "received_on"),
    Column("线索来源", "source", CHOICE, "source", choices=tuple(Source.values)),
    Column("反映方式", "channel", CHOICE, "channel", choices=tuple(Channel.values)),
    Column("反映人", "reporter", REPORTER, max_length=60),
    Column("反映人联系方式", "reporter_contact", CONTACT, max_length=200),
    Column("被反映人", "subject", TEXT, "subject", 100),
    Column("被反映人单位及职务", "subject_post", TEXT, "subject_post", 200),
    Column("所属乡镇", "township", TOWNSHIP),
    Column("所属村", "village", VILLAGE),
    Column("问题类别", "category", TEXT, "category", 40),
    Column("主要问题", "summary", TEXT, "summary"),
    Column("涉及金额", "amount_involved", AMOUNT, "amount_involved", optional_amount=True),
    Column("是否重复件", "repeat", BOOL, "is_repeat"),
    Column("处置方式", "disposal", CHOICE, "disposal", choices=tuple(Disposal.values)),
    Column("承办单位", "handler_unit", TEXT, "handler_unit", 100),
    Column("承办人", "handler", TEXT, "handler_name", 60),
    Column("办理时限", "due_on", DATE, "due_on"),
    Column("办理状态", "state", CHOICE, "state", choices=tuple(State.values)),
    Column("办结日期", "closed_on", DATE, "closed_on"),
    Column("是否立案", "case_filed", BOOL, "case_filed"),
    Column("立案日期", "filed_on", DATE, "filed_on"),
    Column("党纪政务处分人数", "persons_sanctioned", COUNT, "persons_sanctioned"),
    Column("组织处理人数", "org_handled", COUNT, "org_handled"),
    Column("第一种形态人数", "first_form", COUNT, "first_form"),
    Column("移送司法人数", "judicial", COUNT, "judicial"),
    Column("追缴金额", "recovered", AMOUNT, "recovered"),
    Column("退还群众金额", "returned", AMOUNT, "returned"),
    Column("是否反馈", "fed_back", BOOL, "fed_back"),
    Column("反馈日期", "feedback_on", DATE, "feedback_on"),
    Column("是否归档", "archived", BOOL, "archived"),
    Column("备注", "note", TEXT, "note"),
    Column("专项治理主题", "campaign", CAMPAIGN, max_length=60),
)

BY_CANONICAL = {c.canonical: c for c in COLUMNS}
PLAIN_FIELDS = [c.field for c in COLUMNS if c.kind in (DATE, CHOICE, BOOL, COUNT, AMOUNT, TEXT)]
ANONYMOUS = "匿名"
YES, NO = "是", "否"
BOOL_WORDS = {"是": True, "否": False, "y": True, "n": False, "yes": True, "no": False,
              "true": True, "false": False, "1": True, "0": False}


def _header_key(text: str) -> str:
    return str(text).strip(SPACES + "\ufeff").lower()


_LOOKUP = {}
for _c in COLUMNS:
    _LOOKUP[_header_key(_c.zh)] = _c
    _LOOKUP[_header_key(_c.canonical)] = _c
# Model field names that differ from the canonical names are understood too.
_LOOKUP.update({"is_repeat": BY_CANONICAL["repeat"], "handler_name": BY_CANONICAL["handler"]})


def column_for_header(header) -> Column | None:
    """The column a header names (Chinese or canonical, any surrounding spaces), or None."""
    if header is None:
        return None
    return _LOOKUP.get(_header_key(header))


def clean_header(header) -> str:
    """The header's name; the quote our export adds before a formula-like name is taken off."""
    return "" if header is None else restore(str(header).strip(SPACES + "\ufeff"))
