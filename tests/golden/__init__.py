"""The multi-source golden-record test set: how right the merged golden records are.

`population` draws a shop's people with the truth of every field, `systems` decides which of the
shop's systems know whom and how dirty their copies are, `layouts` writes each system's export
file as that system writes it, `harness` imports them all, matches, auto-merges and scores the
golden records against the truth, and `sets` holds the tuning and the held-out set.
"""
