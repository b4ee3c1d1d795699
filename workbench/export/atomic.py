"""Writing a file so that the target name only ever holds a complete file.

The export is written to a temporary file in the target folder (the same file system, so
the final rename is atomic) and moved over the target name only once it is complete and
flushed to disk. The temporary file is readable by its owner only: it holds personal data.
On Linux it has no name until it is complete (O_TMPFILE), so even a process killed outright
leaves nothing behind; elsewhere it is a hidden `.part` file, removed when the export fails
or is interrupted, and swept by the next export to the same folder if its process died.

Only regular files are written: a device, a folder, a pipe or a symbolic link under the
target name is refused, and an existing file is replaced only when the caller says so.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from workbench.errors import WorkbenchError

PRIVATE = stat.S_IRUSR | stat.S_IWUSR  # 0600


class TargetExists(WorkbenchError):
    """The target name holds a file already and replacing it was not asked for."""


def check_target(target: Path, *, replace: bool) -> None:
    """Raise `WorkbenchError` unless `target` may be written (see the module's rules)."""
    folder = target.parent
    if not folder.is_dir():
        raise WorkbenchError(f"{target}: the folder {folder} does not exist")
    try:
        info = target.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise WorkbenchError(f"{target}: cannot be written ({exc.strerror})") from None
    if stat.S_ISLNK(info.st_mode):
        raise WorkbenchError(f"{target}: is a symbolic link; give the path of the file itself")
    if stat.S_ISDIR(info.st_mode):
        raise WorkbenchError(f"{target}: is a folder, not a file name")
    if not stat.S_ISREG(info.st_mode):
        raise WorkbenchError(f"{target}: is not a regular file (a device or a pipe); export to a file")
    if not replace:
        raise TargetExists(f"{target}: a file of that name exists already (replace it with --force, "
                           "or choose another name)")


def _pid_alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill would end the process there; sweeping is for systems without O_TMPFILE
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _sweep(folder: Path, name: str) -> None:
    """Remove this name's `.part` files left by exports whose process died."""
    pattern = re.compile(rf"\.{re.escape(name)}\.(\d+)\.[0-9a-f]+\.part")
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            found = pattern.fullmatch(entry.name)
            if found and not _pid_alive(int(found.group(1))):
                with contextlib.suppress(OSError):
                    entry.unlink()


def _unnamed(folder: Path) -> int | None:
    """A file in `folder` with no name yet (Linux O_TMPFILE), or None where that is not available."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_RDWR, PRIVATE)
    except OSError:  # a file system without O_TMPFILE
        return None


def _name_unnamed(handle: IO[bytes], temp: Path) -> None:
    """Give the finished unnamed file the name `temp` (linkat through /proc, following the link)."""
    proc = os.open("/proc/self/fd", os.O_RDONLY)
    try:
        os.link(str(handle.fileno()), temp, src_dir_fd=proc, follow_symlinks=True)
    except OSError:  # not allowed here: copy it to a private named file instead
        fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE)
        with os.fdopen(fd, "wb") as copy:
            handle.seek(0)
            shutil.copyfileobj(handle, copy)
            copy.flush()
            os.fsync(copy.fileno())
    finally:
        os.close(proc)


def _temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.part")


@contextlib.contextmanager
def atomic_file(target: Path, *, replace: bool = False) -> Iterator[tuple[IO[bytes], Path | None]]:
    """Yields (binary handle, temporary path or None); on a clean exit the file becomes `target`."""
    target = Path(target)
    folder = target.parent
    check_target(target, replace=replace)
    _sweep(folder, target.name)
    fd = _unnamed(folder)
    temp: Path | None = None
    try:
        if fd is None:
            temp = _temp_name(target)
            fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE)
    except OSError as exc:
        raise WorkbenchError(f"{target}: cannot write in {folder} ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle, temp
            handle.flush()
            os.fsync(handle.fileno())
            if temp is None:  # give the finished file a name, next to the target
                temp = _temp_name(target)
                _name_unnamed(handle, temp)
        check_target(target, replace=replace)  # nothing else appeared under the name meanwhile
        os.replace(temp, target)
        temp = None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink()
