"""Layer boundaries, checked statically: the engine never imports the web app or Django,
and heavy optional engines are imported lazily."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "qingfeng"


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node, node.module


def test_the_engine_imports_neither_django_nor_the_web_app():
    web_apps = {p.name for p in ROOT.iterdir() if p.is_dir() and p.name not in {"engine", "__pycache__"}}
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / "engine").rglob("*.py")
        for _, name in _imports(path)
        if name.split(".")[0] == "django" or (name.startswith("qingfeng.") and name.split(".")[1] in web_apps)
    ]
    assert offenders == []


def test_pyspark_is_never_imported_at_module_level():
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        for node, name in _imports(path)
        if name.split(".")[0] == "pyspark" and node.col_offset == 0
    ]
    assert offenders == []
