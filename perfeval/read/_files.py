"""Opening input files: regular files only, read through a size bound.

Every file perfeval reads (cards, frameworks, accounts files, batch members,
workbooks) goes through :func:`read_bytes`. It never blocks and never reads
more than a bound: the file is opened without blocking (a FIFO with no writer
opens at once), checked with ``fstat`` to be a regular file (not a FIFO,
device, socket or folder), and read up to the limit plus one byte, so
``/dev/zero`` or a file that grows while it is read cannot exhaust memory.

File names are shown with :func:`display_path`: a name that is not UTF-8
(``bad\\xff.yaml``, which Python holds as a lone surrogate) is written with
backslash escapes, so messages and reports can always be printed and saved.
"""

from __future__ import annotations

import os
import stat

from ..core.errors import Location, ScorecardError
from ..core.limits import MAX_FILE_BYTES

__all__ = ["display_path", "file_kind", "peek", "read_bytes"]


def display_path(path: str | os.PathLike[str] | bytes) -> str:
    """A file name as text that any UTF-8 stream can carry and a terminal
    shows as it is: bytes that are not UTF-8 become ``\\xff``, control
    characters ``\\x01``, any other lone surrogate ``\\udxxx``."""
    from ..core._safe import visible  # the one escaping layer (also bidi controls)

    return visible(os.fsdecode(path))


def file_kind(mode: int) -> str | None:
    """None for a regular file, else what the file is, in words."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _fail(path: str, message: str) -> ScorecardError:
    return ScorecardError.single((), message, Location(display_path(path)))


def read_bytes(
    path: str | bytes | os.PathLike[str] | os.PathLike[bytes],
    what: str = "the file",
    limit: int = MAX_FILE_BYTES,
    hint: str = " (split it into several files)",
) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or a
    ScorecardError naming the file: it cannot be opened, is a FIFO, device,
    socket or folder, or is larger than the limit. Never blocks.

    ``what`` names the file in messages ("framework file", "workbook");
    ``hint`` follows the message of a file over the limit.
    """
    name = os.fsdecode(path)  # bytes names too, as the os functions take them
    if "\0" in name:
        raise _fail(name, f"cannot read {what}: the name holds a NUL character")
    try:
        before = os.stat(name)  # refuse a device or FIFO without even opening it
    except OSError as exc:
        raise _fail(name, f"cannot read {what}: {exc.strerror or exc}") from None
    kind = file_kind(before.st_mode)
    if kind is not None:
        raise _fail(name, f"cannot read {what}: it is {kind}, not a regular file")
    try:
        fd = os.open(name, _FLAGS)
    except OSError as exc:
        raise _fail(name, f"cannot read {what}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)  # the file opened, which may not be the one stat saw
        kind = file_kind(info.st_mode)
        if kind is not None:
            raise _fail(name, f"cannot read {what}: it is {kind}, not a regular file")
        if info.st_size > limit:
            raise _too_large(name, what, f"{info.st_size:,}", limit, hint)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # the file grew while it was read
            raise _too_large(name, what, f"more than {limit:,}", limit, hint)
        return b"".join(chunks)
    except OSError as exc:
        raise _fail(name, f"cannot read {what}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _too_large(name: str, what: str, size: str, limit: int, hint: str) -> ScorecardError:
    return _fail(name, f"{what} is {size} bytes; the limit is {limit:,} bytes{hint}")


def peek(path: str | os.PathLike[str], size: int = 4096) -> bytes | None:
    """The first ``size`` bytes of a regular file; None when it is not a
    regular file or cannot be read. Never blocks."""
    try:
        if file_kind(os.stat(path).st_mode) is not None:  # a device is never even opened
            return None
        fd = os.open(os.fspath(path), _FLAGS)
    except (OSError, ValueError):
        return None
    try:
        if file_kind(os.fstat(fd).st_mode) is not None:
            return None
        return os.read(fd, size)
    except OSError:
        return None
    finally:
        os.close(fd)
