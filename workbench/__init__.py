"""Steward Workbench: one trusted customer master from scattered customer lists."""

from importlib.metadata import PackageNotFoundError, version

APP_NAME = "Steward Workbench"
APP_ID = "steward-workbench"

try:
    __version__ = version("steward-workbench")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
