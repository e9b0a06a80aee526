"""The registries of the cross-check contract (shared/spec/crosscheck.md §1).

This module is the single description of every registry: its key (the file name
in a bundle), its columns with Chinese and canonical names, and each column's
kind. The importer normalises raw files into typed DuckDB tables by these kinds;
rule queries read those tables by the canonical names.

Normalised table layout (one table per registry snapshot), by column kind:

- every table has ``_row INTEGER``: the spreadsheet row number (header = row 1);
- ``ID``: ``<col> VARCHAR`` holds the normalised ID when it is *valid*, else NULL
  (so an invalid ID never joins), and ``<col>_raw VARCHAR`` the text as delivered;
- ``NAME``: normalised name (trimmed, inner spaces removed, traditional folded to
  simplified character by character, middle dots unified to ``·``);
- ``DATE``: DATE, NULL when empty (unknown/open);
- ``AMOUNT``: DECIMAL(18,2) 元; ``NUMBER``: DOUBLE;
- ``PERIOD``: ``period VARCHAR`` (normalised label: ``2018-03``, ``2018Q2``,
  ``2018``), ``period_start DATE``, ``period_end DATE`` (exclusive) and
  ``period_unit VARCHAR`` (``月``, ``季`` or ``年``);
- ``BOOL``: BOOLEAN (是/否, 1/0, true/false, Y/N);
- ``CODE``: VARCHAR with all whitespace removed (codes, accounts, plates);
- ``TEXT``: VARCHAR, trimmed, empty -> NULL;
- ``PARTY``: a counterparty's ID, which is a resident ID or an organisation's
  统一社会信用代码 (unified social credit code, USCC): ``<col>`` holds the normalised
  resident ID when valid (as ``ID``), ``<col>_uscc`` the upper-cased USCC when it
  is a valid one, and ``<col>_raw`` the text as delivered. A value that is neither
  keeps its row and is reported; an empty one is no problem.

A column with ``choices`` must hold one of them (after trimming); a value outside
them rejects the row when the column is required and is reported (the row kept)
otherwise. A ``positive`` amount must be greater than zero (else the row is rejected).
"""

from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    ID = "id"
    NAME = "name"
    DATE = "date"
    AMOUNT = "amount"
    NUMBER = "number"
    PERIOD = "period"
    BOOL = "bool"
    CODE = "code"
    TEXT = "text"
    PARTY = "party"


@dataclass(frozen=True)
class Column:
    name: str  # canonical (English) header
    zh: str  # Chinese header
    kind: Kind
    required: bool = False  # a row without it is rejected
    choices: tuple[str, ...] = ()  # allowed values (TEXT); empty: any
    positive: bool = False  # AMOUNT: must be > 0


@dataclass(frozen=True)
class Registry:
    key: str
    zh: str
    columns: tuple[Column, ...]
    unique: str | None = None  # column whose duplicates are rejected
    unique_within: str | None = None  # ... among rows with the same value of this column

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _cols(*specs) -> tuple[Column, ...]:
    return tuple(Column(*spec) for spec in specs)


K = Kind
DIRECTIONS = ("收入", "支出")
METHODS = ("转账", "现金", "其他")

