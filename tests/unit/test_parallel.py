"""Standardizing in worker processes: results in order, and never stuck when workers die."""

from __future__ import annotations

from worker_helpers import square, square_unless_in_a_worker

from workbench.ingest.parallel import ordered_map


def test_results_come_back_in_order():
    assert list(ordered_map(square, range(40), 2, in_flight=3)) == [i * i for i in range(40)]


def test_dead_workers_mean_slower_not_stuck_or_wrong():
    assert list(ordered_map(square_unless_in_a_worker, range(25), 2)) == [i * i for i in range(25)]


def test_no_workers_runs_here():
    assert list(ordered_map(square, [3, 1, 2], 0)) == [9, 1, 4]


def test_workers_for_big_files_unless_switched_off(monkeypatch):
    from workbench.ingest.parallel import PARALLEL_FROM_ROWS, worker_count

    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.delenv("WORKBENCH_IMPORT_WORKERS", raising=False)
    assert worker_count(PARALLEL_FROM_ROWS - 1) == 0
    assert worker_count(1_000_000) == 2  # also in the packaged app, which calls freeze_support()
    monkeypatch.setenv("WORKBENCH_IMPORT_WORKERS", "0")
    assert worker_count(1_000_000) == 0


def test_fork_server_started_early_only_for_big_files_that_will_use_workers(monkeypatch):
    from workbench.ingest import parallel

    started = []
    monkeypatch.setattr("multiprocessing.forkserver.ensure_running", lambda: started.append(True))
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.delenv("WORKBENCH_IMPORT_WORKERS", raising=False)
    assert not parallel.warm_up(10_000) and not started  # a small file: no workers, no server
    assert parallel.warm_up(50_000_000) == (parallel._context().get_start_method() == "forkserver")
    monkeypatch.setenv("WORKBENCH_IMPORT_WORKERS", "0")
    started.clear()
    assert not parallel.warm_up(50_000_000) and not started
