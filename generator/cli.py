"""Command line: `wongrian check | build | serve | new` (and more as features land)."""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
import time
from pathlib import Path
from typing import Callable

from .errors import ContentError, ContentErrors
from .output import add_wait_argument

Command = Callable[[argparse.Namespace], int]

# Modules that add sub-commands, by command name; each exposes COMMAND = (name, help,
# add_arguments, run). Only the module of the command being run is imported (with the whole
# list for `wongrian --help`): `wongrian check` does not pay for the server or the importer.
COMMAND_MODULES = {"serve": "contrib.serve", "new": "contrib.scaffold", "linkcheck": "linkcheck",
                   "bundle": "bundle", "verify": "verify", "import": "contrib.importer",
                   "registry": "contrib.registry_cli"}


def print_problems(problems: list[ContentError], fmt: str = "text", stream=None,
                   level: str = "error") -> None:
    """One line per problem: `path:line: field: …`, or a GitHub annotation."""
    for problem in problems:
        line = problem.github(level) if fmt == "github" else problem.format()
        print(line, file=stream or sys.stderr)


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve()


def _print_timings(timings, started: float) -> None:
    print(timings.table(time.perf_counter() - started), file=sys.stderr)


_COMMAND_LINE = False  # set by `run`: this process is the `wongrian` command


def imported() -> None:
    """Called after a command's imports: what they made (modules, classes, functions: some
    hundred thousand objects) lives as long as the process, so the cycle collector's full
    passes need not look at it again (`gc.freeze`: a one-story edit spent 0.14 s collecting,
    0.06 s now). Only in the `wongrian` command, never in a process that imports the CLI."""
    if _COMMAND_LINE:
        gc.freeze()


def run_check(args: argparse.Namespace) -> int:
    from .cache.check import check_with_cache
    from .check import check_project
    from .timings import collect, stage

    imported()

    started = time.perf_counter()
    with collect() as timings:
        try:
            with stage("check"):
                checked = check_with_cache(check_project, _root(args), args.strict,
                                           enabled=not args.no_cache, count_words=False)
        except ContentErrors as exc:
            print_problems(exc.errors, args.format)
            print(f"{len(exc.errors)} error(s) — nothing was built | พบข้อผิดพลาด {len(exc.errors)} รายการ",
                  file=sys.stderr)
            return 1
        finally:
            if args.timings:
                _print_timings(timings, started)
    print_problems(checked.warnings, args.format, level="warning")
    print(f"OK: {len(checked.stories)} stories checked | ตรวจแล้ว {len(checked.stories)} เรื่อง ไม่พบข้อผิดพลาด")
    return 0


def run_build(args: argparse.Namespace) -> int:
    from .cache.build import BuildCache
    from .output import OutputError, check_site_folder
    from .timings import collect

    imported()

    started = time.perf_counter()
    root = _root(args)
    out = (Path(args.out) if args.out else root / "site").resolve()  # as `build` makes it
    with collect() as timings:
        try:
            # unchanged content needs nothing of the pipeline: its modules are imported only
            # when there is something to build (0.3 s, most of a build of unchanged content)
            check_site_folder(out, root)
            store = None if args.no_cache else BuildCache(root)
            summary = store.reuse(out, args.strict, args.wait) if store else None
            if summary:
                _print_built(summary["stories"], summary["pages"], out,
                             [ContentError(**w) for w in summary["warnings"]], [], started)
                return 0
            from .build import build

            imported()
            result = build(root, out, strict=args.strict, cache=not args.no_cache,
                           wait=args.wait, store=store)
        except ContentErrors as exc:
            print_problems(exc.errors)
            print(f"{len(exc.errors)} error(s) — site/ was left as it was | "
                  f"พบข้อผิดพลาด {len(exc.errors)} รายการ ไม่ได้สร้างเว็บ", file=sys.stderr)
            return 1
        except OutputError as exc:
            print(f"not built: {exc}", file=sys.stderr)
            return 1
        finally:
            if args.timings:
                _print_timings(timings, started)
    _print_built(result.stories, result.pages, result.out_dir, result.warnings,
                 result.engine_warnings, started)
    return 0


