"""`make bench`: run every tests/benchmarks/bench_*.py module's main() and print its figures.

    python tests/benchmarks/run.py [NAME …]      e.g. `run.py export` runs bench_export.py only
"""

from __future__ import annotations

import importlib.util
import inspect
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    wanted = set(argv)
    status = 0
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if wanted and name not in wanted:
            continue
        print(f"== {name}")
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        # main() or main(argv): each benchmark takes its defaults when run from here
        takes_argv = bool(inspect.signature(module.main).parameters)
        status = max(status, (module.main([]) if takes_argv else module.main()) or 0)
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
