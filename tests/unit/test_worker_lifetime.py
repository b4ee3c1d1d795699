"""Import workers and work run apart (a matching run) end with the process that started them, however
it ends, and a cancelled or failed import leaves no process behind."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from worker_helpers import count_slowly, fail_apart, slow_square, square_but_not_seven

from workbench import processes
from workbench.errors import Cancelled
from workbench.ingest.parallel import ordered_map
from workbench.progress import Progress

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="processes are found through /proc")


def _processes() -> dict[int, tuple[int, str]]:
    """pid → (parent pid, state) of every process now."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                after_name = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            found[int(entry.name)] = (int(after_name[1]), after_name[0])
    return found


def descendants(root: int) -> dict[int, int]:
    """pid → generation (1 for children, 2 for grandchildren …) of every live process under `root`."""
    processes = _processes()
    found, frontier = {}, [(root, 0)]
    while frontier:
        parent, depth = frontier.pop()
        for pid, (ppid, state) in processes.items():
            if ppid == parent and pid not in found and state != "Z":
                found[pid] = depth + 1
                frontier.append((pid, depth + 1))
    return found


def alive(pid: int) -> bool:
    """Running, not a zombie waiting for a parent that will never reap it."""
    state = _processes().get(pid)
    return state is not None and state[1] not in ("Z", "X")


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def kill_once(starter: subprocess.Popen, ready: Callable[[dict[int, int]], bool], *, timeout: float = 120
              ) -> tuple[dict[int, int], str]:
    """Wait until the processes under `starter` are `ready`, then kill it with SIGKILL (however the
    wait ends). Returns every process that was under it then (empty if never ready) and, if the
    starter ended on its own, what it said."""
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and starter.poll() is None:
            tree = descendants(starter.pid)
            if ready(tree):
                return tree, ""
            time.sleep(0.05)
        ended = starter.poll() is not None
        return {}, (starter.stderr.read().decode() if ended and starter.stderr else "still starting")
    finally:
        starter.send_signal(signal.SIGKILL)
        starter.wait()


def left_alive(processes: dict[int, int]) -> dict[int, str]:
    """Which of `processes` still run 2 s later: pid → command line."""
    time.sleep(2)
    return {pid: command_line(pid) for pid in processes if alive(pid)}


def write_customers(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Customer ID", "First Name", "Last Name", "Email", "Phone", "City", "Country"])
        for number in range(rows):
            writer.writerow([f"K{number}", f"Anna{number % 97}", f"Meyer{number % 389}", f"anna{number}@example.org",
                             f"+49 151 {10_000_000 + number}", "Köln", "DE"])
    return path


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="imports use worker processes from two cores on")
def test_an_import_killed_with_sigkill_leaves_no_worker_behind(tmp_path):
    source = write_customers(tmp_path / "customers.csv", 150_000)
    env = {**os.environ, "WORKBENCH_HOME": str(tmp_path / "home"), "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("WORKBENCH_IMPORT_WORKERS", None)
    importing = subprocess.Popen([sys.executable, "-m", "workbench", "--db", str(tmp_path / "master.sqlite"),
                                  "import", str(source)], env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
    # workers: forked by the fork server; everything: the fork server, its workers, multiprocessing's helpers
    everything, why_not = kill_once(importing, lambda tree: sum(depth >= 2 for depth in tree.values()) >= 2)
    assert everything, f"no workers started: {why_not}"
    left = left_alive(everything)
    assert left == {}, f"still running 2 s after the import was killed: {left}"


def _new_processes(before: dict[int, int]) -> set[int]:
    """Processes this test process started since `before`, but not multiprocessing's resource tracker
    (one per process for its whole life, shared by everything that uses multiprocessing)."""
    return {pid for pid in descendants(os.getpid()) if pid not in before
            and "resource_tracker" not in command_line(pid)}


def test_a_cancelled_import_stops_its_workers_and_its_fork_server():
    before = descendants(os.getpid())
    results = ordered_map(slow_square, range(400), 2)
    assert [next(results) for _ in range(3)] == [0, 1, 4]
    started = _new_processes(before)
    assert len(started) >= 2  # the workers (and the fork server, when this started it)
    results.close()  # what a cancelled import does: it stops asking for standardized rows
    assert processes.fork_server_pid() is None
    time.sleep(0.5)
    assert {pid for pid in started if alive(pid)} == set()


def test_a_failed_import_leaves_no_process_behind():
    before = descendants(os.getpid())
    with pytest.raises(ValueError, match="seven"):
        list(ordered_map(square_but_not_seven, range(50), 2, in_flight=2))
    time.sleep(0.5)
    assert {pid for pid in _new_processes(before) if alive(pid)} == set()
    assert processes.fork_server_pid() is None


def test_a_finished_import_keeps_the_fork_server_for_the_next_one_but_no_worker():
    before = descendants(os.getpid())
    assert list(ordered_map(slow_square, range(10), 2)) == [i * i for i in range(10)]
    time.sleep(0.5)
    left = {pid for pid in _new_processes(before) if alive(pid)}
    server = processes.fork_server_pid()
    assert left <= {server}  # only the fork server, idle, which ends with this process


APART = """
import sys
sys.path.insert(0, sys.argv[1])
from worker_helpers import count_slowly
from workbench.processes import call
call(count_slowly, 100_000)
"""


def test_work_run_apart_ends_when_its_starter_is_killed(tmp_path):
    tests = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    starter = subprocess.Popen([sys.executable, "-c", APART, tests], env=env, stderr=subprocess.PIPE)
    everything, why_not = kill_once(starter, lambda tree: any(depth >= 2 for depth in tree.values()), timeout=60)
    assert everything, f"the work never started apart: {why_not}"
    assert left_alive(everything) == {}


def test_work_run_apart_reports_progress_and_stops_when_cancelled():
    reports: list[tuple[int, int, str]] = []
    said: list[str] = []
    stop = []

    def report(done, total, message):
        reports.append((done, total, message))
        if len(reports) >= 3:
            stop.append(True)

    before = descendants(os.getpid())
    with pytest.raises(Cancelled):
        processes.call(count_slowly, 10_000, progress=Progress(report, lambda: bool(stop)), notify=said.append)
    assert reports[0][1] == 10_000 and said == ["Waiting: the master is busy with a test"]
    assert {pid for pid in _new_processes(before) if alive(pid)} <= {processes.fork_server_pid()}
    assert processes.call(count_slowly, 3) == 3


def test_an_error_apart_comes_back_with_where_it_happened():
    with pytest.raises(KeyError) as raised:
        processes.call(fail_apart)
    assert "missing in the child" in str(raised.value)
    assert any("fail_apart" in note for note in raised.value.__notes__)
