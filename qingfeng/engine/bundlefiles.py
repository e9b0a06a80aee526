"""Which files of a bundle directory hold which registry.

A file is claimed by its name — the registry's key or Chinese name (roll.csv,
保障对象名册.xls), optionally with a part (资金发放明细_2018-01.xlsx) — or by the folder
it sits in (payments/…, 资金发放明细/…: every table file in it is a part). A file whose
name is no registry's is recognised by its header row: the registry whose required
columns it all has (and at least one of its columns) and whose columns it covers best, when exactly one does. Parts of
one registry are imported together as one snapshot (``hub.import_file`` with a list);
two files that both claim a registry without both being parts are an error.
"""

from pathlib import Path

from qingfeng.engine import bounds
from qingfeng.engine.readers import BundleError, read_xlsx
from qingfeng.engine.schema import FILE_EXTENSIONS, REGISTRIES, SPREADSHEET_EXTENSIONS, registry_of_name


def _skipped(path: Path) -> bool:
    return path.name.startswith((".", "~$"))  # hidden files and Excel lock files


def header_cells(path: Path) -> list[str]:
    """The header row of a table file (read within the import limits)."""
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_EXTENSIONS:
        rows = read_xlsx(path)
        return [str(cell) for cell in (rows[0] if rows else []) if cell not in (None, "")]
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        return list(pq.read_schema(path).names)
    from qingfeng.engine.readers import quick_sniff

    encoding, _blank = quick_sniff(path)
    with open(path, encoding="utf-8-sig" if encoding != "gb18030" else encoding, errors="replace",
              newline="") as f:
        return next(bounds.csv_rows(f, bounds.Limits.from_env()), [])


def recognise(headers: list[str]) -> tuple[str | None, str]:
    """(registry key, "") for a header row that one registry fits best, else (None, why)."""
    from qingfeng.engine.importer import header_key

    present = {header_key(h) for h in headers}
    scores = {}
    for key, registry in REGISTRIES.items():
        has = {c.name for c in registry.columns if header_key(c.zh) in present or header_key(c.name) in present}
        if has and all(c.name in has for c in registry.columns if c.required):
            scores[key] = len(has)
    if not scores:
        return None, "文件名不是登记表名称，表头也不含任何登记表的全部必填列，已忽略"
    best = max(scores.values())
    winners = [key for key, score in scores.items() if score == best]
    if len(winners) > 1:
        names = "、".join(f"{REGISTRIES[k].zh}（{k}）" for k in winners)
        return None, f"文件名不是登记表名称，表头同样符合 {names}，无法确定是哪个登记表，已忽略；请按登记表名称命名文件"
    return winners[0], ""


class Claims:
    """Registry key -> its files, refusing two files for one registry unless both are parts."""

    def __init__(self):
        self.files: dict[str, list] = {}
        self.parts: dict[str, bool] = {}

    def add(self, key: str, file, part: bool) -> None:
        if key in self.files and not (part and self.parts[key]):
            first = self.files[key][0]
            raise BundleError(f"登记表 {key}（{REGISTRIES[key].zh}）有两个文件："
                              f"{getattr(first, 'name', first)} 和 {getattr(file, 'name', file)}"
                              "（同一登记表分为多个文件时，请命名为 名称_部分，例如 资金发放明细_2018-01.xlsx，"
                              "或放在以登记表命名的文件夹中）")
        self.files.setdefault(key, []).append(file)
        self.parts[key] = part


def bundle_files(directory: Path) -> tuple[dict[str, list[Path]], dict[str, str]]:
    """registry key -> its files (one, or the parts of a split registry, in name order), and
    name -> why, for each file that is no registry's (ignored)."""
    if not directory.is_dir():
        raise BundleError(f"{directory}：不是目录")
    claims, ignored, unnamed = Claims(), {}, []
    for path in sorted(directory.iterdir()):
        if _skipped(path):
            continue
        key, part = registry_of_name(path.stem if path.is_file() else path.name)
        if path.is_dir():
            if key is None:
                ignored[f"{path.name}/"] = "文件夹名不是登记表名称，已忽略"
                continue
            for inner in sorted(p for p in path.iterdir() if p.is_file() and not _skipped(p)):
                if inner.suffix.lower() in FILE_EXTENSIONS:
                    claims.add(key, inner, True)
                else:
                    ignored[f"{path.name}/{inner.name}"] = "不支持的文件类型，已忽略"
            continue
        if not path.is_file():
            continue
        if path.suffix.lower() not in FILE_EXTENSIONS:
            ignored[path.name] = "不是登记表文件，已忽略"
        elif key is None:
            unnamed.append(path)
        else:
            claims.add(key, path, part)
    for path in unnamed:  # after the named files, so that a named file wins its registry
        try:
            key, why = recognise(header_cells(path))
        except (BundleError, bounds.TooBig, bounds.Unreadable, OSError, ValueError) as e:
            key, why = None, f"文件名不是登记表名称，表头无法读取（{e}），已忽略"
        if key is None:
            ignored[path.name] = why
        elif key in claims.files:
            ignored[path.name] = (f"文件名不是登记表名称，表头符合 {REGISTRIES[key].zh}（{key}），"
                                  "但该登记表已有文件，已忽略")
        else:
            claims.add(key, path, False)
    return claims.files, ignored
