"""Matching: finding the customers that are the same, with a score and its reasons.

The public face of the package; everything else is its inside.
"""

from workbench.matching.automerge import auto_merge_groups
from workbench.matching.run import MatchReport, run_matching
from workbench.matching.settings import PRESETS, FieldSetting, MatchSettings, load_settings, save_settings

__all__ = ["PRESETS", "FieldSetting", "MatchReport", "MatchSettings", "auto_merge_groups", "load_settings",
           "run_matching", "save_settings"]
