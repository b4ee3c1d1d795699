"""What encrypting the master costs: import and matching on a plain and an encrypted master.

    python tests/benchmarks/bench_encryption.py [--rows N] [--runs K]

The same demo files (the sample generator's four sources, N records in all) are imported into a
fresh master and matched in full, once plain and once encrypted with SQLCipher (the `encryption`
extra), K times each in alternation; the figures are medians, the ratio is encrypted / plain.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from workbench.ingest.importer import import_file  # noqa: E402
from workbench.matching import run_matching  # noqa: E402
from workbench.sample.generator import generate  # noqa: E402
from workbench.sample.load import write_sample  # noqa: E402
from workbench.store import encryption  # noqa: E402
from workbench.store.master import open_master  # noqa: E402

PASSPHRASE = "a benchmark passphrase"


def one_run(folder: Path, files: list[Path], encrypted: bool, run: int) -> tuple[float, float]:
    master = open_master(folder / f"{'enc' if encrypted else 'plain'}-{run}.sqlite",
                         passphrase=PASSPHRASE if encrypted else None)
    try:
        started = time.perf_counter()
        for file in files:
            import_file(master, file, workers=1)
        imported = time.perf_counter() - started
        started = time.perf_counter()
        run_matching(master, full=True)
        return imported, time.perf_counter() - started
    finally:
        master.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not encryption.available():
        print("   skipped: the encryption extra (sqlcipher3) is not installed")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = write_sample(generate(args.rows, seed=3), folder / "files")
        times: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
        for run in range(args.runs):
            for encrypted in (False, True):
                times[encrypted].append(one_run(folder, files, encrypted, run))
    for index, what in ((0, "import"), (1, "matching")):
        plain = statistics.median(t[index] for t in times[False])
        secret = statistics.median(t[index] for t in times[True])
        print(f"   {what:<9} {args.rows:,} records: plain {plain:6.2f} s, encrypted {secret:6.2f} s, "
              f"slowdown ×{secret / plain:.2f} (median of {args.runs})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
