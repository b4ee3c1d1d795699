"""The business's meaning of "customer": statuses, attributes, roles, relationships, segments."""