REGISTRIES: dict[str, Registry] = {
    r.key: r
    for r in (
        Registry("roll", "保障对象名册", _cols(
            ("household_id", "户编号", K.CODE, True),
            ("name", "姓名", K.NAME, True),
            ("id_number", "证件号码", K.ID),
            ("relation", "与户主关系", K.TEXT),
            ("sex", "性别", K.TEXT),
            ("birth_date", "出生日期", K.DATE),
            ("village_code", "行政区划代码", K.CODE),
            ("township", "乡镇", K.TEXT),
            ("village", "村", K.TEXT),
            ("enrolled_on", "纳入日期", K.DATE),
            ("removed_on", "退出日期", K.DATE),
            ("status", "人员状态", K.TEXT),
        )),
        Registry("payments", "资金发放明细", _cols(
            ("payment_id", "发放流水号", K.CODE, True),
            ("program", "项目名称", K.TEXT, True),
            ("period", "资金所属期", K.PERIOD, True),
            ("name", "领取人姓名", K.NAME, True),
            ("id_number", "领取人证件号码", K.ID),
            ("household_id", "户编号", K.CODE),
            ("account", "银行账号", K.CODE),
            ("account_name", "账户户名", K.NAME),
            ("amount", "发放金额", K.AMOUNT, True),
            ("paid_on", "发放日期", K.DATE, True),
            ("village_code", "行政区划代码", K.CODE),
            ("department", "发放单位", K.TEXT),
        ), unique="payment_id"),
        Registry("standards", "补助标准", _cols(
            ("program", "项目名称", K.TEXT, True),
            ("max_amount", "标准金额", K.AMOUNT, True),
            ("cycle", "发放周期", K.TEXT, True),
            ("scope", "对象范围", K.TEXT, True),
            ("requires_roll", "须在册", K.BOOL, True),
            ("valid_from", "生效日期", K.DATE, True),
            ("valid_to", "失效日期", K.DATE),
        )),
        Registry("vehicles", "车辆登记信息", _cols(
            ("plate", "号牌号码", K.CODE),
            ("vehicle_type", "车辆类型", K.TEXT),
            ("owner_name", "所有人", K.NAME),
            ("owner_id_number", "所有人证件号码", K.ID),
            ("registered_on", "初次登记日期", K.DATE),
            ("deregistered_on", "注销日期", K.DATE),
        )),
        Registry("properties", "不动产登记信息", _cols(
            ("cert_no", "不动产权证号", K.CODE),
            ("owner_name", "权利人", K.NAME),
            ("owner_id_number", "权利人证件号码", K.ID),
            ("address", "坐落", K.TEXT),
            ("usage", "房屋用途", K.TEXT),
            ("area_m2", "建筑面积", K.NUMBER),
            ("registered_on", "登记日期", K.DATE),
            ("deregistered_on", "注销日期", K.DATE),
        )),
        Registry("deaths", "死亡人员信息", _cols(
            ("name", "姓名", K.NAME, True),
            ("id_number", "证件号码", K.ID),
            ("sex", "性别", K.TEXT),
            ("birth_date", "出生日期", K.DATE),
            ("died_on", "死亡日期", K.DATE, True),
            ("village_code", "行政区划代码", K.CODE),
            ("source", "数据来源", K.TEXT),
        )),
        Registry("employees", "财政供养人员信息", _cols(
            ("name", "姓名", K.NAME, True),
            ("id_number", "证件号码", K.ID),
            ("employer", "工作单位", K.TEXT),
            ("started_on", "入职日期", K.DATE),
            ("ended_on", "离职日期", K.DATE),
        )),
        Registry("businesses", "市场主体登记信息", _cols(
            ("company", "企业名称", K.TEXT, True),
            ("uscc", "统一社会信用代码", K.CODE),
            ("entity_type", "主体类型", K.TEXT),
            ("person_name", "人员姓名", K.NAME),
            ("person_id_number", "人员证件号码", K.ID),
            ("role", "角色", K.TEXT),
            ("capital", "注册资本", K.NUMBER),
            ("founded_on", "成立日期", K.DATE),
            ("dissolved_on", "注销日期", K.DATE),
        )),
        Registry("cadres", "村干部及近亲属信息", _cols(
            ("name", "姓名", K.NAME, True),
            ("id_number", "证件号码", K.ID),
            ("birth_date", "出生日期", K.DATE),
            ("village_code", "行政区划代码", K.CODE),
            ("position", "职务", K.TEXT),
            ("cadre_id_number", "关联干部证件号码", K.ID),
            ("relation", "关系", K.TEXT),
            ("term_from", "任职起", K.DATE),
            ("term_to", "任职止", K.DATE),
        )),
        # Village finance (crosscheck.md §5).
        Registry("village_books", "村级财务收支明细", (
            Column("voucher_no", "凭证号", K.CODE, True),
            Column("village_code", "行政区划代码", K.CODE, True),
            Column("booked_on", "记账日期", K.DATE, True),
            Column("direction", "收支", K.TEXT, True, choices=DIRECTIONS),
            Column("account_title", "科目", K.TEXT),
            Column("memo", "摘要", K.TEXT),
            Column("amount", "金额", K.AMOUNT, True, positive=True),
            Column("counterparty", "收付对象", K.NAME),
            Column("counterparty_id", "收付对象证件号码", K.PARTY),
            Column("method", "结算方式", K.TEXT, choices=METHODS),
            Column("reviewed", "民主理财审核", K.BOOL),
        ), unique="voucher_no", unique_within="village_code"),
        Registry("village_bank", "村集体账户银行流水", (
            Column("txn_id", "交易流水号", K.CODE, True),
            Column("village_code", "行政区划代码", K.CODE, True),
            Column("txn_on", "交易日期", K.DATE, True),
            Column("direction", "收支", K.TEXT, True, choices=DIRECTIONS),
            Column("amount", "金额", K.AMOUNT, True, positive=True),
            Column("counterparty", "对方户名", K.NAME),
            Column("counterparty_account", "对方账号", K.CODE),
            Column("memo", "摘要", K.TEXT),
        ), unique="txn_id"),
    )
}

# .xls: WPS and Excel 97-2003; .ods: LibreOffice/WPS "OpenDocument". All read by calamine.
SPREADSHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")
FILE_EXTENSIONS = (".csv", *SPREADSHEET_EXTENSIONS, ".parquet")

# A registry file is named by its key or its Chinese name (保障对象名册.xlsx, roll.csv), and a
# registry split over several files by that name and a part (资金发放明细_2018-01.xlsx,
# payments-2018-02.csv) or by a folder of that name holding the parts (payments/…).
FILE_NAMES: dict[str, tuple[str, ...]] = {key: (key, r.zh) for key, r in REGISTRIES.items()}
_PART_SEPARATORS = "_-－—（( 　"


def registry_of_name(stem: str) -> tuple[str | None, bool]:
    """(registry key, is a part of a split series) for a file stem or folder name; (None, False)
    for a name that is no registry's."""
    text = stem.strip().lower()
    for key, names in FILE_NAMES.items():
        for name in names:
            if text == name.lower():
                return key, False
            if text.startswith(name.lower()) and text[len(name)] in _PART_SEPARATORS:
                return key, True
    return None, False
