"""Writing a file so that the target name only ever holds a complete file.

The export is written to a hidden temporary file in the target folder (the same file
system, so the final rename is atomic) and moved over the target name with os.replace only
once it is complete and flushed to disk. A failed or cancelled export removes its temporary
file and leaves whatever was under the target name before untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from workbench.errors import WorkbenchError


@contextlib.contextmanager
def atomic_file(target: Path) -> Iterator[tuple[IO[bytes], Path]]:
    """Yields (binary handle, temporary path); on a clean exit the file becomes `target`."""
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise WorkbenchError(f"{target}: the folder {folder} does not exist")
    if target.is_dir():
        raise WorkbenchError(f"{target}: is a folder, not a file name")
    try:
        # mkstemp creates the file readable by its owner only: it holds personal data.
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise WorkbenchError(f"{target}: cannot write in {folder} ({exc.strerror})") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle, temp
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
