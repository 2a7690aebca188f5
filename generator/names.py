"""Names of generated files: the same on every build, and valid on every file system."""

from __future__ import annotations

import hashlib
import re

# Windows refuses these as a file name, with or without an extension and in any case
# ("CON", "con.html", "Lpt1.md"); an offline bundle with one cannot be unzipped there.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", "conin$", "conout$",
                              *(f"com{i}" for i in range(1, 10)),
                              *(f"lpt{i}" for i in range(1, 10))})
# Our own: every entity folder has an index page (tag/index.md, series/index.md …).
TAKEN = frozenset({"index"})


def is_reserved(name: str) -> bool:
    """True when `name` (a file or folder name) is a Windows device name such as CON or com1.txt."""
    return name.partition(".")[0].lower() in WINDOWS_RESERVED


_PORTABLE = re.compile(r"[A-Za-z0-9._+~-]+")


def is_portable(name: str) -> bool:
    """True when `name` is safe on a FAT32 stick and in any unzip tool: Latin letters, digits
    and `._+~-`, not ending with "." (Windows drops it). Device names: `is_reserved`."""
    return bool(_PORTABLE.fullmatch(name)) and not name.endswith(".")


def safe_name(name: str) -> str:
    """The file-name stem for an id, slug or registry key: `con` → `con-`, `index` → `index-`.

    No id, slug or registry key ends with "-" (slugs are words joined by "-", registry ids
    are a-z, 0-9 and _), so the renamed stem cannot collide with another one."""
    head, dot, tail = name.partition(".")
    if head.lower() in WINDOWS_RESERVED or head.lower() in TAKEN:
        return f"{head}-{dot}{tail}"
    return name


NAME_MAX = 255  # bytes in one file name on Linux, macOS and Windows file systems


def temporary_name(name: str, tag: str = "") -> str:
    """A hidden name to write `name` under before renaming it into place (`.name<tag>.tmp`),
    shortened to a hash where that would pass NAME_MAX: a file beside a story may have a name
    of 255 bytes, and the build must not fail on the temporary copy of it."""
    temporary = f".{name}{tag}.tmp"
    if len(temporary.encode("utf-8", "surrogateescape")) <= NAME_MAX:
        return temporary
    return f".{hashlib.sha1(name.encode('utf-8', 'surrogateescape')).hexdigest()}{tag}.tmp"
