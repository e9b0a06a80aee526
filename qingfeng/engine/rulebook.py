"""The rule catalogue as data: load, validate, bind parameters, render SQL.

Each rule is one TOML file in ``qingfeng/engine/rules/`` (see R01.toml). Shared
views every rule may read (a payment's household, its standard, death and cadre
matches) are in ``rules/_views.toml``. An analyst adds or changes a rule by
editing these files; the engine is not touched.
"""

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sqlglot import exp

from qingfeng.engine import dialect
from qingfeng.engine.schema import REGISTRIES

RULES_DIR = Path(__file__).parent / "rules"
HIT_COLUMNS = ("id_number", "household_id", "name", "payment_id", "account", "score", "evidence")
# Output columns a rule may leave out (NULL then): the village finance key (§5).
OPTIONAL_HIT_COLUMNS = ("record",)
REQUIRED_FIELDS = ("id", "title", "title_en", "theme", "severity", "version", "requires", "key", "query")
PYTHON_VIEWS = {"fuzzy_deaths", "fuzzy_cadres"}  # built by identity.py


class RuleError(ValueError):
    """A rule file or a parameter override is invalid."""


@dataclass(frozen=True)
class Parameter:
    name: str
    default: object
    description: str = ""

    def parse(self, text: str):
        """Convert an override given as text to the default's type."""
        kind = type(self.default)
        try:
            if isinstance(self.default, bool):
                lowered = text.strip().lower()
                if lowered not in {"true", "false", "1", "0", "是", "否"}:
                    raise ValueError(text)
                return lowered in {"true", "1", "是"}
            if isinstance(self.default, list):
                parts = text.replace("、", ",").replace("，", ",").split(",")
                return [p.strip() for p in parts if p.strip()]
            return kind(text.strip())
        except ValueError:
            raise RuleError(f"参数 {self.name} 的值 {text!r} 无效 / invalid value (expected {kind.__name__})") from None


@dataclass
class Rule:
    id: str
    title: str
    title_en: str
    theme: str
    severity: str
    version: int
    requires: tuple[str, ...]
    key: tuple[str, ...]
    query: str
    description: str = ""  # English
    description_zh: str = ""
    parameters: dict[str, Parameter] = field(default_factory=dict)
    path: Path | None = None
    tree: exp.Expression | None = None

    def params(self, overrides: dict | None = None) -> dict:
        values = {name: p.default for name, p in self.parameters.items()}
        for name, value in (overrides or {}).items():
            if name not in self.parameters:
                raise RuleError(f"{self.id} 没有参数 {name} / unknown parameter")
            values[name] = value
        return values

    def render(self, backend: str = "duckdb", tables: dict | None = None, params: dict | None = None,
               evidence_json: bool = False) -> str:
        """The rule's SQL for ``backend``; with ``evidence_json`` the evidence
        column comes out as JSON text (fast to fetch, same on every backend)."""
        bound = dialect.bind(self.tree, self.params(params), tables or {})
        if evidence_json:
            selects = set(bound.named_selects) if isinstance(bound, exp.Query) else set()
            present = HIT_COLUMNS + tuple(c for c in OPTIONAL_HIT_COLUMNS if c in selects)
            absent = tuple(c for c in OPTIONAL_HIT_COLUMNS if c not in selects)
            bound = dialect.with_json_column(bound, "evidence", present, absent)
        return dialect.render(bound, backend)

    def reads(self) -> set[str]:
        return dialect.tables_used(self.tree)


@dataclass
class View:
    name: str
    query: str
    tree: exp.Expression

    def render(self, backend: str = "duckdb", tables: dict | None = None) -> str:
        return dialect.render(dialect.bind(self.tree, {}, tables or {}), backend)

    def reads(self) -> set[str]:
        return dialect.tables_used(self.tree)


def _load_rule(path: Path) -> Rule:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise RuleError(f"{path.name}: TOML 格式错误 / invalid TOML: {err}") from None
    missing = [f for f in REQUIRED_FIELDS if f not in data]
    if missing:
        raise RuleError(f"{path.name}: 缺少字段 / missing fields {missing}")
    if data["id"] != path.stem:
        raise RuleError(f"{path.name}: id {data['id']!r} 与文件名不符 / does not match the file name")
    unknown = [r for r in data["requires"] if r not in REGISTRIES]
    if unknown:
        raise RuleError(f"{path.name}: 未知登记表 / unknown registries {unknown}")
    params = {
        name: Parameter(name, spec["default"], spec.get("description", ""))
        for name, spec in data.get("parameters", {}).items()
    }
    try:
        tree = dialect.parse(data["query"])
    except dialect.SQLError as err:
        raise RuleError(f"{path.name}: {err}") from None
    rule = Rule(
        id=data["id"], title=data["title"], title_en=data["title_en"], theme=data["theme"],
        severity=data["severity"], version=int(data["version"]), requires=tuple(data["requires"]),
        key=tuple(data["key"]), query=data["query"], description=data.get("description", "").strip(),
        description_zh=data.get("description_zh", "").strip(),
        parameters=params, path=path, tree=tree,
    )
    _validate(rule)
    return rule


