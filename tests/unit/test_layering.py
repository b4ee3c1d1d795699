"""The core must stay Qt-free: everything but workbench.ui imports without loading PySide6."""

import pkgutil
import subprocess
import sys

import workbench


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(workbench.__path__, "workbench."):
        if not info.name.startswith("workbench.ui") and not info.name.endswith("__main__"):
            names.append(info.name)
    return names


def test_core_modules_do_not_load_qt():
    modules = core_modules()
    assert "workbench.store.models" in modules and "workbench.cli" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"Qt loaded by the core: {result.stdout}"


def test_the_window_reaches_the_master_only_through_its_queue():
    """No module of workbench.ui imports SQLAlchemy or opens a session, a transaction or a write unit
    itself: every read and change goes through `window.db` (workbench/ui/db.py), which hands it to
    the store on a worker thread. No exceptions. (tests/gui/conftest.py also fails any window test
    in which the GUI thread reaches the master through a core function.)"""
    import ast
    from pathlib import Path

    ui = Path(workbench.__file__).parent / "ui"
    found = []
    for path in sorted(ui.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        where = path.relative_to(ui.parent.parent)
        for node in ast.walk(tree):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [f"{where}:{node.lineno} imports {m}" for m in modules if m.split(".")[0] == "sqlalchemy"]
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                name, receiver = node.func.attr, node.func.value
                owner = receiver.attr if isinstance(receiver, ast.Attribute) else getattr(receiver, "id", "")
                if name in ("session", "transaction") or (name == "write" and "master" in owner):
                    found.append(f"{where}:{node.lineno} calls {ast.unparse(node.func)}()")
    assert found == [], "the UI reaches the master around its queue:\n" + "\n".join(found)
