"""Exceptions shared by every layer."""


class WorkbenchError(Exception):
    """An expected problem the user can act on: shown as one clear line, never a traceback."""


class Cancelled(Exception):
    """Raised inside a long operation when the user cancelled it; shown to nobody."""
