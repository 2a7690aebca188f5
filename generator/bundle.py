"""`wongrian bundle`: the built site as one zip for learning centres without internet.

The zip holds one folder, `wongrian-offline-<BE date>[-<amphoe>]/`, with the site (index.html
opens by double-click, file://), a Thai `อ่านก่อน.txt` (and the same text as README.txt, for
unzip tools that garble Thai file names) and a MANIFEST of SHA-256 sums in `sha256sum` format,
which `wongrian verify` (verify.py) checks. Paths of the site must be ASCII, short, and unique
when case is ignored (FAT32 sticks, Windows), or the bundle is refused with the list of paths.
The same content gives a byte-identical zip: sorted entries, fixed dates and permissions.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import sys
import tempfile
import zipfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable

from . import dates
from .errors import ContentError, ContentErrors
from .model import Area, Story
from .names import is_portable, is_reserved
from .output import OutputError, add_wait_argument, claim, work_dir
from .site import Site
from .thai import ascii_slug

MANIFEST = "MANIFEST"
README = "อ่านก่อน.txt"
README_ASCII = "README.txt"
MAX_PATH = 120   # characters below the bundle folder; Windows stops at 260 in all
# Never used offline: Material's own search scripts (its search plugin is off), source maps,
# the web server's 404 page (its links are absolute paths under the site's URL), and the web
# editor (admin/: it needs a git host or decap-server, and is 5 MB).
UNUSED = re.compile(r"^assets/javascripts/(lunr|workers)/|\.map$|^404\.html$|^admin/")


# -- checks and texts (pure) ------------------------------------------------------------------------

def path_problems(paths: Iterable[str]) -> list[ContentError]:
    """Paths that would break on a FAT32 stick or Windows: not ASCII, too long, clashing by case."""
    problems, seen = [], {}
    for path in sorted(paths):
        source = _source_of(path)
        for part in PurePosixPath(path).parts:
            if not is_portable(part) or is_reserved(part):
                problems.append(ContentError(
                    source, 0, "path", f'"{part}" is not a safe file name for the offline bundle',
                    f'"{part}" ใช้เป็นชื่อไฟล์ในชุดออฟไลน์ไม่ได้',
                    "use only Latin letters, digits, '-', '_' and '.'",
                    "ใช้เฉพาะอักษรละติน ตัวเลข และ - _ ."))
                break
        if len(path) > MAX_PATH:
            problems.append(ContentError(source, 0, "path", f"path longer than {MAX_PATH} characters",
                                         f"ชื่อไฟล์ยาวเกิน {MAX_PATH} ตัวอักษร", "shorten the file name",
                                         "ตั้งชื่อไฟล์ให้สั้นลง"))
        other = seen.setdefault(path.lower(), path)
        if other != path:
            problems.append(ContentError(source, 0, "path", f'"{path}" and "{other}" differ only by case',
                                         f'"{path}" กับ "{other}" ต่างกันแค่ตัวพิมพ์เล็กใหญ่',
                                         "rename one of them", "เปลี่ยนชื่อไฟล์หนึ่ง"))
    return problems


def _source_of(path: str) -> str:
    """Where a contributor fixes a site path: files beside stories come from content/stories/."""
    return "content/stories/" + path[len("story/"):] if path.startswith("story/") else f"site/{path}"


def manifest_text(sums: dict[str, str]) -> str:
    """`sha256sum -c` format: '<hex>  <path>' per file, sorted by path."""
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(sums.items()))


def newest_date(site: Site) -> str:
    """The newest story's date as a BE ISO date ('2552-11-18'): names the bundle."""
    if not site.stories:
        return "0000-00-00"
    newest = max(s.updated or s.date for s in site.stories)
    return f"{newest.year + 543:04d}-{newest.month:02d}-{newest.day:02d}"


def bundle_name(site: Site, amphoe: Area | None = None) -> str:
    name = f"wongrian-offline-{newest_date(site)}"
    if amphoe:
        name += f"-{amphoe.id}-" + (ascii_slug(amphoe.name_en or amphoe.name_th, max_words=4) or "amphoe")
    return name


