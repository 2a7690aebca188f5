"""`wongrian verify <zip or folder>`: is this offline copy complete? Checks the bundle's MANIFEST."""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .bundle import MANIFEST, sha256_file

LINE = re.compile(r"([0-9a-f]{64}) [ *](.+)")
# Files an operating system or a file manager adds by itself: reported, never an error.
SYSTEM_FILES = re.compile(r"(^|/)(Thumbs\.db|desktop\.ini|\.DS_Store|__MACOSX/.*|\._.*|System Volume Information/.*)$",
                          re.IGNORECASE)


@dataclass
class Report:
    """What a copy has compared with its MANIFEST."""

    checked: int = 0
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not (self.error or self.missing or self.changed)


def parse_manifest(text: str) -> dict[str, str]:
    """{path: sha256} from `sha256sum` lines; raises ValueError on a malformed line."""
    sums = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = LINE.fullmatch(line.strip("\r"))
        if not match:
            raise ValueError(f"{MANIFEST} line {number} is not '<sha256>  <path>'")
        sums[match.group(2)] = match.group(1)
    return sums


def compare(sums: dict[str, str], present: list[str], digest: Callable[[str], str]) -> Report:
    report = Report()
    have = set(present)
    for path, expected in sorted(sums.items()):
        if path not in have:
            report.missing.append(path)
            continue
        report.checked += 1
        if digest(path) != expected:
            report.changed.append(path)
    report.extra = sorted(p for p in have - set(sums) - {MANIFEST})
    return report


def verify_folder(folder: Path) -> Report:
    """Check a folder holding MANIFEST (or holding the one bundle folder that does)."""
    inner = [p for p in folder.iterdir() if p.is_dir()] if folder.is_dir() else []
    if not (folder / MANIFEST).is_file() and len(inner) == 1 and (inner[0] / MANIFEST).is_file():
        folder = inner[0]
    if not (folder / MANIFEST).is_file():
        return Report(error=f"no {MANIFEST} in {folder}")
    try:
        sums = parse_manifest((folder / MANIFEST).read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        return Report(error=str(exc))
    present = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()]
    return compare(sums, present, lambda path: sha256_file(folder / path))


def verify_zip(path: Path) -> Report:
    """Check a bundle zip without unpacking it."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        return Report(error=f"not a readable zip: {exc}")
    with archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
        manifests = sorted((n for n in names if n.rsplit("/", 1)[-1] == MANIFEST), key=len)
        if not manifests:
            return Report(error=f"no {MANIFEST} in {path.name}")
        top = manifests[0][: -len(MANIFEST)]
        try:
            sums = parse_manifest(archive.read(manifests[0]).decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            return Report(error=str(exc))
        present = [n[len(top):] for n in names if n.startswith(top)]

        def digest(name: str) -> str:
            try:
                return hashlib.sha256(archive.read(top + name)).hexdigest()
            except (zipfile.BadZipFile, OSError):
                return "unreadable"
        return compare(sums, present, digest)


def verify(path: Path) -> Report:
    if path.is_dir():
        return verify_folder(path)
    if path.is_file():
        return verify_zip(path)
    return Report(error=f"{path} does not exist")


def print_report(report: Report, stream=None) -> None:
    stream = stream or sys.stdout
    for label, items in (("missing | ไม่มีไฟล์", report.missing), ("changed | ไฟล์ไม่ตรงกับต้นฉบับ", report.changed)):
        for item in items:
            print(f"{label}: {item}", file=stream)
    junk = [e for e in report.extra if SYSTEM_FILES.search(e)]
    for item in report.extra:
        if item not in junk:
            print(f"not in {MANIFEST} (ignored) | ไฟล์เกิน (ไม่เป็นไร): {item}", file=stream)
    if report.error:
        print(f"error: {report.error} | ตรวจไม่ได้: ไม่พบหรืออ่านรายการไฟล์ {MANIFEST} ไม่ได้", file=stream)
    elif report.ok:
        print(f"OK: all {report.checked} files complete | ไฟล์ครบและถูกต้องทั้ง {report.checked} ไฟล์", file=stream)
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
