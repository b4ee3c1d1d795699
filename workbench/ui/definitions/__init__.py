"""The definitions editor, the customer editor, segments and the data-quality panel."""
