"""Default definitions: lifecycle status rules, roles and relationship kinds for every master

A data migration rather than a start-up step, so it runs exactly once per master: new masters
and older ones alike get the defaults, and a business that later deletes one of them does not
see it come back. Tables that already hold rows are left alone. The values are written out
here (not imported) so this revision keeps doing the same thing whatever the app's defaults
become later.

Revision ID: 0701
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0701"
down_revision = "0002"
branch_labels = None
depends_on = None

STATUSES = [
    ("customer", "#2f855a", "Ordered within the last 365 days.",
     {"match": "all", "conditions": [{"field": "last_order_at", "op": "within_days", "value": 365}]}),
    ("former customer", "#b7791f",
     "Ordered before, but not within the last 365 days (the rule above catches those).",
     {"match": "any", "conditions": [{"field": "last_order_at", "op": "is_set"},
                                     {"field": "order_count", "op": ">", "value": 0}]}),
    ("new prospect", "#6b46c1", "Never ordered; first seen within the last 30 days.",
     {"match": "all", "conditions": [{"field": "first_seen", "op": "within_days", "value": 30},
                                     {"field": "order_count", "op": "=", "value": 0},
                                     {"field": "last_order_at", "op": "is_empty"}]}),
    ("known prospect", "#2b6cb0", "Known to us, never ordered, first seen within the last 2 years.",
     {"match": "all", "conditions": [{"field": "first_seen", "op": "within_days", "value": 730},
                                     {"field": "order_count", "op": "=", "value": 0},
                                     {"field": "last_order_at", "op": "is_empty"}]}),
]
ROLES = [
    ("buyer", "Places the orders."),
    ("user", "Uses what was bought."),
    ("decision maker", "Decides whether to buy."),
    ("influencer", "Shapes the decision without making it."),
]
KINDS = [
    ("household member", None, True),
    ("spouse/partner", None, True),
    ("works for", "employs", False),
    ("subsidiary of", "parent company of", False),
    ("buys for", "is bought for by", False),
]


def _empty(connection, table: str) -> bool:
    return connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() == 0


def upgrade() -> None:
    connection = op.get_bind()
    json_type = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    status_rules = sa.table("status_rules", sa.column("name"), sa.column("position"),
                            sa.column("rule", json_type), sa.column("description"), sa.column("color"))
    roles = sa.table("role_definitions", sa.column("name"), sa.column("description"), sa.column("position"))
    kinds = sa.table("relationship_kinds", sa.column("name"), sa.column("inverse_name"),
                     sa.column("symmetric"), sa.column("position"))
    if _empty(connection, "status_rules"):
        op.bulk_insert(status_rules, [
            {"name": name, "position": position, "rule": rule, "description": description, "color": color}
            for position, (name, color, description, rule) in enumerate(STATUSES)])
    if _empty(connection, "role_definitions"):
        op.bulk_insert(roles, [{"name": name, "description": description, "position": position}
                               for position, (name, description) in enumerate(ROLES)])
    if _empty(connection, "relationship_kinds"):
        op.bulk_insert(kinds, [{"name": name, "inverse_name": inverse, "symmetric": symmetric,
                                "position": position}
                               for position, (name, inverse, symmetric) in enumerate(KINDS)])


def downgrade() -> None:
    # The definitions are the business's own data by now; going back a revision keeps them.
    pass
