"""Documentation that cannot drift: the README and docs/ are checked against the code.

Each test reads the names from the code (commands, settings, folders, registry and
ledger columns, rules and their parameters) and fails naming what a document lacks.
"""

import argparse
import ast
import importlib
import json
import re
from pathlib import Path

from django.core.management import load_command_class

from qingfeng.cli import ENGINE_COMMANDS
from qingfeng.engine.cli import build_parser
from qingfeng.engine.rulebook import Rulebook
from qingfeng.engine.schema import REGISTRIES

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "qingfeng"
DOCS = REPO / "docs"
README = (REPO / "README.md").read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The text under a markdown heading, up to the next heading of the same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    lines = text.splitlines()
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines))
                if re.match(rf"#{{1,{level}}} ", lines[i])), len(lines))
    return "\n".join(lines[start:end])


def first_cells(table_text: str) -> list[str]:
    """The first cell of every body row of the markdown tables in a text."""
    cells = []
    for line in table_text.splitlines():
        if line.startswith("|") and not re.match(r"\|\s*-", line):
            cells.append(re.split(r"(?<!\\)\|", line)[1].strip())
    return cells[1:] if cells else cells  # drop the header row


def code_spans(text: str) -> list[str]:
    return [span.replace("\\|", "|") for span in re.findall(r"`([^`]+)`", text)]


# --- commands ---------------------------------------------------------------------


def _words(parser: argparse.ArgumentParser) -> list[str]:
    """Subcommands and positional choices of a command (ledger import, audit verify…)."""
    words = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            words += list(action.choices)
        elif not action.option_strings and action.choices:
            words += [str(c) for c in action.choices]
    return words


def engine_commands() -> dict[str, list[str]]:
    subparsers = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert set(subparsers.choices) == ENGINE_COMMANDS
    return {name: _words(parser) for name, parser in subparsers.choices.items()}


def management_commands() -> dict[str, list[str]]:
    """Every management command of the qingfeng apps, with its subcommands."""
    found = {}
    for path in sorted(PACKAGE.glob("*/management/commands/*.py")):
        if path.name.startswith("_"):
            continue
        app = f"qingfeng.{path.parts[-4]}"
        command = load_command_class(app, path.stem)
        found[path.stem] = _words(command.create_parser("qingfeng", path.stem))
    return found


def documented_commands() -> list[str]:
    table = section(README, "## The `qingfeng` command")
    return [span for cell in first_cells(table) for span in code_spans(cell) if span.startswith("qingfeng ")]


def missing_commands(commands: dict[str, list[str]]) -> list[str]:
    documented = documented_commands()
    wanted = []
    for name, words in commands.items():
        wanted += [f"qingfeng {name} {word}" for word in words] or [f"qingfeng {name}"]
    return [w for w in wanted if not any(d == w or d.startswith(w + " ") for d in documented)]


def test_the_command_table_is_found_and_read():
    documented = documented_commands()
    assert "qingfeng rules show R03" in documented
    assert "qingfeng ledger export OUT.xlsx" in documented


def test_every_engine_command_is_in_the_readme_command_table():
    assert missing_commands(engine_commands()) == []


def test_every_management_command_of_the_apps_is_in_the_readme_command_table():
    commands = management_commands()
    assert {"worker", "crosscheck-ledger", "ledger", "audit"} <= set(commands)
    assert missing_commands(commands) == []


def test_a_command_missing_from_the_table_is_caught():
    assert missing_commands({"nosuch": ["thing"], "ledger": ["import", "purge"]}) == [
        "qingfeng nosuch thing", "qingfeng ledger purge"]


# --- settings ---------------------------------------------------------------------

ENV_HELPERS = {"env_str", "env_bool", "env_int", "getenv"}


def _env_reads(tree: ast.AST):
    """Names read through conf.env_*(), os.getenv(), os.environ.get() or os.environ[...]."""
    for node in ast.walk(tree):
        name = None
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            on_environ = isinstance(func, ast.Attribute) and isinstance(func.value, ast.Attribute) \
                and func.value.attr == "environ" and func.attr == "get"
            if called in ENV_HELPERS or on_environ:
                name = node.args[0].value
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) \
                and node.value.attr == "environ" and isinstance(node.slice, ast.Constant):
            name = node.slice.value
        if isinstance(name, str):
            yield name


def settings_in_code() -> set[str]:
    names = set()
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        names |= set(_env_reads(ast.parse(text)))
        names |= set(re.findall(r"\bQINGFENG_[A-Z][A-Z0-9_]*\b", text))
    return names


def documented_settings() -> set[str]:
    table = section(README, "## Configuration")
    return {span for cell in first_cells(table) for span in code_spans(cell)}


def test_the_settings_found_in_the_code_include_the_known_ones():
    assert {"QINGFENG_HOME", "QINGFENG_REQUIRE_2FA", "QINGFENG_HUB_MEMORY", "DATABASE_URL"} <= settings_in_code()


def test_every_setting_read_in_the_code_is_in_the_readme_configuration_table():
    assert sorted(settings_in_code() - documented_settings()) == []


# --- layout -----------------------------------------------------------------------


def layout_entries() -> list[Path]:
    """The files and folders the README's layout block names, as repository paths.

    Each line's first word is an entry when it ends in "/" (a folder) or has a file
    suffix; its indentation says which folder above it belongs to."""
    block = re.search(r"```\n(.*?)```", section(README, "## Layout"), re.S).group(1)
    stack: list[tuple[int, str]] = []
    entries = []
    for line in block.splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        word = line.split()[0]
        if not (word.endswith("/") or re.fullmatch(r"[\w.-]+\.\w+", word)):
            continue  # a continuation of the description above
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = "".join(name for _, name in stack) + word
        entries.append(REPO / path)
        if word.endswith("/"):
            stack.append((indent, word))
    return entries


