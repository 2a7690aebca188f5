"""Which files under content/ are read and published: the project's own, of allowed types and sizes.

A pull request can carry a symlink (git stores them) or any kind of file, so nothing is read
by following a name alone: a link is followed only when it stays inside the project's
`content/` folder, editors' lock and backup files are left out, and files beside stories are
published only when their type is on the allow-list, their bytes look like that type and
they are not too big. Everything found is an error naming the file and the fix.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

from .errors import Problems
from .names import is_portable, is_reserved

CONTENT = "content"
STORIES_DIR = Path(CONTENT) / "stories"
# Types that may sit beside a story and are copied next to its page.
ASSET_TYPES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WebP",
               ".pdf": "PDF", ".mp3": "MP3", ".m4a": "M4A", ".ogg": "Ogg"}
ALLOWED = ", ".join(sorted(ASSET_TYPES))
# Left out everywhere under content/: lock, swap and backup files of editors, and what file
# managers leave behind (.DS_Store, Thumbs.db): nobody meant to publish them.
IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini"})
IGNORED_SUFFIXES = (".swp", ".swo", ".swx", ".bak", ".orig", ".tmp", ".part", ".crdownload")


def is_ignored(name: str) -> bool:
    """True for dotfiles and editors' lock/backup files: `.#x.md`, `x.md~`, `.x.md.swp`, `#x.md#`."""
    lower = name.lower()
    return (name.startswith((".", "#")) or name.endswith("~") or lower in IGNORED_NAMES
            or lower.endswith(IGNORED_SUFFIXES))


def source_of(path: Path, root: Path) -> str:
    """The path as a contributor sees it: relative to the project, with '/'."""
    try:
        return relative(path, root)
    except ValueError:
        return path.as_posix()


def relative(path: Path, root: Path) -> str:
    """`path.relative_to(root).as_posix()` (ValueError when it is not under `root`), without
    pathlib's parsing when `path` is written under `root`: a save in `wongrian serve` asks
    this of every story file."""
    text, prefix = str(path), str(root)
    if len(text) > len(prefix) + 1 and text.startswith(prefix) and text[len(prefix)] == os.sep:
        rest = text[len(prefix) + 1:]
        return rest if os.sep == "/" else rest.replace(os.sep, "/")
    return path.relative_to(root).as_posix()


# -- links and single files ------------------------------------------------------------------

def _link_error(source: str, problems: Problems, dangling: bool) -> None:
    if dangling:
        problems.error(source, 0, "file", "a link (symlink) to a file that does not exist",
                       "เป็นลิงก์ (symlink) ไปยังไฟล์ที่ไม่มีอยู่",
                       "delete the link, or put the file itself here",
                       "ลบลิงก์ออก หรือวางไฟล์จริงไว้ที่นี่แทน")
    else:
        problems.error(source, 0, "file",
                       "a link (symlink) to a file outside the project's content/ folder is not read",
                       "เป็นลิงก์ (symlink) ไปยังไฟล์นอกโฟลเดอร์ content/ ของโครงการ จึงไม่อ่าน",
                       "put the file itself here instead of a link",
                       "วางไฟล์จริงไว้ที่นี่แทนลิงก์")


def readable(path: Path, root: Path, problems: Problems, within: str = CONTENT) -> bool:
    """True when `path` is a file that really lies inside `root/within` (links followed);
    a link leading outside, or nowhere, is an error. A missing plain file is just False."""
    source = source_of(path, root)
    boundary = root.resolve() / within if within else root.resolve()
    if not Path(os.path.abspath(root.resolve() / source)).is_relative_to(boundary):
        problems.error(source, 0, "file", f"the file is outside the project's {within or 'own'} folder",
                       f"ไฟล์อยู่นอกโฟลเดอร์ {within or 'ของโครงการ'}",
                       "name a file inside it (check site_config.yml)",
                       "ระบุไฟล์ที่อยู่ในโฟลเดอร์นั้น (ตรวจ site_config.yml)")
        return False
    if not path.exists():
        if path.is_symlink():
            _link_error(source, problems, dangling=True)
        return False
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a loop of links
        _link_error(source, problems, dangling=True)
        return False
    if not real.is_relative_to(boundary):
        _link_error(source, problems, dangling=False)
        return False
    if not real.is_file():
        problems.error(source, 0, "file", "not a regular file", "ไม่ใช่ไฟล์ธรรมดา",
                       "put a file here, not a folder or a device", "วางไฟล์ธรรมดาไว้ที่นี่")
        return False
    return True


# -- walking a folder ------------------------------------------------------------------------

def walk(root: Path, folder: Path, problems: Problems) -> list[Path]:
    """Every file under `folder` (a folder of `content/`), sorted, as named inside the folder.

    Ignored names are left out; a link is followed only when it stays inside content/ (a
    folder reached twice through links is read once); anything else is an error."""
    found: list[Path] = []
    # the folder itself too: content/ or content/stories may be a link to elsewhere
    if (folder.is_symlink() or folder.exists()) and _follow(folder, root, problems):
        _visit(folder, root, problems, found, set())
    return sorted(found)