def readme_text(site: Site, folder: str, amphoe: Area | None = None) -> str:
    """A short Thai note on how to open and check the bundle (CRLF, for Windows Notepad)."""
    newest = max((s.updated or s.date for s in site.stories), default=None)
    scope = f"เฉพาะ{amphoe.label} " if amphoe else ""
    lines = [
        f"{site.config.site['title']} — ชุดสำหรับเปิดโดยไม่ต้องใช้อินเทอร์เน็ต",
        f"{scope}บันทึก {len(site.stories)} เรื่อง" + (f" ข้อมูลถึง {dates.thai_date(newest)}" if newest else ""),
        "",
        "วิธีเปิด",
        "1. แตกไฟล์ zip ออกมาก่อน (คลิกขวาที่ไฟล์ zip แล้วเลือก Extract All / แตกไฟล์ทั้งหมด)",
        "   อย่าเปิดจากในไฟล์ zip โดยตรง วางโฟลเดอร์ไว้ที่ไหนก็ได้ รวมถึงแฟลชไดรฟ์",
        f"2. เปิดโฟลเดอร์ {folder} แล้วดับเบิลคลิกไฟล์ index.html",
        "3. เว็บจะเปิดในเบราว์เซอร์ (Chrome, Edge, Firefox) ทุกหน้าใช้ได้โดยไม่ต้องต่ออินเทอร์เน็ต",
        "4. ช่องค้นหาอยู่ด้านบน พิมพ์ชื่อย่อหน่วยงาน (พช., กศน.) ชื่ออำเภอ ชื่อตำบล หรือเรื่องที่สนใจ",
        "   จะใส่วรรณยุกต์หรือไม่ก็ได้",
        "",
        "ตรวจว่าไฟล์ครบ",
        f"ไฟล์ {MANIFEST} เก็บรหัส SHA-256 ของทุกไฟล์ ตรวจได้ด้วยคำสั่ง",
        f"   wongrian verify {folder}",
        f"หรือบน Linux: sha256sum -c {MANIFEST}",
        "ถ้าบางหน้าเปิดไม่ได้หรือค้นหาไม่ทำงาน ให้คัดลอกทั้งโฟลเดอร์มาใหม่",
        "",
        "Offline copy of the site: unzip, then open index.html. Check it with `wongrian verify`.",
    ]
    return "\r\n".join(lines) + "\r\n"


def touches(site: Site, amphoe_id: str) -> Callable[[Story], bool]:
    """Stories in the amphoe (or any tambon/village of it), and province-wide ones."""
    def keep(story: Story) -> bool:
        levels = {site.areas[a].level for a in story.areas}
        return levels <= {"province"} or any(
            amphoe_id in {x.id for x in site.area_chain(a)} for a in story.areas)
    return keep


# -- writing ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Bundle:
    path: Path
    files: int
    bytes: int


def site_files(folder: Path) -> list[str]:
    """The files of a built site that go into the bundle (links too: `linked_out` refuses
    them)."""
    names = (p.relative_to(folder).as_posix() for p in folder.rglob("*")
             if p.is_file() or p.is_symlink())
    return sorted(n for n in names if not UNUSED.search(n))


def linked_out(folder: Path, files: Iterable[str]) -> list[ContentError]:
    """Symbolic links among the site's files (or its folders): a build writes none, and the
    bundle would carry the bytes of whatever they point at, outside the site."""
    links = [f for f in files if any((folder / Path(f).parents[i]).is_symlink()
                                     for i in range(len(Path(f).parents) - 1))
             or (folder / f).is_symlink()]
    return [ContentError(str(folder / name), 0, "path", "a symbolic link in the built site: the bundle takes "
                         "no file from outside it", "ไฟล์นี้เป็นลิงก์ไปยังที่อื่นในเว็บที่สร้างแล้ว "
                         "ชุดออฟไลน์ไม่นำไฟล์จากนอกเว็บไปด้วย",
                         "build the site again (wongrian build), or remove the link",
                         "สร้างเว็บใหม่ (wongrian build) หรือลบลิงก์นี้") for name in links]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_zip(target: Path, folder: str, site_dir: Path, extra: dict[str, bytes], when: tuple) -> None:
    """Deterministic zip: one top folder, entries sorted, fixed date and permissions."""
    def info(name: str) -> zipfile.ZipInfo:
        entry = zipfile.ZipInfo(f"{folder}/{name}", date_time=when)
        entry.compress_type, entry.create_system = zipfile.ZIP_DEFLATED, 3
        entry.external_attr = 0o100644 << 16
        return entry

    names = sorted([*site_files(site_dir), *extra])
    with zipfile.ZipFile(target, "w") as archive:
        for name in names:
            data = extra[name] if name in extra else (site_dir / name).read_bytes()
            archive.writestr(info(name), data, compresslevel=9)


