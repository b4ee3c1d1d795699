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
