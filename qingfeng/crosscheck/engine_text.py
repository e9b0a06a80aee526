"""The engine's Chinese text on web pages in the active language, in one place.

The engine (Django-free) writes problem reasons, bundle errors and rule texts in
Chinese, some as "中文 / English". Pages pass them through these helpers: known
engine phrases (engine/phrases.py) are replaced by their translations, a bilingual
text shows its half for the language, and server paths shrink to the file name.
"""

import re
from functools import lru_cache

from django.utils.translation import get_language, gettext, pgettext
from django.utils.translation import gettext_noop as _

from qingfeng.core.server_paths import without_server_paths
from qingfeng.engine.phrases import phrases
from qingfeng.engine.rulebook import Rulebook, RuleError

# The phrases of engine/phrases.py, written out so makemessages collects them
# (tests/web/test_crosscheck_text.py checks the two lists agree).
MARKED = (
    _("CSV 格式错误"), _("不动产权证号"), _("不动产登记信息"), _("不支持的文件类型"), _("不是目录"), _("不能按村导入"), _("与户主关系"), _("主体类型"), _("之一"),
    _("乡镇"), _("交易日期"), _("交易流水号"), _("人员姓名"), _("人员状态"), _("人员证件号码"), _("任职止"), _("任职起"), _("企业名称"), _("保障对象名册"),
    _("入职日期"), _("关系"), _("关联干部证件号码"), _("凭证号"), _("出生日期"), _("初次登记日期"), _("发放单位"), _("发放周期"), _("发放日期"), _("发放流水号"),
    _("发放金额"), _("号牌号码"), _("坐落"), _("失效日期"), _("姓名"), _("对方户名"), _("对方账号"), _("对象范围"), _("工作单位"), _("市场主体登记信息"),
    _("应为"), _("应为“是”或“否”"), _("应为正数"), _("建筑面积"), _("必填列为空"), _("性别"), _("成立日期"), _("户编号"), _("房屋用途"), _("所有人"),
    _("所有人证件号码"), _("按村导入需要行政区划代码"), _("摘要"), _("收付对象"), _("收付对象证件号码"), _("收支"), _("数据来源"), _("文件不存在"),
    _("文件为空，没有表头行"), _("无法识别的数值"), _("无法识别的日期"), _("无法识别的资金所属期"), _("无法识别的金额"), _("无法读取 Parquet 文件"),
    _("既不是有效的公民身份号码，也不是有效的统一社会信用代码"), _("有两个文件"), _("未知的登记表"), _("权利人"), _("权利人证件号码"), _("村"), _("村干部及近亲属信息"),
    _("村级财务收支明细"), _("村集体账户银行流水"), _("标准金额"), _("死亡人员信息"), _("死亡日期"), _("民主理财审核"), _("没有行政区划代码（village_code）列"),
    _("注册资本"), _("注销日期"), _("生效日期"), _("登记日期"), _("登记表"), _("离职日期"), _("科目"), _("空行"), _("纳入日期"), _("结算方式"),
    _("统一社会信用代码"), _("缺少必填列"), _("职务"), _("行政区划代码"), _("补助标准"), _("角色"), _("记账日期"), _("证件号码"), _("证件号码中的出生日期无效"),
    _("证件号码被 Excel 当作数字保存，已四舍五入为科学计数法（只保留15位有效数字），原号码已丢失：请将该列设为文本格式后重新导出"),
    _("证件号码末三位为000且校验码不符，像是被 Excel 当作数字四舍五入（只保留15位有效数字）：请将该列设为文本格式后重新导出"), _("证件号码为空"), _("证件号码应为18位（17位数字加数字或X）或15位旧号码"), _("证件号码校验码错误"), _("财政供养人员信息"), _("账户户名"),
    _("资金发放明细"), _("资金所属期"), _("车辆登记信息"), _("车辆类型"), _("退出日期"), _("金额"), _("银行账号"), _("项目名称"), _("须在册"), _("领取人姓名"),
    _("领取人证件号码"),
)
# The engine's separator in bilingual messages, e.g. "无效 / invalid", "（元）/ amounts".
BILINGUAL = re.compile(r" ?/ ")


def is_english() -> bool:
    return (get_language() or "").startswith("en")


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    return re.compile("|".join(re.escape(p) for p in phrases()))


def bilingual_half(text) -> str:
    """The active language's half of "中文 / English"; other text unchanged."""
    text = str(text or "")
    halves = BILINGUAL.split(text, maxsplit=1)
    if len(halves) < 2:
        return text
    return halves[1].strip() if is_english() else halves[0].strip()


# A rule's theme as the catalogue writes it: "村级财务 village finance".
THEME = re.compile(r"^(\S+)\s+([A-Za-z].*)$")


def rule_theme(text) -> str:
    """The active language's half of a rule theme; other text unchanged."""
    match = THEME.match(str(text or ""))
    if not match:
        return str(text or "")
    return match.group(2) if is_english() else match.group(1)


def rule_severity(value) -> str:
    """A rule's severity (高/中/低) in the active language."""
    names = {"高": pgettext("rule severity", "高"), "中": pgettext("rule severity", "中"),
             "低": pgettext("rule severity", "低")}
    return names.get(str(value or ""), str(value or ""))


def engine_text(text) -> str:
    """A stored engine reason or job error as the page shows it."""
    text = bilingual_half(without_server_paths(str(text or "")))
    if not is_english() or not text:
        return text
    return _pattern().sub(lambda m: gettext(m.group(0)), text)


def _rule(rule_or_id):
    if not isinstance(rule_or_id, str):
        return rule_or_id
    try:
        return Rulebook.load().get(rule_or_id)
    except RuleError:
        return None


def rule_title(rule_or_id, fallback: str = "") -> str:
    rule = _rule(rule_or_id)
    if rule is None:
        return fallback or str(rule_or_id or "")
    return rule.title_en if is_english() else rule.title


def rule_description(rule) -> str:
    return (rule.description if is_english() else rule.description_zh) or rule.description
