"""Export: clean lists from the master in the exact layouts CRM, e-mail and address-book tools import."""