def _print_built(stories: int, pages: int, out_dir: Path, warnings: list[ContentError],
                 engine_warnings: list[str], started: float) -> None:
    print_problems(warnings, level="warning")
    for warning in engine_warnings:
        print(f"mkdocs: {warning}", file=sys.stderr)
    print(f"Built {stories} stories, {pages} pages into {out_dir} "
          f"in {time.perf_counter() - started:.1f} s")


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", default=".", help="project folder (default: current folder)")


def add_timings(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timings", action="store_true",
                        help="print the seconds each stage took (to stderr) | แสดงเวลาของแต่ละขั้นตอน")


# `--help` in English and Thai: the Thai half of every command's and option's help.
THAI_COMMANDS = {
    "check": "ตรวจเนื้อหาทั้งหมดโดยไม่สร้างเว็บ",
    "build": "สร้างเว็บลงในโฟลเดอร์ site/ (ถ้าล้มเหลว site/ เดิมยังอยู่ครบ)",
    "serve": "ดูตัวอย่างเว็บบนเครื่องนี้ บันทึกที่แก้แล้วขึ้นภายในหนึ่งวินาที",
    "new": "สร้างไฟล์บันทึกใหม่ (ถามเป็นภาษาไทยสิ่งที่ยังไม่ได้ระบุ)",
    "linkcheck": "ตรวจลิงก์ภายในทุกลิงก์ของเว็บที่สร้างแล้ว",
    "bundle": "บีบอัดเว็บเป็นไฟล์ zip สำหรับใช้แบบออฟไลน์ (ศูนย์การเรียนรู้ แฟลชไดรฟ์)",
    "verify": "ตรวจชุดออฟไลน์ (zip หรือโฟลเดอร์) กับรายการไฟล์ MANIFEST",
    "import": "แปลงบันทึกที่บันทึกไว้จากบล็อกอื่น (gotoknow) เป็นไฟล์บันทึก",
    "registry": "เพิ่มหน่วยงานลงในทะเบียน content/registry/agencies.yml (คงคำอธิบายในไฟล์ไว้)",
}
THAI_OPTIONS = {  # (command or "*", option or positional name) -> Thai
    ("*", "-h"): "แสดงคำอธิบายนี้แล้วจบ",
    ("*", "--root"): "โฟลเดอร์โครงการ (ค่าเริ่มต้น: โฟลเดอร์ปัจจุบัน)",
    ("*", "--strict"): "ถือว่าคำเตือนเป็นข้อผิดพลาด",
    ("*", "--wait"): "รอได้นานกี่วินาทีขณะที่การสร้างเว็บอีกงานหนึ่งกำลังเขียนโฟลเดอร์เดียวกัน",
    ("check", "--format"): "'github' พิมพ์ข้อความสำหรับ GitHub Actions",
    ("build", "--out"): "โฟลเดอร์ผลลัพธ์ (ค่าเริ่มต้น: site/)",
    ("build", "--no-cache"): "สร้างใหม่ทั้งหมดโดยไม่ใช้ .cache/build/",
    ("check", "--no-cache"): "ตรวจทุกบันทึกใหม่โดยไม่อ่านหรือเขียน .cache/check/",
    ("serve", "--port"): "พอร์ตบน 127.0.0.1 (ค่าเริ่มต้น 8000)",
    ("serve", "--out"): "โฟลเดอร์ที่สร้างเว็บลงไป (ค่าเริ่มต้น: site/)",
    ("new", "--title"): "ชื่อบันทึกภาษาไทย",
    ("new", "--date"): "วันที่ เช่น 2551-05-03 หรือ '3 พ.ค. 51'",
    ("*", "--circle"): "ระดับของวงเรียนรู้",
    ("new", "--role"): "บทบาทในวง (ใส่ซ้ำได้)",
    ("new", "--author"): "บทบาทและหน่วยงานของผู้เขียน",
    ("new", "--agency"): "หน่วยงาน (ใส่ซ้ำได้)",
    ("new", "--area"): "พื้นที่ (ใส่ซ้ำได้)",
    ("new", "--tag"): "ป้ายกำกับ (ใส่ซ้ำได้)",
    ("new", "--summary"): "สรุปหนึ่งประโยค",
    ("new", "--slug"): "ชื่อไฟล์ภาษาอังกฤษ (ค่าเริ่มต้น: ถอดเสียงจากชื่อบันทึก)",
    ("new", "--draft"): "ทำเครื่องหมายว่าเป็นฉบับร่าง",
    ("new", "--no-input"): "ไม่ถามคำถามใด ๆ",
    ("bundle", "--amphoe"): "เฉพาะอำเภอเดียว: รหัสอำเภอ",
    ("bundle", "--site"): "เว็บที่สร้างแล้วที่จะบีบอัด (ค่าเริ่มต้น: site/)",
    ("bundle", "--out"): "โฟลเดอร์ของไฟล์ zip (ค่าเริ่มต้น: dist/)",
    ("import", "kind"): "แหล่งที่มาของบันทึก",
    ("import", "files"): "บันทึกที่บันทึกเป็นข้อความ (.txt)",
    ("import", "--date"): "วันที่ของบันทึกที่ไม่มีวันที่ท้ายหน้า",
    ("import", "--with-comments"): "นำข้อความความคิดเห็นมาด้วย (ไม่นำชื่อผู้อ่าน)",
    ("verify", "*"): "ไฟล์ zip ของชุดออฟไลน์ หรือโฟลเดอร์ที่แตกไว้",
    ("linkcheck", "*"): "โฟลเดอร์เว็บที่สร้างแล้ว (ค่าเริ่มต้น site/)",
    ("registry", "--name"): "ชื่อเต็มภาษาไทย (name_th)",
    ("registry", "--id"): "รหัสอักษรอังกฤษ (ค่าเริ่มต้น: ทำจากชื่อ)",
    ("registry", "--alias"): "ชื่อย่อหรือชื่อที่คนเขียน (ใส่ซ้ำได้)",
    ("registry", "--former"): "ชื่อเดิมกับปี พ.ศ. สุดท้ายที่ใช้ เช่น สกย.:2558",
    ("registry", "--holder"): "ตำแหน่งที่เขียนแทนหน่วยงาน เช่น นายอำเภอ{amphoe}",
    ("registry", "--level"): "ระดับของหน่วยงาน",
    ("registry", "--kind"): "ประเภทของหน่วยงาน",
    ("registry", "--parent"): "รหัสของหน่วยงานแม่",
    ("registry", "--name-en"): "ชื่อภาษาอังกฤษ",
    ("registry", "--source"): "แหล่งที่ตรวจชื่อ",
    ("registry", "--status"): "ความแน่ใจของข้อมูล",
}


