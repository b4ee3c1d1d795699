"""`make bench`: run every benchmark module (bench_*.py here) and print its figures.

    python tests/benchmarks/run.py [NAME ...]     e.g. `run.py open export`
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(names: list[str]) -> int:
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if names:
        modules = [m for m in modules if m.removeprefix("bench_") in names or m in names]
    print(f"Steward Workbench benchmarks on {os.cpu_count()} cores: {', '.join(modules)}")
    print("Figures are medians of repeated runs; the machine may be shared, so compare ratios.\n")
    failures = 0
    for name in modules:
        started = time.perf_counter()
        print(f"== {name}", flush=True)
        try:
            module = importlib.import_module(name)
            if not hasattr(module, "main"):  # shared helpers (bench_data: the cached demo masters)
                print("   (helpers only)")
                continue
            # main() or main(argv): each benchmark takes its defaults when run from here
            takes_argv = bool(inspect.signature(module.main).parameters)
            status = module.main([]) if takes_argv else module.main()
            failures += 1 if status else 0
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            failures += 1
            print(f"   FAILED: {exc.__class__.__name__}: {exc}")
        print(f"   ({time.perf_counter() - started:.0f} s)\n", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
