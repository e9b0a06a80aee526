"""The reasons an investigator picks for a 核查 verdict: common ones, and per rule where
the registry behind the rule has its own typical explanations (a sold car, a resettlement flat).
Stored as chosen (Chinese, the key); shown in the active language (reason_label)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

OTHER = _("其他")
CONFIRMED_COMMON = (_("问题属实，已责令整改"), _("问题属实，已追缴资金"), _("问题属实，已移交查处"))
REFUTED_COMMON = (_("同名不同人"), _("证件号码登记错误"), _("符合政策，已按规定审批"), _("源数据更新滞后"))
CONFIRMED_BY_RULE = {
    "R03": (_("已死亡未及时销户"),),
    "R06": (_("优亲厚友属实"),),
    "R10": (_("代领冒领属实"),),
    "R11": (_("代领冒领属实"),),
}
REFUTED_BY_RULE = {
    "R01": (_("车辆已过户"), _("车辆已报废注销"), _("农用或营运车辆，符合政策")),
    "R02": (_("安置房登记错误"), _("房产已出售"), _("继承所得住房")),
    "R03": (_("死亡信息有误"),),
    "R04": (_("已离职或退休"), _("公益性岗位人员")),
    "R05": (_("企业已注销或吊销"), _("仅挂名，未实际经营")),
    "R06": (_("非近亲属关系"), _("已按规定回避并公示")),
    "R07": (_("补发或更正，非重复发放"),),
    "R08": (_("标准调整后补发"),),
    "R10": (_("家庭成员共用账户，已备案"),),
    "R13": (_("档案已合并"),),
    "R14": (_("已补记入账"),), "R15": (_("已履行民主理财程序"),), "R16": (_("已说明现金支付原因"),),
    "R17": (_("正常分批支出"),), "R18": (_("正常劳务或采购报酬，已公示"),),
}


def reasons_for(verdict: str, rule: str) -> tuple[str, ...]:
    """The reasons offered for `verdict` ("confirmed" / "refuted") on a hit of `rule`; 其他 last."""
    if verdict == "confirmed":
        return (*CONFIRMED_BY_RULE.get(rule, ()), *CONFIRMED_COMMON, OTHER)
    return (*REFUTED_BY_RULE.get(rule, ()), *REFUTED_COMMON, OTHER)


def reason_label(reason: str) -> str:
    """A stored reason in the active language (a free-text one unchanged)."""
    return gettext(reason) if reason else ""
