"""Writing ``-o OUT``: never half a file, never an input, never a device replaced.

- OUT must not be any input of the run (compared by device and inode, so
  links and ``./`` spellings count).
- An existing FIFO, character device or other non-regular file is written
  straight into (that is what ``-o /dev/stdout`` or ``-o /dev/null`` means).
- A regular file (or a new one) is written to a temporary file beside it,
  named ``.OUT.perfeval-tmp-XXXXXXXX``, flushed to disk and renamed over OUT
  in one step; a symlink keeps pointing at the file it names. A new file gets
  the mode the umask gives (0644 under umask 022); an existing one keeps its
  mode, and its owner when perfeval runs as root.
- On any failure or signal the temporary file is removed and OUT is left as
  it was; the error names OUT and says what happened.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
from collections.abc import Iterable, Iterator

from ..core._safe import visible
from ..core.errors import PerfevalError

__all__ = ["TEMPORARY_MARK", "OutputError", "check_not_input", "is_temporary", "write_output"]

#: Part of every temporary file's name; ``batch`` skips files that have it.
TEMPORARY_MARK = ".perfeval-tmp-"


class OutputError(PerfevalError, OSError):
    """OUT cannot be written; the message names it and says why (``errno``
    is the system's reason, as for any OSError)."""

    def __str__(self) -> str:
        return str(self.strerror or super().__str__())


def is_temporary(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is one of perfeval's temporary output files (left
    behind only when the process was killed outright)."""
    return TEMPORARY_MARK in os.path.basename(os.fspath(path))


def _same(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def check_not_input(
    output: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]]
) -> None:
    """Raise :class:`OutputError` when ``output`` is the same file as an input."""
    try:
        out = os.stat(output)
    except (OSError, ValueError):
        return  # a new file cannot be an input
    if not stat.S_ISREG(out.st_mode):
        return  # writing into /dev/null or a FIFO destroys nothing
    for item in inputs:
        try:
            same = _same(out, os.stat(item))
        except (OSError, ValueError):
            continue
        if same:
            raise OutputError(
                errno.EEXIST,
                f"cannot write {_shown(output)}: it is the input file {_shown(item)}; "
                "perfeval never overwrites what it reads (choose another -o)",
            )


def _shown(path: str | os.PathLike[str]) -> str:
    return visible(os.fsdecode(path))


def _error(exc: OSError, path: str | os.PathLike[str], folder: str | None = None) -> OutputError:
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        why = "the disk is full"
    elif code == errno.ENOENT and folder is not None and not os.path.isdir(folder):
        why = f"the folder {_shown(folder)} does not exist"
    elif code in (errno.EACCES, errno.EPERM):
        why = "permission denied"
    elif code == errno.EROFS:
        why = "the file system is read-only"
    elif code == errno.EISDIR:
        why = "it is a folder"
    elif code == errno.ENOTDIR:
        why = "a part of the path is not a folder"
    elif code == errno.ENAMETOOLONG:
        why = "the name is too long"
    elif code == errno.EPIPE:
        why = "the reader closed it"
    else:
        why = (exc.strerror or str(exc)).lower()
    return OutputError(code, f"cannot write {_shown(path)}: {why}")


def write_output(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` by the rules of this module."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if not os.fspath(path):
        raise OutputError(errno.ENOENT, "cannot write '': -o needs a file name (or - for stdout)")
    try:
        existing: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise _error(exc, path, os.path.dirname(os.fspath(path)) or ".") from exc
    name = os.fspath(path)
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise OutputError(errno.EISDIR, f"cannot write {_shown(path)}: it is a folder")
    straight = isinstance(name, str) and name.startswith(("/dev/", "/proc/"))
    if straight or (existing is not None and not stat.S_ISREG(existing.st_mode)):
        _write_into(path, raw)
    else:
        _replace(path, raw, existing)


def _write_into(path: str | os.PathLike[str], raw: bytes) -> None:
    """Into a FIFO, a device or /dev/stdout: no temporary file, no rename."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "wb") as stream:
            stream.write(raw)
    except OSError as exc:
        raise _error(exc, path) from exc


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold off SIGINT, SIGTERM and SIGHUP while the temporary file is
    created, so an interrupt always finds its name known and removes it."""
    held = {signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)}
    mask = getattr(signal, "pthread_sigmask", None)
    previous = mask(signal.SIG_BLOCK, held) if mask is not None else None
    try:
        yield
    finally:
        if mask is not None and previous is not None:
            mask(signal.SIG_SETMASK, previous)


def _replace(path: str | os.PathLike[str], raw: bytes, existing: os.stat_result | None) -> None:
    target = os.path.realpath(path) if os.path.islink(path) else os.fspath(path)
    folder = os.path.dirname(target) or "."
    base = os.path.basename(target)[:120]  # room for the mark within NAME_MAX
    temporary = ""
    try:
        with _signals_held():
            for _ in range(100):
                temporary = os.path.join(folder, f".{base}{TEMPORARY_MARK}{os.urandom(4).hex()}")
                try:
                    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
                    fd = os.open(temporary, flags, 0o666)  # the umask applies
                    break
                except FileExistsError:
                    continue
            else:  # pragma: no cover - a hundred collisions of 32 random bits
                raise FileExistsError(errno.EEXIST, "no free temporary name", folder)
        with os.fdopen(fd, "wb") as stream:
            if existing is not None and hasattr(os, "fchmod"):  # POSIX
                if os.geteuid() == 0:
                    os.fchown(fd, existing.st_uid, existing.st_gid)  # before the mode:
                os.fchmod(fd, stat.S_IMODE(existing.st_mode))  # chown clears set-id bits
            stream.write(raw)
            stream.flush()
            os.fsync(fd)
        os.replace(temporary, target)
        temporary = ""
    except OSError as exc:
        raise _error(exc, path, folder) from exc
    finally:
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    with contextlib.suppress(OSError):  # make the rename itself durable
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
