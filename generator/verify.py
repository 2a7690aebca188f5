"""`wongrian verify <zip or folder>`: is this offline copy exactly the bundle that was made?

Checks the bundle's MANIFEST: every file listed is there with its SHA-256, nothing was added,
and no entry could land outside the folder when unpacked (absolute paths, `..`, backslashes,
drive letters, another top folder, symbolic links). Zips are read, never unpacked. The
MANIFEST is not signed: this finds damaged and altered copies, not a copy whose MANIFEST
was rewritten to match.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import stat
import sys
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .bundle import MANIFEST
from .errors import shown

LINE = re.compile(r"([0-9a-f]{64}) [ *](.+)")
MAX_MANIFEST = 16 << 20  # bytes; a real one is about 100 bytes a file
# Files an operating system or a file manager adds to a folder by itself: never an error there.
SYSTEM_FILES = re.compile(r"(^|/)(Thumbs\.db|desktop\.ini|\.DS_Store|__MACOSX/.*|\._.*|System Volume Information/.*)$",
                          re.IGNORECASE)
DRIVE = re.compile(r"^[A-Za-z]:")
# Why an entry is unsafe: (English, Thai).
ABSOLUTE = ("absolute path", "เป็นที่อยู่เต็มตั้งแต่ราก (absolute path)")
PARENT = ("contains '..'", "มี '..' ซึ่งชี้ออกนอกโฟลเดอร์")
BACKSLASH = ("contains a backslash", "มีเครื่องหมาย \\")
DRIVE_LETTER = ("has a drive letter", "มีอักษรไดรฟ์ (เช่น C:)")
COLON = ("contains ':'", "มีเครื่องหมาย :")
EMPTY_PART = ("has an empty or '.' part", "มีส่วนที่ว่างหรือเป็น '.'")
CONTROL = ("contains a control character", "มีอักขระควบคุม")
OUTSIDE = ("outside the bundle's folder", "อยู่นอกโฟลเดอร์ของชุด")
SYMLINK = ("is a symbolic link", "เป็นลิงก์สัญลักษณ์ (symlink)")
SPECIAL = ("is not a regular file", "ไม่ใช่ไฟล์ธรรมดา")
TWICE = ("appears more than once", "มีซ้ำกันมากกว่าหนึ่งรายการ")
# What reading a damaged or odd zip entry raises (encrypted: RuntimeError; unknown method: NotImplemented).
READ_ERRORS = (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError, zlib.error)


@dataclass
class Report:
    """What a copy has compared with its MANIFEST."""

    checked: int = 0
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)       # files the MANIFEST does not list
    unsafe: list[tuple[str, str, str]] = field(default_factory=list)  # (entry, English, Thai)
    ignored: list[str] = field(default_factory=list)     # system files added to a folder
    error: str = ""

    @property
    def ok(self) -> bool:
        return not (self.error or self.missing or self.changed or self.extra or self.unsafe)


def path_reason(path: str) -> tuple[str, str] | None:
    """Why a relative path could write outside its folder or clash on Windows (None: safe)."""
    if path.startswith("/"):
        return ABSOLUTE
    if "\\" in path:
        return BACKSLASH
    if DRIVE.match(path):
        return DRIVE_LETTER
    if ":" in path:
        return COLON
    if any(ord(c) < 32 or ord(c) == 127 for c in path):
        return CONTROL
    parts = path.split("/")
    if ".." in parts:
        return PARENT
    if any(part in ("", ".") for part in parts):
        return EMPTY_PART
    return None


def parse_manifest(text: str) -> dict[str, str]:
    """{path: sha256} from `sha256sum` lines; raises ValueError on a malformed line."""
    sums = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = LINE.fullmatch(line.strip("\r"))
        if not match:
            raise ValueError(f"{MANIFEST} line {number} is not '<sha256>  <path>'")
        sums[match.group(2)] = match.group(1)
    return sums


def checked_manifest(text: str, report: Report) -> dict[str, str]:
    """The MANIFEST's safe entries; unsafe ones go to `report` (and are never read)."""
    sums = {}
    for path, digest in parse_manifest(text).items():
        reason = path_reason(path)
        if reason:
            report.unsafe.append((f"{MANIFEST}: {path}", *reason))
        else:
            sums[path] = digest
    return sums


def compare(sums: dict[str, str], present: list[str], digest: Callable[[str], str],
            report: Report | None = None) -> Report:
    report = report or Report()
    have = set(present)
    for path, expected in sorted(sums.items()):
        if path not in have:
            report.missing.append(path)
            continue
        report.checked += 1
        if digest(path) != expected:
            report.changed.append(path)
    report.extra = sorted(have - set(sums) - {MANIFEST})
    return report


# -- folders ------------------------------------------------------------------------------------------

def verify_folder(folder: Path) -> Report:
    """Check a folder holding MANIFEST (or holding the one bundle folder that does)."""
    inner = [p for p in folder.iterdir() if p.is_dir() and not p.is_symlink()] if folder.is_dir() else []
    if not os.path.lexists(folder / MANIFEST) and len(inner) == 1 and (inner[0] / MANIFEST).is_file():
        folder = inner[0]
    report = Report()
    if (folder / MANIFEST).is_symlink():
        report.unsafe.append((MANIFEST, *SYMLINK))
        return report
    if not (folder / MANIFEST).is_file():
        return Report(error=f"no {MANIFEST} in {folder}")
    try:
        sums = checked_manifest(_read_capped((folder / MANIFEST).open("rb")), report)
    except (ValueError, UnicodeDecodeError) as exc:
        return Report(error=str(exc))
    present = []
    for rel, mode in _walk(folder):
        if stat.S_ISLNK(mode):
            report.unsafe.append((rel, *SYMLINK))
        elif not stat.S_ISREG(mode):
            report.unsafe.append((rel, *SPECIAL))
        elif rel != MANIFEST and rel not in sums and SYSTEM_FILES.search(rel):
            report.ignored.append(rel)
        else:
            present.append(rel)
    return compare(sums, present, lambda path: _sha256_path(folder / path), report)


