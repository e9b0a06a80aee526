"""Layer boundaries, checked statically (AST) — banned imports and calls, like a lint rule.

- The engine never imports the web app or Django; heavy optional engines load lazily.
- Views, API modules and management commands only parse, authorise, call an action
  and render: they never write the audit trail or save/delete a model themselves.
- No app imports another app's views (only qingfeng/web/urls.py wires them together).
- qingfeng/core, which every app uses, imports no app (only the engine).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "qingfeng"
APPS = sorted(p.name for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name != "engine")


def _tree(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"))


def _imports(path: Path):
    """(node, module) for every import; `from a import b` also yields a.b (b may be a module)."""
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node, node.module
            for alias in node.names:
                yield node, f"{node.module}.{alias.name}"


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_engine_imports_neither_django_nor_the_web_app():
    offenders = [
        f"{_rel(path)}: {name}"
        for path in (ROOT / "engine").rglob("*.py")
        for _, name in _imports(path)
        if name.split(".")[0] == "django" or (name.startswith("qingfeng.") and name.split(".")[1] in APPS)
    ]
    assert offenders == []


def test_core_imports_no_app():
    offenders = [
        f"{_rel(path)}: {name}"
        for path in (ROOT / "core").rglob("*.py")
        for _, name in _imports(path)
        if name.startswith("qingfeng.") and name.split(".")[1] in set(APPS) - {"core"}
    ]
    assert offenders == []


def test_pyspark_is_never_imported_at_module_level():
    offenders = [
        _rel(path)
        for path in ROOT.rglob("*.py")
        for node, name in _imports(path)
        if name.split(".")[0] == "pyspark" and node.col_offset == 0
    ]
    assert offenders == []


# --- views, API and commands never write -------------------------------------------

WRITE_METHODS = {"save", "delete", "bulk_create", "bulk_update"}
MANAGER_WRITES = {"create", "get_or_create", "update_or_create"}
AUDIT_TRAIL = "qingfeng.audit.trail"
AUDIT_WRITERS = {"record", "record_many"}

# Writes that stay in an interface module on purpose, each with its reason.
ALLOWED_WRITES: dict[tuple[str, str], str] = {
    # None today. Add an entry as ("path relative to qingfeng/", "call"): "why it is not a
    # state change of a protected model" — e.g. a file field saved inside an action's form.
}


def interface_modules() -> list[Path]:
    """Modules that face a user: views*.py, api.py and management commands."""
    found = set(ROOT.rglob("views*.py")) | set(ROOT.rglob("api.py"))
    found |= {p for p in ROOT.rglob("management/commands/*.py") if p.name != "__init__.py"}
    return sorted(p for p in found if "engine" not in p.parts)


def writes(path: Path) -> list[str]:
    """The write calls and audit-trail imports of a module, as `call` names."""
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            func = node.func
            if func.attr in WRITE_METHODS:
                found.append(f".{func.attr}(")
            elif func.attr in MANAGER_WRITES and isinstance(func.value, ast.Attribute) and func.value.attr == "objects":
                found.append(f".objects.{func.attr}(")
            elif func.attr == "update" and _on_a_queryset(func.value):
                found.append(".objects….update(")
    found += audit_writer_imports(path)
    return found


def _on_a_queryset(node: ast.AST) -> bool:
    """Whether a call chain starts from a model manager (Model.objects.filter(…) …)."""
    while isinstance(node, (ast.Call, ast.Attribute)):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            return True
        node = node.func if isinstance(node, ast.Call) else node.value
    return False


def audit_writer_imports(path: Path) -> list[str]:
    """Imports that can write the audit trail: its writers, or the whole trail module.
    Reading it (`verify`, `snapshot`) is fine."""
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name == AUDIT_TRAIL]
        elif isinstance(node, ast.ImportFrom) and node.module == AUDIT_TRAIL:
            found += [f"import {AUDIT_TRAIL}.{a.name}" for a in node.names if a.name in AUDIT_WRITERS | {"*"}]
        elif isinstance(node, ast.ImportFrom) and node.module == "qingfeng.audit":
            found += [f"import {AUDIT_TRAIL}" for a in node.names if a.name == "trail"]
    return found


def write_offenders() -> list[str]:
    return sorted({
        f"{_rel(path)}: {call}"
        for path in interface_modules()
        for call in writes(path)
        if (_rel(path), call) not in ALLOWED_WRITES
    })


def test_the_interface_modules_are_found():
    names = {_rel(p) for p in interface_modules()}
    assert {"clues/views.py", "clues/api.py", "jobs/management/commands/worker.py"} <= names


def test_a_view_that_saves_or_records_is_caught(tmp_path):
    view = tmp_path / "views.py"
    view.write_text("from qingfeng.audit.trail import record, verify\nfrom qingfeng.audit import trail\n"
                    "def v(request, clue):\n    clue.save()\n    Clue.objects.create(x=1)\n    record(None, 'x', clue)\n"
                    "    Clue.objects.filter(id=1).update(x=2)\n    request.session.update({})\n")
    assert sorted(writes(view)) == [".objects.create(", ".objects….update(", ".save(", "import qingfeng.audit.trail",
                                    "import qingfeng.audit.trail.record"]


def test_a_command_that_only_verifies_the_audit_trail_is_not_caught(tmp_path):
    command = tmp_path / "audit.py"
    command.write_text("from qingfeng.audit.trail import verify\nverdict = verify()\n")
    assert writes(command) == []


def test_views_api_and_commands_neither_save_models_nor_write_the_audit_trail():
    assert write_offenders() == []


def test_every_allowed_write_still_exists_and_has_a_reason():
    for (path, call), reason in ALLOWED_WRITES.items():
        assert reason.strip()
        assert call in writes(ROOT / path), f"{path}: {call} is allowed but gone; drop the entry"


# --- apps do not reach into each other's views ----------------------------------------

def _views_app(name: str) -> str | None:
    """The app whose views module `name` is (qingfeng.<app>.views*), else None."""
    parts = name.split(".")
    if len(parts) >= 3 and parts[0] == "qingfeng" and parts[1] in APPS and parts[2].startswith("views"):
        return parts[1]
    return None


def test_no_app_imports_another_apps_views():
    offenders = sorted({
        f"{_rel(path)}: {name}"
        for path in ROOT.rglob("*.py")
        if path != ROOT / "web" / "urls.py" and "engine" not in path.relative_to(ROOT).parts
        for _, name in _imports(path)
        if _views_app(name) not in (None, path.relative_to(ROOT).parts[0])
    })
    assert offenders == []


# --- texts at module level are lazy ---------------------------------------------------

def _eager_gettext_at_import(path: Path) -> list[int]:
    """Lines where gettext (not gettext_lazy) runs when the module is imported: such a text
    is fixed in the language active at start-up, and English readers get it in Chinese."""
    tree = _tree(path)
    eager = {alias.asname or alias.name for node in tree.body if isinstance(node, ast.ImportFrom)
             and node.module == "django.utils.translation" for alias in node.names
             if alias.name in ("gettext", "ngettext", "pgettext")}
    lines, pending = [], list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue  # runs when called, in the caller's language
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in eager:
            lines.append(node.lineno)
        pending.extend(ast.iter_child_nodes(node))
    return lines


def test_no_module_translates_a_text_when_it_is_imported():
    offenders = [f"{_rel(path)}:{line}" for path in ROOT.rglob("*.py") if "migrations" not in path.parts
                 for line in _eager_gettext_at_import(path)]
    assert offenders == []


def test_documents_import_no_app():
    """qingfeng/documents renders plain data for reports, bulletins and posters alike."""
    offenders = [
        f"{_rel(path)}: {name}"
        for path in (ROOT / "documents").rglob("*.py")
        for _, name in _imports(path)
        if name.startswith("qingfeng.") and name.split(".")[1] in set(APPS) - {"documents"}
    ]
    assert offenders == []


def test_setting_up_django_loads_no_duckdb():
    """The isolation forkserver runs django.setup() before it forks every job's child: DuckDB
    loaded there (by an app's ready() importing the engine) made the children hang."""
    import os
    import subprocess
    import sys

    code = "import sys, django; django.setup(); print('duckdb' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "DJANGO_SETTINGS_MODULE": "qingfeng.web.settings"})
    assert out.stdout.strip() == "False"