def _validate(rule: Rule) -> None:
    selects = set(rule.tree.named_selects) if isinstance(rule.tree, exp.Query) else set()
    missing = [c for c in HIT_COLUMNS if c not in selects]
    if missing:
        raise RuleError(f"{rule.id}: 查询缺少输出列 / query lacks output columns {missing}")
    bad_key = [k for k in rule.key if k not in HIT_COLUMNS + OPTIONAL_HIT_COLUMNS]
    if bad_key:
        raise RuleError(f"{rule.id}: key 列无效 / invalid key columns {bad_key}")
    undefined = dialect.placeholders(rule.tree) - set(rule.parameters)
    if undefined:
        raise RuleError(f"{rule.id}: 查询使用了未定义的参数 / undefined parameters {sorted(undefined)}")


class Rulebook:
    def __init__(self, rules: dict[str, Rule], views: dict[str, View]):
        self.rules = rules
        self.views = views

    @classmethod
    def load(cls, directory: Path | None = None) -> "Rulebook":
        """Load a rules directory; parsed once per version of its files."""
        directory = Path(directory or RULES_DIR).resolve()
        stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(directory.glob("*.toml")))
        return _load_cached(directory, stamp)

    @classmethod
    def _load(cls, directory: Path) -> "Rulebook":
        rules = {}
        for path in sorted(directory.glob("R*.toml"), key=lambda p: (len(p.stem), p.stem)):
            rule = _load_rule(path)
            rules[rule.id] = rule
        views = {}
        views_file = directory / "_views.toml"
        if views_file.exists():
            for spec in tomllib.loads(views_file.read_text(encoding="utf-8")).get("view", []):
                views[spec["name"]] = View(spec["name"], spec["query"], dialect.parse(spec["query"]))
        return cls(rules, views)

    def get(self, rule_id: str) -> Rule:
        try:
            return self.rules[rule_id.upper()]
        except KeyError:
            raise RuleError(f"没有规则 {rule_id} / no such rule (known: {', '.join(self.rules)})") from None

    def parse_overrides(self, items: list[str]) -> dict[str, dict]:
        """``["R10.min_recipients=4"]`` -> ``{"R10": {"min_recipients": 4}}``."""
        result: dict[str, dict] = {}
        for item in items or []:
            target, sep, text = item.partition("=")
            rule_id, dot, name = target.strip().partition(".")
            if not sep or not dot:
                raise RuleError(f"参数格式应为 RULE.NAME=VALUE / expected RULE.NAME=VALUE, got {item!r}")
            rule = self.get(rule_id)
            if name not in rule.parameters:
                raise RuleError(f"{rule.id} 没有参数 {name} / unknown parameter (has: {', '.join(rule.parameters)})")
            result.setdefault(rule.id, {})[name] = rule.parameters[name].parse(text)
        return result

    def views_needed(self, rules: list[Rule]) -> list[str]:
        """Views (incl. identity tables) the rules read, dependencies first."""
        order: list[str] = []

        def visit(name: str) -> None:
            if name in order:
                return
            if name in self.views:
                for dep in sorted(self.views[name].reads()):
                    visit(dep)
                order.append(name)
            elif name in PYTHON_VIEWS:
                order.append(name)

        for rule in rules:
            for name in sorted(rule.reads()):
                visit(name)
        return order


    def view_readers(self, rules: list[Rule]) -> dict[str, int]:
        """How many of ``rules`` read each shared view, directly or through another view."""
        counts: dict[str, int] = {}
        for rule in rules:
            seen: set[str] = set()
            stack = list(rule.reads())
            while stack:
                name = stack.pop()
                if name in seen or name not in self.views:
                    continue
                seen.add(name)
                stack.extend(self.views[name].reads())
            for name in seen:
                counts[name] = counts.get(name, 0) + 1
        return counts


@lru_cache(maxsize=8)
def _load_cached(directory: Path, stamp: tuple) -> Rulebook:
    return Rulebook._load(directory)
