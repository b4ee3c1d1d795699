"""The customer editor: one dialog for everything a steward can change about a customer."""
