"""Cache files signed with this machine's key (`signing_key`, kept outside every project): a
file committed to a repository or copied from another machine is ignored, never loaded. Small
files are written and read whole (`write_signed`, `read_signed`); large ones a part at a time
(`dump_signed`, `load_signed`: the page cache, the rendered bodies, the search memo).

Plain data only. Long non-ASCII strings are pickled as their UTF-8 bytes: pickle's own way
leaves a UTF-8 copy inside every string it writes, for as long as the string lives (CPython
keeps it there), so saving the page cache made a build hold its Thai pages twice (70 MB more
at 2,000 stories, 350 MB at 10,000).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import tempfile
from pathlib import Path


def signing_key() -> bytes:
    """This machine's key for signing cache files (kept outside every project): a cache
    file committed to a repository, or copied from elsewhere, is never trusted."""
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wongrian"
    path = home / "cache-key"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        home.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=home)
        with os.fdopen(handle, "wb") as out:
            out.write(secrets.token_bytes(32))
        os.replace(temp, path)
        return path.read_bytes()


def ignored_by_git(folder: Path) -> None:
    """A `.gitignore` in the project's `.cache/` that ignores all of it."""
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# made by wongrian; safe to delete\n*\n", encoding="utf-8")


def sign(data: bytes, key: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


def worth_rewriting(changed: int, total: int) -> bool:
    """Whether a cache file that is `changed` entries out of `total` behind should be written
    again: a few stale entries cost less to redo in each build than a file of hundreds of MB
    costs to write (a one-story edit rewrote 150 MB of caches)."""
    return changed > max(8, total // 100)


def read_signed(path: Path) -> bytes | None:
    """A file's data when this machine signed it (HMAC with its own key), else None."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    mac, data = raw[:32], raw[32:]
    return data if hmac.compare_digest(mac, sign(data, signing_key())) else None


def write_signed(path: Path, data: bytes) -> None:
    """`data` signed with this machine's key, replacing `path` in one step (a temporary file
    of its own: processes that write the same file at once never mix their bytes)."""
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    with os.fdopen(handle, "wb") as out:
        out.write(sign(data, signing_key()) + data)
    os.replace(temporary, path)


LONG_TEXT = 256  # characters: shorter strings are pickled as they are


def write_signed_parts(path: Path, parts) -> None:
    """`write_signed(path, b"".join(parts))` without joining them (a search memo of hundreds
    of MB at 10,000 stories): written one part at a time, then signed."""
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)  # as `write_signed`
    mac = hmac.new(signing_key(), digestmod=hashlib.sha256)
    with os.fdopen(handle, "wb") as out:
        out.write(bytes(mac.digest_size))
        for part in parts:
            mac.update(part)
            out.write(part)
        out.seek(0)
        out.write(mac.digest())
    os.replace(temporary, path)


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        if type(obj) is str and len(obj) > LONG_TEXT and not obj.isascii():
            return ("utf-8", obj.encode("utf-8", "surrogatepass"))
        return None


class _Plain(pickle.Unpickler):
    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")

    def persistent_load(self, pid):
        if not (isinstance(pid, tuple) and len(pid) == 2 and pid[0] == "utf-8"
                and isinstance(pid[1], bytes)):
            raise pickle.UnpicklingError("only texts are kept apart")
        return pid[1].decode("utf-8", "surrogatepass")


def dump_signed(path: Path, value) -> None:
    """`write_signed(path, pickle.dumps(value))` without holding the pickle in memory (for
    the page cache: hundreds of MB at 10,000 stories): pickled into the file, then signed."""
    temporary = path.with_name(f".{path.name}.tmp")
    mac = hmac.new(signing_key(), digestmod=hashlib.sha256)
    with open(temporary, "w+b") as out:
        out.write(bytes(mac.digest_size))
        _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        out.seek(mac.digest_size)
        while chunk := out.read(1 << 20):
            mac.update(chunk)
        out.seek(0)
        out.write(mac.digest())
    os.replace(temporary, path)


def load_signed(path: Path):
    """What `dump_signed` wrote, when this machine signed it; else None. Plain data only
    (dicts, lists, strings, numbers): the unpickler refuses every class and function."""
    mac = hmac.new(signing_key(), digestmod=hashlib.sha256)
    try:
        with open(path, "rb") as source:
            signed = source.read(mac.digest_size)
            while chunk := source.read(1 << 20):
                mac.update(chunk)
            if not hmac.compare_digest(signed, mac.digest()):
                return None
            source.seek(mac.digest_size)
            return _Plain(source).load()
    except (OSError, pickle.UnpicklingError, EOFError):
        return None