def bilingual(parser: argparse.ArgumentParser, command: str) -> None:
    """Add the Thai half to the help of every option of `parser` that has a translation."""
    for action in parser._actions:  # argparse keeps no public list of a parser's actions
        if not action.help or action.help == argparse.SUPPRESS or "|" in action.help:
            continue
        names = action.option_strings or [action.dest]
        keys = [(c, n) for n in names for c in (command, "*")]
        if not action.option_strings:
            keys.append((command, "*"))
        thai = next((THAI_OPTIONS[k] for k in keys if k in THAI_OPTIONS), None)
        if thai:
            action.help = f"{action.help} | {thai}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="wongrian",
        description="Build the Wongrian Thai learning-circle knowledge base. | "
                    "สร้างเว็บคลังความรู้วงเรียนรู้จากไฟล์บันทึก",
        epilog="'wongrian COMMAND --help' lists the options of one command. | "
               "พิมพ์ 'wongrian คำสั่ง --help' เพื่อดูตัวเลือกของแต่ละคำสั่ง")
    sub = parser.add_subparsers(dest="command", required=True, title="commands | คำสั่ง")
    bilingual(parser, "*")

    check = sub.add_parser("check", help=f"validate content without building | {THAI_COMMANDS['check']}")
    add_common(check)
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--format", choices=["text", "github"], default="text",
                       help="'github' prints GitHub Actions annotations")
    check.add_argument("--no-cache", action="store_true",
                       help="check every story again, without reading or writing .cache/check/")
    add_timings(check)
    check.set_defaults(run=run_check)
    bilingual(check, "check")

    build = sub.add_parser("build", help=f"build the site into site/ (atomically) | {THAI_COMMANDS['build']}")
    add_common(build)
    build.add_argument("--out", help="output folder (default: site/)")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--no-cache", action="store_true",
                       help="build everything afresh, without .cache/build/")
    add_wait_argument(build)
    add_timings(build)
    build.set_defaults(run=run_build)
    bilingual(build, "build")

    argv = sys.argv[1:] if argv is None else argv
    chosen = argv[0] if argv and not argv[0].startswith("-") else None  # None: top-level help
    for command, module in COMMAND_MODULES.items():
        if chosen is not None and command != chosen:  # not run: its name is enough
            sub.add_parser(command)
            continue
        name, help_text, add_arguments, run = importlib.import_module(f"generator.{module}").COMMAND
        thai = THAI_COMMANDS.get(name)
        extra = sub.add_parser(name, help=f"{help_text} | {thai}" if thai else help_text)
        add_common(extra)
        add_arguments(extra)
        extra.set_defaults(run=run)
        bilingual(extra, name)

    args = parser.parse_args(argv)
    if args.command in PROJECT_COMMANDS and not is_project(Path(args.root)):
        print(f"{Path(args.root).resolve()} is not a Wongrian project (no site_config.yml or "
              "content/ folder): run the command in the project folder, or give it with --root | "
              f"{Path(args.root).resolve()} ไม่ใช่โฟลเดอร์โครงการ Wongrian (ไม่มี site_config.yml "
              "หรือโฟลเดอร์ content/) — สั่งในโฟลเดอร์โครงการ หรือระบุด้วย --root", file=sys.stderr)
        return 2
    return args.run(args)


