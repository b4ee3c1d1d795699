"""Every hostile file: one clear line naming it, exit status 1, master unchanged, no hang, bounded memory."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_files import CORPUS, make

from workbench.errors import WorkbenchError
from workbench.ingest.plan import inspect_file

MEMORY_LIMIT = 1536 << 20  # a file that made a reader allocate more would kill the process, not pass


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make(tmp_path_factory.mktemp("hostile"))


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_cli(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "WORKBENCH_DB": str(db), "OPENBLAS_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True, text=True, env=env,
                          timeout=60, check=False, preexec_fn=_limited)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_refused_with_one_clear_line_and_no_change(corpus, tmp_path, name):
    path, expected = corpus[name]
    db = tmp_path / "master.sqlite"
    result = run_cli("import", str(path), db=db)
    assert result.returncode == 1, result.stdout + result.stderr
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith("workbench: error: ") and name in line and expected in line, line
    info = json.loads(run_cli("info", "--json", db=db).stdout)
    assert info["counts"] == {"sources": 0, "import_batches": 0, "source_records": 0, "customers": 0,
                              "open_candidates": 0}


def test_permission_denied_names_the_file(tmp_path, monkeypatch):
    path = tmp_path / "locked.csv"
    path.write_text("Email\na@example.org\n", encoding="utf-8")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(WorkbenchError, match=r"locked.csv: permission denied"):
        inspect_file(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_permission_denied_from_the_command_line(tmp_path):
    path = tmp_path / "locked.csv"
    path.write_text("Email\na@example.org\n", encoding="utf-8")
    path.chmod(0)
    result = run_cli("import", str(path), db=tmp_path / "m.sqlite")
    assert result.returncode == 1 and "permission denied" in result.stderr
