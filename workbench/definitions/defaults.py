"""The definitions a new master starts with, and a way back to them.

Every master gets these once, from the data migration `0701_default_definitions` (new masters
and older masters upgraded alike); after that they belong to the business, which may rename
or delete any of them without the app putting them back. `restore_default_statuses` is the
explicit way back for the status rules.

Order of evaluation (first rule that holds wins): customer → former customer → new prospect →
known prospect. A record that matches none (never ordered and first seen more than two years
ago) has no status; a rule without conditions at the end of the list catches those if the
business wants a name for them.
"""

from __future__ import annotations

from typing import Any

DEFAULT_STATUSES: list[dict[str, Any]] = [
    {"name": "customer", "color": "#2f855a",
     "description": "Ordered within the last 365 days.",
     "rule": {"match": "all", "conditions": [{"field": "last_order_at", "op": "within_days", "value": 365}]}},
    {"name": "former customer", "color": "#b7791f",
     "description": "Ordered before, but not within the last 365 days (the rule above catches those).",
     "rule": {"match": "any", "conditions": [{"field": "last_order_at", "op": "is_set"},
                                             {"field": "order_count", "op": ">", "value": 0}]}},
    {"name": "new prospect", "color": "#6b46c1",
     "description": "Never ordered; first seen within the last 30 days.",
     "rule": {"match": "all", "conditions": [{"field": "first_seen", "op": "within_days", "value": 30},
                                             {"field": "order_count", "op": "=", "value": 0},
                                             {"field": "last_order_at", "op": "is_empty"}]}},
    {"name": "known prospect", "color": "#2b6cb0",
     "description": "Known to us, never ordered, first seen within the last 2 years.",
     "rule": {"match": "all", "conditions": [{"field": "first_seen", "op": "within_days", "value": 730},
                                             {"field": "order_count", "op": "=", "value": 0},
                                             {"field": "last_order_at", "op": "is_empty"}]}},
]

DEFAULT_ROLES: list[dict[str, Any]] = [
    {"name": "buyer", "description": "Places the orders."},
    {"name": "user", "description": "Uses what was bought."},
    {"name": "decision maker", "description": "Decides whether to buy."},
    {"name": "influencer", "description": "Shapes the decision without making it."},
]

DEFAULT_RELATIONSHIP_KINDS: list[dict[str, Any]] = [
    {"name": "household member", "inverse_name": None, "symmetric": True},
    {"name": "spouse/partner", "inverse_name": None, "symmetric": True},
    {"name": "works for", "inverse_name": "employs", "symmetric": False},
    {"name": "subsidiary of", "inverse_name": "parent company of", "symmetric": False},
    {"name": "buys for", "inverse_name": "is bought for by", "symmetric": False},
]

HOUSEHOLD_KIND = "household member"