PROJECT_COMMANDS = {"check", "build", "serve", "new", "import", "registry", "bundle"}


def is_project(root: Path) -> bool:
    """A folder with the project's config file or its content folder."""
    return (root / "site_config.yml").is_file() or (root / "content").is_dir()


def unexplained(exc: BaseException) -> str:
    """What the command says when it stops on an error that no check explains yet."""
    what = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    return (f"wongrian stopped on an error it cannot explain yet ({what}). A build leaves site/ as "
            "it was. Run `wongrian check` to look for the file that causes it; if check finds "
            "nothing, report this message and the command you ran (WONGRIAN_DEBUG=1 shows where "
            f"it happened) | wongrian หยุดทำงานเพราะข้อผิดพลาดที่ยังอธิบายไม่ได้ ({what}) "
            "เว็บใน site/ ยังเป็นแบบเดิม — สั่ง `wongrian check` เพื่อหาไฟล์ที่เป็นต้นเหตุ "
            "ถ้าไม่พบ ให้แจ้งข้อความนี้พร้อมคำสั่งที่ใช้")


def run() -> None:
    """The `wongrian` command: `main()`, then the process ends at once. A build leaves
    hundreds of MB of objects that the interpreter would free one at a time on its way out
    (0.16 s of a one-story edit at 2,000 stories); every file is closed by then, and the
    system frees the memory at once. (An exception, or argparse's exit, ends it as usual.)
    After its imports, a command freezes what they made (`imported`)."""
    global _COMMAND_LINE
    _COMMAND_LINE = True
    try:
        code = main()
    except KeyboardInterrupt:
        code = 130
    except Exception as exc:  # noqa: BLE001 - the last resort: a message, not a traceback
        if os.environ.get("WONGRIAN_DEBUG"):
            raise
        print(unexplained(exc), file=sys.stderr)
        code = 2
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