def test_the_layout_block_is_read_with_its_nesting():
    entries = layout_entries()
    assert REPO / "qingfeng/engine/rules/" in entries
    assert REPO / "qingfeng/engine/schema.py" in entries
    assert REPO / "bench/" in entries


def test_every_folder_and_file_in_the_readme_layout_exists():
    assert [str(p.relative_to(REPO)) for p in layout_entries() if not p.exists()] == []


def test_every_package_of_qingfeng_is_in_the_readme_layout():
    packages = {p for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    named = {Path(str(p).rstrip("/")) for p in layout_entries()}
    assert sorted(p.name for p in packages - named) == []


def test_the_readme_links_only_to_documents_that_exist():
    links = re.findall(r"\]\(((?!https?:)[^)#]+)\)", README)
    assert "docs/registries.md" in links
    assert [link for link in links if not (REPO / link).exists()] == []


def test_the_readme_no_longer_points_to_files_outside_the_repository():
    assert "shared/spec" not in README and "shared/design.md" not in README


# --- user documents ---------------------------------------------------------------


def doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def table_rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            for line in text.splitlines() if line.startswith("|") and not re.match(r"\|\s*-", line)]


def registry_section(key: str) -> str:
    text = doc("registries.md")
    heading = next(line for line in text.splitlines() if line.startswith("### ") and f"`{key}`" in line)
    return section(text, heading)


def test_every_registry_has_a_section_with_its_file_name_and_chinese_name():
    text = doc("registries.md")
    for key, registry in REGISTRIES.items():
        headings = [line for line in text.splitlines() if line.startswith("### ") and f"`{key}`" in line]
        assert len(headings) == 1, key
        assert registry.zh in headings[0], key


def test_every_registry_column_is_documented_with_both_names_and_whether_it_is_required():
    wrong = []
    for key, registry in REGISTRIES.items():
        rows = {row[0]: row for row in table_rows(registry_section(key))}
        for col in registry.columns:
            row = rows.get(col.zh)
            if row is None or row[1] != f"`{col.name}`" or (row[2] == "必填") != col.required:
                wrong.append(f"{key}.{col.name}")
    assert wrong == []


def ledger_columns():
    """The ledger sheet's columns, wherever the ledger package keeps them."""
    for module in ("qingfeng.clues.ledger", "qingfeng.clues.ledger.columns", "qingfeng.clues.ledger_columns"):
        try:
            columns = getattr(importlib.import_module(module), "COLUMNS", None)
        except ImportError:
            continue
        if columns:
            return columns
    raise AssertionError("no ledger COLUMNS found")


def test_every_ledger_column_is_documented_with_both_names_in_sheet_order():
    rows = [row for row in table_rows(section(doc("ledger.md"), "## 台账表的列")) if row[0].isdigit()]
    documented = [(row[1], row[2].strip("`")) for row in rows]
    columns = [(c.zh, getattr(c, "canonical", None) or c.name) for c in ledger_columns()]
    assert documented == columns


def test_every_choice_of_a_ledger_column_is_documented():
    text = doc("ledger.md")
    missing = [f"{c.zh}:{value}" for c in ledger_columns() for value in getattr(c, "choices", ()) if value not in text]
    assert missing == []


def _default_text(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(value)
    return str(value)


def rule_section(rule_id: str) -> str:
    text = doc("rules.md")
    heading = next(line for line in text.splitlines() if line.startswith(f"## {rule_id} "))
    return heading + "\n" + section(text, heading)


def test_every_rule_is_documented_under_its_id_and_title():
    text = doc("rules.md")
    for rule in Rulebook.load().rules.values():
        assert f"## {rule.id} {rule.title}" in text.splitlines(), rule.id


def test_every_rule_parameter_is_documented_with_its_default():
    missing = []
    for rule in Rulebook.load().rules.values():
        rows = {row[0].strip("`"): row for row in table_rows(rule_section(rule.id))}
        for p in rule.parameters.values():
            if p.name not in rows or rows[p.name][1] != _default_text(p.default):
                missing.append(f"{rule.id}.{p.name}")
    assert missing == []


def test_the_places_document_names_every_places_column():
    text = doc("places.md")
    for zh, canonical in (("行政区划代码", "code"), ("名称", "name"), ("片区", "area")):
        assert any(row[:2] == [zh, f"`{canonical}`"] for row in table_rows(text)), canonical


PUBLIC_ENDPOINTS = {  # as documented -> a concrete path to resolve
    "POST /api/public/lookup": "/api/public/lookup",
    "POST /api/public/reports": "/api/public/reports",
    "POST /api/public/reports/status": "/api/public/reports/status",
    "POST /api/public/reports/messages": "/api/public/reports/messages",
    "GET /v/<village_code>/": "/v/430821104201/",
}


def _is_live(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def test_the_portal_document_says_which_public_endpoints_are_live_today():
    status = {row[0].strip("`"): row[1] for row in table_rows(section(doc("portal.md"), "## 接口一览"))}
    wrong = [endpoint for endpoint, path in PUBLIC_ENDPOINTS.items()
             if status.get(endpoint) != ("已上线" if _is_live(path) else "尚未上线")]
    assert wrong == []


def test_the_json_examples_in_the_portal_document_are_valid_json():
    blocks = re.findall(r"```json\n(.*?)```", doc("portal.md"), re.S)
    assert blocks
    for block in blocks:
        json.loads(block)