def make_bundle(site: Site, site_dir: Path, dist: Path, amphoe: Area | None = None) -> Bundle:
    """Zip `site_dir` with MANIFEST and read-me into dist/<bundle name>.zip (atomically)."""
    files = site_files(site_dir)
    problems = linked_out(site_dir, files) or path_problems(files)
    if problems:
        raise ContentErrors(problems)
    folder = bundle_name(site, amphoe)
    readme = ("\ufeff" + readme_text(site, folder, amphoe)).encode("utf-8")
    extra = {README: readme, README_ASCII: readme}
    sums = {name: sha256_file(site_dir / name) for name in files}
    sums.update({name: hashlib.sha256(data).hexdigest() for name, data in extra.items()})
    extra[MANIFEST] = manifest_text(sums).encode("utf-8")
    newest = max((s.updated or s.date for s in site.stories), default=None)
    when = (newest.year, newest.month, newest.day, 0, 0, 0) if newest else (1980, 1, 1, 0, 0, 0)
    dist.mkdir(parents=True, exist_ok=True)
    target, work = dist / f"{folder}.zip", work_dir(dist)  # a killed run's work: see output.claim
    try:
        write_zip(work / target.name, folder, site_dir, extra, when)
        os.replace(work / target.name, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Bundle(target, len(sums) + 1, target.stat().st_size)


# -- command ------------------------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--amphoe", help="only one amphoe: its code (8012) or name (ท่าศาลา, อ.เมือง)")
    parser.add_argument("--site", help="built site to bundle (default: site/; built if missing)")
    parser.add_argument("--out", default="dist", help="folder for the zip (default: dist/)")
    add_wait_argument(parser)


def resolve_amphoe(checked, text: str) -> Area:
    """The amphoe a code or name means (ResolveError if none, several, or another level)."""
    from .areas import ResolveError

    registry, resolver = checked.resolvers.registry, checked.resolvers.areas
    try:
        area = registry.areas[resolver.resolve(text, levels=("amphoe",))]
    except ResolveError as not_amphoe:
        try:
            area = registry.areas[resolver.resolve(text)]
        except ResolveError:
            raise not_amphoe from None
    if area.level == "amphoe":
        return area
    amphoe = next((a for a in registry.ancestors(area.id) if a.level == "amphoe"), None)
    hint = (f"its amphoe is {amphoe.label} ({amphoe.id})", f"อยู่ใน{amphoe.label} ({amphoe.id})") if amphoe \
        else ("give an amphoe code or name", "ระบุรหัสหรือชื่ออำเภอ")
    raise ResolveError(f'"{text}" is {area.label}, not an amphoe', f'"{text}" คือ{area.label} ไม่ใช่อำเภอ', *hint)


def run(args: argparse.Namespace) -> int:
    from .areas import ResolveError
    from .build import build, check_project, make_site
    from .cli import print_problems

    root = Path(args.root).resolve()
    out = (root / args.out) if not Path(args.out).is_absolute() else Path(args.out)
    try:
        if os.path.lexists(out) and not out.is_dir():
            raise OutputError(f"{out} is a file, not a folder for the zip — choose another --out, "
                              "e.g. dist/", f"{out} เป็นไฟล์ ไม่ใช่โฟลเดอร์สำหรับไฟล์ zip — "
                              "เลือก --out ที่อื่น เช่น dist/")
        if args.amphoe is not None and not args.amphoe.strip():
            print("--amphoe: give an amphoe name or code, e.g. ท่าศาลา or 8008 | --amphoe: "
                  "ระบุชื่อหรือรหัสอำเภอ เช่น ท่าศาลา หรือ 8008", file=sys.stderr)
            return 2
        checked = check_project(root)
        amphoe = resolve_amphoe(checked, args.amphoe) if args.amphoe else None
        with tempfile.TemporaryDirectory(prefix="wongrian-bundle-") as tmp, ExitStack() as held:
            if amphoe:
                result = build(root, Path(tmp) / "site", keep=touches(make_site(checked), amphoe.id),
                               scope=amphoe.label)
                site, site_dir = result.site, result.out_dir
            else:  # no build may swap site/ while it is read
                site_dir = Path(args.site).resolve() if args.site else root / "site"
                held.enter_context(claim(site_dir, args.wait, "wongrian bundle"))
                if site_dir.exists() and not (site_dir / "index.html").is_file():
                    print(f"{site_dir} is not a built site (no index.html): build it with wongrian "
                          f"build, or leave out --site | {site_dir} ไม่ใช่เว็บที่สร้างแล้ว (ไม่มี "
                          "index.html) — สร้างด้วย wongrian build หรือไม่ต้องระบุ --site", file=sys.stderr)
                    return 2
                site = build(root, site_dir).site if not site_dir.exists() else make_site(checked)
            held.enter_context(claim(out, args.wait, "wongrian bundle"))
            made = make_bundle(site, site_dir, out, amphoe)
    except OutputError as exc:
        print(f"no bundle written: {exc}", file=sys.stderr)
        return 1
    except ContentErrors as exc:
        print_problems(exc.errors)
        print(f"{len(exc.errors)} problem(s) — no bundle written | พบปัญหา {len(exc.errors)} รายการ "
              "ไม่ได้สร้างชุดออฟไลน์", file=sys.stderr)
        return 1
    except ResolveError as exc:
        en = f"{exc.en} — {exc.hint_en}" if exc.hint_en else exc.en
        th = f"{exc.th} — {exc.hint_th}" if exc.hint_th else exc.th
        print(f"--amphoe: {en} | {th}", file=sys.stderr)
        return 2
    print(f"Wrote {made.path} ({made.files} files, {made.bytes / 1e6:.1f} MB) | "
          f"สร้างชุดออฟไลน์ {made.path.name} แล้ว")
    return 0


COMMAND = ("bundle", "zip the built site for offline use (learning centres, USB sticks)",
           add_arguments, run)
