"""`workbench --self-test`: what `make package` runs against the built executable, and what a
user runs to check an installation."""

from __future__ import annotations

import os
import subprocess
import sys

from workbench import selftest


def test_self_test_passes_and_leaves_the_users_data_alone(isolated_home):
    env = {**os.environ, "WORKBENCH_HOME": str(isolated_home), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "workbench", "--self-test"], capture_output=True, text=True,
                            env=env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    steps = [line.split()[1] for line in lines if line.startswith("  ok")]
    assert steps == ["resources", "master", "import", "matching", "apart", "merge", "export", "window"]
    assert lines[-1] == "Self-test passed."
    assert not (isolated_home / "data" / "master.sqlite").exists()  # the user's master was never created
    assert not list(isolated_home.rglob("*.ini"))  # nor their settings touched


def test_a_broken_installation_says_what_is_missing(monkeypatch):
    monkeypatch.setattr(selftest, "DEMO_FILES", ("webshop.csv", "not-shipped.csv"))
    printed: list[str] = []
    assert selftest.run_self_test(gui=False, out=printed.append) == 1
    assert printed[-1].startswith("  FAILED  resources: SelfTestFailure: demo files missing from the installation")
    assert printed[-1].endswith("): not-shipped.csv")


def test_self_test_takes_no_command(isolated_home):
    result = subprocess.run([sys.executable, "-m", "workbench", "--self-test", "info"], capture_output=True,
                            text=True, env={**os.environ, "WORKBENCH_HOME": str(isolated_home)}, timeout=120)
    assert result.returncode == 2 and "--self-test" in result.stderr
