"""The engine's fixed Chinese phrases in import problems and bundle errors.

The engine is Django-free, so it writes reasons in Chinese only; the web layer
(crosscheck/engine_text.py) translates a stored reason by replacing these phrases.
"""

from qingfeng.engine import importer
from qingfeng.engine import normalize as n
from qingfeng.engine.schema import REGISTRIES

# Literal phrases of importer/readers/hub messages (ones not kept in a constant there).
FIXED = (
    "必填列为空", "应为正数", "空行", "之一", "应为",
    "文件不存在", "不是目录", "有两个文件", "未知的登记表", "按村导入需要行政区划代码", "不能按村导入",
    "CSV 格式错误", "文件为空，没有表头行", "无法读取 Parquet 文件", "不支持的文件类型", "缺少必填列",
    "登记表", "没有行政区划代码（village_code）列",
)
CONSTANTS = (n.ID_EMPTY, n.ID_SCIENTIFIC, n.ID_ROUNDED, n.ID_SHAPE, n.ID_BAD_DATE, n.ID_BAD_CHECK, n.PARTY_BAD)


def phrases() -> list[str]:
    """Every fixed phrase, longest first so a phrase is replaced before any phrase inside it."""
    found = set(FIXED) | set(CONSTANTS) | set(importer.UNREADABLE.values())
    for spec in REGISTRIES.values():
        found.add(spec.zh)
        found.update(c.zh for c in spec.columns)
    return sorted(found, key=lambda p: (-len(p), p))
