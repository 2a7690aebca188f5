"""The output folder (`site/`, `dist/`): one writer at a time, never half-written, nothing left behind.

Whoever writes an output folder first `claim`s it: an exclusive `fcntl.flock` on a lock file
beside it (`site.lock` next to `site/`), held until the writing is done. A second build of the
same folder waits for it (up to `WAIT` seconds, saying so once), then gives up with `OutputBusy`.
With the lock held, whatever a killed build left is cleaned up: its `.build-tmp-site-<hex>/`
work folders are removed, and a `site.old/` with no `site/` beside it (a kill between the two
renames of the fallback swap) is put back.

A build writes into its work folder and `swap_in` puts the result in place. On Linux that is
one `renameat2(RENAME_EXCHANGE)`: the old and the new folder trade names in a single step, so
`site/` is always a complete site, the old or the new one. Where the kernel or the file system
cannot exchange, two renames (`site` → `site.old`, new → `site`) do it, with a short moment
without `site/` that the next claim repairs if the build dies in it.
"""

from __future__ import annotations

import argparse
import ctypes
import errno
import fcntl
import functools
import os
import platform
import re
import secrets
import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

WAIT = 600.0   # seconds a second build waits for the first one (`--wait`)
POLL = 0.2     # seconds between two tries of the lock
WORK_PREFIX = ".build-tmp-"
LEGACY_WORK = re.compile(r"\.build-tmp-[a-z0-9_]{8}")  # mkdtemp names from before the lock
AT_FDCWD = -100
RENAME_EXCHANGE = 2
SYS_RENAMEAT2 = {"x86_64": 316, "aarch64": 276, "i686": 353, "i386": 353, "armv7l": 382,
                 "ppc64le": 357, "riscv64": 276, "s390x": 347}
CANNOT_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP}

_held: dict[str, int] = {}  # lock files this process holds, with how many claims each


class OutputError(Exception):
    """An output folder that cannot be written now (`OutputBusy`) or at all (`OutputRefused`)."""

    def __init__(self, en: str, th: str):
        self.en, self.th = en, th
        super().__init__(f"{en} | {th}")


class OutputBusy(OutputError):
    """Another build (or `wongrian serve`) kept the output folder longer than we could wait."""

    def __init__(self, out_dir: Path, holder: str, waited: float):
        super().__init__(
            f"{out_dir} is being written by {holder}; gave up after waiting {waited:.0f} s — "
            f"let it finish (or stop it) and run this again, or write elsewhere with --out",
            f"{out_dir.name}/ กำลังถูกเขียนโดย {holder} รอแล้ว {waited:.0f} วินาที — "
            f"รอให้งานนั้นเสร็จ (หรือหยุดมัน) แล้วสั่งใหม่ หรือสร้างไปที่อื่นด้วย --out")


class OutputRefused(OutputError):
    """A site folder whose replacement would destroy something that is not a built site."""


SITE_MARK = Path("assets") / "search" / "search.js"  # in every site Wongrian builds
KEPT = ("content", ".cache", ".git", "theme", "generator", "tests")  # a project's own folders


def check_site_folder(out_dir: Path, root: Path) -> None:
    """Refuse (`OutputRefused`) a site folder a build would replace with harm: the project or a
    folder holding it, one inside its content, cache or code, or a folder that is not empty and
    not a site Wongrian built (a build swaps the whole folder and deletes the old one)."""
    out_dir, root = out_dir.resolve(), root.resolve()
    inside = next((root / kept for kept in KEPT if out_dir.is_relative_to(root / kept)), None)
    if out_dir == root or root.is_relative_to(out_dir) or inside:
        what, what_th = ((f"{inside.name}/ of the project", f"โฟลเดอร์ {inside.name}/ ในโครงการ")
                         if inside else ("the project itself", "ตัวโครงการเอง") if out_dir == root
                         else ("a folder that holds the project", "โฟลเดอร์ที่มีโครงการอยู่ข้างใน"))
        raise OutputRefused(
            f"{out_dir} is {what}: a build replaces its output folder whole — choose another "
            "--out, e.g. site/", f"{out_dir} คือ{what_th} "
            "การสร้างเว็บจะแทนที่โฟลเดอร์ปลายทางทั้งหมด — เลือก --out ที่อื่น เช่น site/")
    if os.path.lexists(out_dir) and not out_dir.is_dir():
        raise OutputRefused(
            f"{out_dir} is a file, not a folder: a build would replace it with the site — "
            "choose another --out, e.g. site/",
            f"{out_dir} เป็นไฟล์ ไม่ใช่โฟลเดอร์ การสร้างเว็บจะแทนที่ไฟล์นี้ด้วยเว็บ — "
            "เลือก --out ที่อื่น เช่น site/")
    if out_dir.is_dir() and not out_dir.is_symlink() and not (out_dir / SITE_MARK).is_file() \
            and any(True for _ in out_dir.iterdir()):
        raise OutputRefused(
            f"{out_dir} holds files but is not a site Wongrian built: a build replaces its output "
            "folder whole — empty or move it, or choose another --out",
            f"{out_dir} มีไฟล์อยู่แต่ไม่ใช่เว็บที่ Wongrian สร้าง การสร้างเว็บจะแทนที่โฟลเดอร์ทั้งหมด — "
            "ย้ายไฟล์ออกหรือเลือก --out ที่อื่น")


