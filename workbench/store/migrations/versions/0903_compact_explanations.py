"""Candidates' explanations are stored without what each entry's field says anyway

From this revision on, an explanation entry of a compared field leaves out its label, null
values and the zero weight of a missing value (`workbench/store/explanations.py`); every reader
gets the entries back whole. Explanations stored before read as they are, so nothing is
rewritten: the revision marks the form, so that an older version of the app does not open a
master whose explanations it would show without their labels.

Revision ID: 0903
Revises: 0902
Create Date: 2026-12-05
"""

revision = "0903"
down_revision = "0902"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