def _follow(path: Path, root: Path, problems: Problems) -> bool:
    """True when `path` (links followed) leads to something inside content/ (else an error)."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        _link_error(source_of(path, root), problems, dangling=True)
        return False
    if not real.is_relative_to(root.resolve() / CONTENT):
        _link_error(source_of(path, root), problems, dangling=False)
        return False
    return True


def _visit(folder: Path, root: Path, problems: Problems, found: list[Path], seen: set[Path]) -> None:
    real = folder.resolve()
    if real in seen:
        return
    seen.add(real)
    try:  # DirEntry knows each entry's kind without another system call (2,000 files: ~60 ms)
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        problems.error(source_of(folder, root), 0, "file", f"cannot read this folder ({exc.strerror})",
                       "อ่านโฟลเดอร์นี้ไม่ได้", "check its permissions", "ตรวจสิทธิ์การอ่านโฟลเดอร์")
        return
    for entry in entries:
        path = folder / entry.name
        if is_ignored(entry.name):
            continue
        link = entry.is_symlink()
        if link and not _follow(path, root, problems):
            continue
        if entry.is_dir(follow_symlinks=link):
            _visit(path, root, problems, found, seen)
        elif entry.is_file(follow_symlinks=link):
            found.append(path)
        else:
            problems.error(source_of(path, root), 0, "file", "not a regular file (a pipe, socket or device)",
                           "ไม่ใช่ไฟล์ธรรมดา", "delete it", "ลบออก")


# -- content/stories -------------------------------------------------------------------------

def story_files(root: Path, problems: Problems) -> tuple[list[Path], list[Path]]:
    """(Markdown story files, other files) under content/stories, sorted."""
    folder = root / STORIES_DIR
    files = walk(root, folder, problems)
    content = folder.parent
    strays = sorted(p for p in content.iterdir() if p.suffix.lower() == ".md") if content.is_dir() else []
    for stray in strays:
        problems.warn(source_of(stray, root), 0, "file", "a story outside content/stories/ is not "
                      "published", "บันทึกที่อยู่นอก content/stories/ จะไม่ถูกเผยแพร่",
                      f"move it to content/stories/{stray.name[:4] if stray.name[:4].isdigit() else '<year>'}/",
                      "ย้ายไปไว้ใน content/stories/<ปี>/")
    for path in files:
        _check_folder_names(path, folder, root, problems)
    _check_case_clashes([p for p in files if p.suffix.lower() != ".md"], folder, root, problems)
    return ([p for p in files if p.suffix.lower() == ".md"],
            [p for p in files if p.suffix.lower() != ".md"])


def _check_folder_names(path: Path, folder: Path, root: Path, problems: Problems) -> None:
    """A folder or file named CON, aux.png … cannot be created on Windows (the offline bundle)."""
    parts = relative(path, folder).split("/")
    names = parts[:-1] if path.suffix.lower() == ".md" else parts
    for name in names:
        if is_reserved(name):
            problems.error(source_of(path, root), 0, "file",
                           f'"{name}" is a name Windows cannot use for a file or folder',
                           f'"{name}" เป็นชื่อที่ Windows ใช้ตั้งชื่อไฟล์หรือโฟลเดอร์ไม่ได้',
                           "rename it, e.g. add a word", "เปลี่ยนชื่อ เช่น เติมคำต่อท้าย")
            return
        if not is_portable(name):  # as the offline bundle needs (bundle.path_problems)
            problems.warn(source_of(path, root), 0, "file",
                          f'"{name}": the offline bundle takes only names of Latin letters, digits, '
                          "'-', '_' and '.' (Thai letters and spaces break on USB sticks)",
                          f'"{name}": ชุดออฟไลน์ใช้ได้เฉพาะชื่อที่เป็นอักษรละติน ตัวเลข - _ และ . '
                          "(ชื่อภาษาไทยและช่องว่างใช้บนแฟลชไดรฟ์ไม่ได้)",
                          "rename it, e.g. photo-1.jpg, and change the link to it",
                          "เปลี่ยนชื่อ เช่น photo-1.jpg แล้วแก้ลิงก์ที่ชี้ไปด้วย")
            return


def _check_case_clashes(paths: list[Path], folder: Path, root: Path, problems: Problems) -> None:
    """Files beside stories whose names differ only by case (`photo.png`, `Photo.png`) are one
    file on Windows and on most USB sticks: the offline bundle refuses them (bundle.path_problems)."""
    seen: dict[str, Path] = {}
    for path in paths:
        other = seen.setdefault(relative(path, folder).lower(), path)
        if other != path:
            one, two = source_of(path, root), source_of(other, root)
            problems.warn(one, 0, "file",
                          f'"{one}" and "{two}" differ only by case '
                          "(one file on Windows: the offline bundle refuses them)",
                          f'"{one}" กับ "{two}" ต่างกันแค่ตัวพิมพ์เล็กใหญ่ '
                          "(บน Windows เป็นไฟล์เดียวกัน ชุดออฟไลน์จึงไม่รับ)",
                          "rename one of them, and change the link to it",
                          "เปลี่ยนชื่อไฟล์หนึ่ง แล้วแก้ลิงก์ที่ชี้ไปด้วย")


def check_assets(root: Path, paths: list[Path], max_file_mb: float, problems: Problems) -> list[Path]:
    """The files beside stories that may be published: allowed type, matching bytes, not too big."""
    limit = int(max_file_mb * 1024 * 1024)
    return [path for path in paths if _asset_ok(path, source_of(path, root), limit, problems)]


def _asset_ok(path: Path, source: str, limit: int, problems: Problems) -> bool:
    suffix = path.suffix.lower()
    if suffix == ".svg":
        problems.error(source, 0, "file", "SVG files are not published (they can carry scripts)",
                       "ไม่เผยแพร่ไฟล์ SVG (อาจมีสคริปต์แฝง)", "convert the picture to PNG",
                       "แปลงภาพเป็น PNG")
        return False
    if suffix not in ASSET_TYPES:
        problems.error(source, 0, "file", f'"{suffix or path.name}" files are not published beside stories',
                       f'ไม่เผยแพร่ไฟล์ชนิด "{suffix or path.name}" ข้างบันทึก',
                       f"use one of {ALLOWED} (documents as PDF), or move the file out of content/",
                       f"ใช้ชนิด {ALLOWED} (เอกสารให้บันทึกเป็น PDF) หรือย้ายไฟล์ออกจาก content/")
        return False
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError as exc:  # removed while the build ran, or not readable
        problems.error(source, 0, "file", f"cannot read the file ({exc.strerror})", "อ่านไฟล์ไม่ได้",
                       "check that it exists and can be read", "ตรวจว่ามีไฟล์อยู่และเปิดอ่านได้")
        return False
    if size > limit:
        problems.error(source, 0, "file",
                       f"{size / 1048576:.1f} MB is over the limit of {limit / 1048576:g} MB per file",
                       f"ขนาด {size / 1048576:.1f} MB เกินกำหนด {limit / 1048576:g} MB ต่อไฟล์",
                       "make the picture smaller or split the file (limit: build.max_file_mb)",
                       "ย่อภาพหรือแบ่งไฟล์ให้เล็กลง (กำหนดที่ build.max_file_mb)")
        return False
    if not _looks_like(suffix, head):
        kind = ASSET_TYPES[suffix]
        problems.error(source, 0, "file", f"the file is not really {kind} (its bytes say otherwise)",
                       f"เนื้อไฟล์ไม่ใช่ {kind} ตามนามสกุล", f"save it again as {kind}",
                       f"บันทึกไฟล์ใหม่เป็น {kind}")
        return False
    return True


def _looks_like(suffix: str, head: bytes) -> bool:
    """The first bytes of each allowed type (its "magic number")."""
    kind = ASSET_TYPES[suffix]
    if kind == "MP3":
        return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)
    if kind == "WebP":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if kind == "M4A":
        return head[4:8] == b"ftyp"
    magic = {"PNG": (b"\x89PNG\r\n\x1a\n",), "JPEG": (b"\xff\xd8\xff",),
             "GIF": (b"GIF87a", b"GIF89a"), "PDF": (b"%PDF-",), "Ogg": (b"OggS",)}
    return head.startswith(magic[kind])


_TYPES = "|".join(t[1:] for t in ASSET_TYPES)
_EXTENSION = re.compile(rf"\.(?:{_TYPES})(?![A-Za-z0-9_])", re.IGNORECASE)
_NAME_START = re.compile(r"[^\s()<>\"'\[\]/=]*\Z")  # back to a link's or src's delimiter
_SPACED_START = re.compile(r"[^<>/\n]*\Z")  # inside <…>, where a name may hold spaces


def linked_assets(stories: list, assets: list[Path]) -> list[Path]:
    """The files beside stories whose name one of `stories` writes (`![](p.png)`,
    `src="p.png"`, `![](<my p.png>)`, in any folder). By name alone, wherever the link leads:
    a file named alike elsewhere is kept too, never one a story shows. (Found from each
    extension backwards: a pattern for the whole name backtracks through every run of Thai
    letters, 2 s at 2,000 stories.)"""
    named = set()
    for story in stories:
        body = story.body
        for match in _EXTENSION.finditer(body):
            head = body[max(0, match.start() - 255):match.start()]  # (names: at most 255 bytes)
            for start in (_NAME_START, _SPACED_START):
                named.add(unquote(start.search(head).group() + match.group()).lower())
    return [path for path in assets if path.name.lower() in named]