def add_wait_argument(parser: argparse.ArgumentParser) -> None:
    """`--wait SECONDS`, for the commands that write an output folder."""
    parser.add_argument("--wait", type=float, default=WAIT, metavar="SECONDS",
                        help=f"how long to wait while another build writes the same folder "
                             f"(default {WAIT:.0f}); then exit 1")


def lock_path(out_dir: Path) -> Path:
    """The lock file of an output folder: `site.lock` beside `site/`."""
    return out_dir.with_name(out_dir.name + ".lock")


def old_path(out_dir: Path) -> Path:
    """Where the fallback swap parks the previous output: `site.old` beside `site/`."""
    return out_dir.with_name(out_dir.name + ".old")


@contextmanager
def claim(out_dir: Path, wait: float = WAIT, command: str = "wongrian build") -> Iterator[None]:
    """Hold the output folder's lock (waiting at most `wait` seconds), and clean up after killed
    builds. Claims nest within one process; the lock is released when the outermost one ends."""
    out_dir = Path(out_dir).absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    key = str(lock_path(out_dir))
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    fd = os.open(key, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        _acquire(fd, out_dir, wait)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {command}\n".encode(), 0)
        _held[key] = 1
        recover(out_dir)
        remove_leftovers(out_dir)
        yield
    finally:
        _held.pop(key, None)
        os.close(fd)  # closing the only descriptor releases the flock


def _acquire(fd: int, out_dir: Path, wait: float) -> None:
    """Take the exclusive lock, polling until `wait` seconds have passed (then OutputBusy)."""
    deadline, told = time.monotonic() + wait, False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        holder = _holder(fd)
        if time.monotonic() >= deadline:
            raise OutputBusy(out_dir, holder, wait)
        if not told:
            print(f"waiting for {holder}, which is writing {out_dir} (up to {wait:.0f} s) | "
                  f"รอ {holder} ที่กำลังเขียน {out_dir.name}/ อยู่ (รอได้ถึง {wait:.0f} วินาที)",
                  file=sys.stderr, flush=True)
            told = True
        time.sleep(min(POLL, max(0.0, deadline - time.monotonic())))


def _holder(fd: int) -> str:
    """Who holds the lock, as its lock file says: 'wongrian serve (pid 123)'."""
    text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    pid, _, command = text.partition(" ")
    return f"{command or 'another build'} (pid {pid})" if pid.isdigit() else "another build"


def work_dir(out_dir: Path) -> Path:
    """A new, empty work folder beside `out_dir`: `.build-tmp-site-<8 hex digits>`."""
    while True:
        path = out_dir.with_name(f"{WORK_PREFIX}{out_dir.name}-{secrets.token_hex(4)}")
        try:
            path.mkdir()
            return path
        except FileExistsError:
            continue


def _is_leftover(name: str, out_name: str) -> bool:
    """Work folders of this output (`.build-tmp-site-1a2b3c4d`), or from before the lock."""
    prefix = f"{WORK_PREFIX}{out_name}-"
    rest = name[len(prefix):] if name.startswith(prefix) else ""
    return bool(re.fullmatch(r"[0-9a-f]{8}", rest)) or bool(LEGACY_WORK.fullmatch(name))


def remove_leftovers(out_dir: Path) -> list[str]:
    """Remove the work folders that killed builds of `out_dir` left (call with the lock held)."""
    removed = []
    for path in sorted(out_dir.parent.iterdir()):
        if _is_leftover(path.name, out_dir.name) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed


def recover(out_dir: Path) -> None:
    """Put back `site.old` if a build died between the two renames; else drop a stale one."""
    old = old_path(out_dir)
    if not old.is_dir() or old.is_symlink():
        return
    if not os.path.lexists(out_dir):
        os.rename(old, out_dir)
    else:
        shutil.rmtree(old, ignore_errors=True)


def swap_in(new: Path, target: Path) -> None:
    """Put the folder `new` at `target`; afterwards `new` holds the previous output (if any).

    `target` is a complete folder at every moment where the system can exchange two names."""
    if not os.path.lexists(target):
        os.rename(new, target)
    elif not exchange(new, target):
        _swap_by_renames(new, target)


def _swap_by_renames(new: Path, target: Path) -> None:
    """The fallback: target → target.old, new → target, then the old folder moves into `new`."""
    old = old_path(target)
    shutil.rmtree(old, ignore_errors=True)
    os.rename(target, old)
    os.rename(new, target)
    os.rename(old, new)


def exchange(a: Path, b: Path) -> bool:
    """Atomically trade the names of `a` and `b` (Linux ≥ 3.15); False if not possible here."""
    call = _renameat2()
    if call is None:
        return False
    result = call(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in CANNOT_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


@functools.lru_cache(maxsize=1)
def _renameat2():
    """libc's renameat2, or the raw system call where libc is older than glibc 2.28."""
    if sys.platform != "linux":
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    args = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if hasattr(libc, "renameat2"):
        func = libc.renameat2
        func.argtypes, func.restype = args, ctypes.c_int
        return func
    number = SYS_RENAMEAT2.get(platform.machine())
    if number is None:
        return None
    return lambda *values: libc.syscall(ctypes.c_long(number),
                                        *(t(v) for t, v in zip(args, values)))
