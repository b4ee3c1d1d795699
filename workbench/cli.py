"""The command line: `workbench [--db PATH_OR_URL] [COMMAND]`; no command starts the GUI.

Exit status 0 on success, 1 on an error (one line on stderr naming the problem), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import signal
import sys

from workbench import __version__, logs
from workbench.errors import Cancelled, WorkbenchError

# Each command lives in workbench/commands/<module>.py.
COMMAND_MODULES = ["info", "sample", "import_file", "crossref", "match", "candidates", "merge", "unmerge",
                   "quality", "export", "presets", "subject_export", "erase", "backup", "restore"]

log = logging.getLogger(__name__)


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, object]]:
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Steward Workbench: one trusted customer master from scattered customer lists. "
                    "Without a command, the desktop app starts.",
    )
    parser.add_argument("--db", metavar="PATH_OR_URL",
                        help="the master: a SQLite file or a postgresql+psycopg:// URL (also WORKBENCH_DB)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation in a temporary folder (import, match, merge, export, "
                             "window) and exit; your own master is not touched")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    handlers: dict[str, object] = {}
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"workbench.commands.{name}")
        sub = subparsers.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        handlers[module.NAME] = module
    return parser, handlers


def main(argv: list[str] | None = None) -> int:
    parser, handlers = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:
        if args.command is not None or args.db:
            parser.error("--self-test runs on its own temporary master: give no command and no --db")
        return _self_test()
    if args.command is None:
        from workbench.ui.app import run_gui  # Qt is loaded only for the GUI

        return run_gui(db=args.db)
    logs.configure()
    _terminate_like_interrupt()
    try:
        return handlers[args.command].run(args)  # type: ignore[attr-defined]
    except WorkbenchError as exc:
        print(f"workbench: error: {exc}", file=sys.stderr)
        return 1
    except Cancelled:
        print("workbench: cancelled", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("workbench: interrupted", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `workbench candidates --format json | head`: the reader has had enough
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush does not fail again
        return 0
    except Exception as exc:  # unexpected: one line for the user, the traceback for the log
        log.exception("command %s failed", args.command)
        print(f"workbench: unexpected error: {logs.one_line(exc)} (details in {logs.log_file()})", file=sys.stderr)
        return 1


def _on_terminate(_signum, _frame) -> None:  # type: ignore[no-untyped-def]
    raise KeyboardInterrupt


def _terminate_like_interrupt() -> None:
    """`kill` (SIGTERM) unwinds a command as Ctrl+C does: transactions roll back, half-written
    exports are removed, and the command says it was interrupted."""
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _on_terminate)


def _self_test() -> int:
    logs.configure()
    if sys.platform.startswith("linux") and not any(
            os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen (a server, ssh): paint the window offscreen
    from workbench.selftest import run_self_test

    try:
        return run_self_test()
    except KeyboardInterrupt:
        print("workbench: interrupted", file=sys.stderr)
        return 1
