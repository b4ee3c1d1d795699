"""Turning what people typed into comparable values, while the raw cells are kept beside them."""