def _walk(folder: Path) -> list[tuple[str, int]]:
    """(relative path, lstat mode) of everything below `folder` but directories; no link followed."""
    found = []
    for top, dirs, files in os.walk(folder):
        for name in sorted(dirs + files):
            path = Path(top) / name
            mode = path.lstat().st_mode
            if not stat.S_ISDIR(mode):
                found.append((path.relative_to(folder).as_posix(), mode))
    return sorted(found)


def _sha256_path(path: Path) -> str:
    with path.open("rb") as handle:
        return _sha256_stream(handle)


def _sha256_stream(handle) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def _read_capped(handle) -> str:
    with handle:
        data = handle.read(MAX_MANIFEST + 1)
    if len(data) > MAX_MANIFEST:
        raise ValueError(f"{MANIFEST} is larger than {MAX_MANIFEST >> 20} MB")
    return data.decode("utf-8")


# -- zips ---------------------------------------------------------------------------------------------

def entry_reason(info: zipfile.ZipInfo, top: str) -> tuple[str, str] | None:
    """Why a zip entry is unsafe to unpack (None: safe); `top` is the bundle's folder."""
    name = info.orig_filename
    reason = path_reason(name[:-1] if name.endswith("/") else name)
    if reason:
        return reason
    if name.split("/")[0] != top or "/" not in name:
        return OUTSIDE
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind == stat.S_IFLNK:
        return SYMLINK
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        return SPECIAL
    return None


def verify_zip(path: Path) -> Report:
    """Check a bundle zip without unpacking it."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        return Report(error=f"not a readable zip: {exc}")
    with archive:
        infos = archive.infolist()
        tops = sorted(i.orig_filename.split("/")[0] for i in infos
                      if i.orig_filename.count("/") == 1 and i.orig_filename.endswith("/" + MANIFEST)
                      and not path_reason(i.orig_filename))
        if not tops:
            return Report(error=f"no {MANIFEST} in {path.name}")
        top, report = tops[0], Report()
        counts = Counter(i.orig_filename for i in infos)
        files = {}
        for info in infos:
            name = info.orig_filename
            reason = TWICE if counts[name] > 1 else entry_reason(info, top)
            if reason:
                if (name, *reason) not in report.unsafe:
                    report.unsafe.append((name, *reason))
            elif not name.endswith("/"):
                files[name[len(top) + 1:]] = info
        try:
            sums = checked_manifest(_read_capped(archive.open(files[MANIFEST])), report)
        except (KeyError, ValueError, UnicodeDecodeError, *READ_ERRORS) as exc:
            return Report(error=str(exc))
        return compare(sums, sorted(files), lambda name: _sha256_entry(archive, files[name]), report)


def _sha256_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    try:
        with archive.open(info) as handle:
            return _sha256_stream(handle)
    except READ_ERRORS:
        return "unreadable"


def verify(path: Path) -> Report:
    if path.is_dir():
        return verify_folder(path)
    if path.is_file():
        return verify_zip(path)
    return Report(error=f"{path} does not exist")


# -- command ------------------------------------------------------------------------------------------

def print_report(report: Report, stream=None) -> None:
    stream = stream or sys.stdout
    for label, items in (("missing | ไม่มีไฟล์", report.missing), ("changed | ไฟล์ไม่ตรงกับต้นฉบับ", report.changed),
                         (f"added, not in {MANIFEST} | ไฟล์เกินที่ไม่มีในรายการ {MANIFEST}", report.extra)):
        for item in items:
            print(f"{label}: {shown(item)}", file=stream)
    for entry, en, th in report.unsafe:
        print(f"unsafe | ไม่ปลอดภัย: {shown(entry)}: {en} | {th}", file=stream)
    if report.error:
        print(f"error: {report.error} | ตรวจไม่ได้: ไม่พบหรืออ่านรายการไฟล์ {MANIFEST} ไม่ได้", file=stream)
    elif report.ok:
        print(f"OK: all {report.checked} files complete | ไฟล์ครบและถูกต้องทั้ง {report.checked} ไฟล์", file=stream)
    elif report.extra or report.unsafe:
        print(f"NOT THE ORIGINAL BUNDLE: {len(report.extra)} added, {len(report.unsafe)} unsafe, "
              f"{len(report.missing) + len(report.changed)} missing or changed — do not open or pass it on; "
              f"get the bundle again from its source | ชุดนี้ถูกเพิ่มหรือแก้ไข อย่าเปิดหรือส่งต่อ "
              f"ให้ขอชุดใหม่จากต้นทาง", file=stream)
    else:
        bad = len(report.missing) + len(report.changed)
        print(f"INCOMPLETE: {bad} of {report.checked + len(report.missing)} files missing or damaged — "
              f"copy the bundle again | ไฟล์ขาดหรือเสีย {bad} ไฟล์ ให้คัดลอกชุดนี้มาใหม่", file=stream)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="the bundle zip, or the folder it was unpacked into")


def run(args: argparse.Namespace) -> int:
    report = verify(Path(args.path))
    print_report(report)
    return 0 if report.ok else 1


COMMAND = ("verify", "check an offline bundle (zip or folder) against its MANIFEST", add_arguments, run)
