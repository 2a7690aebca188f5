"""Command line: `wongrian check | build | serve | new` (and more as features land)."""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path
from typing import Callable

from .errors import ContentError, ContentErrors
from .output import add_wait_argument

Command = Callable[[argparse.Namespace], int]

# Modules that add sub-commands; each exposes COMMAND = (name, help, add_arguments, run).
COMMAND_MODULES = ("contrib.serve", "contrib.scaffold", "linkcheck", "bundle", "verify",
                   "contrib.importer", "contrib.registry_cli")


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


def run_check(args: argparse.Namespace) -> int:
    from .build import check_project
    from .cache import check_with_cache
    from .timings import collect, stage

    started = time.perf_counter()
    with collect() as timings:
        try:
            with stage("check"):
                checked = check_with_cache(check_project, _root(args), args.strict,
                                           enabled=not args.no_cache)
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
    from .build import build
    from .output import OutputBusy
    from .timings import collect

    started = time.perf_counter()
    with collect() as timings:
        try:
            result = build(_root(args), Path(args.out) if args.out else None, strict=args.strict,
                           cache=not args.no_cache, wait=args.wait)
        except ContentErrors as exc:
            print_problems(exc.errors)
            print(f"{len(exc.errors)} error(s) — site/ was left as it was | "
                  f"พบข้อผิดพลาด {len(exc.errors)} รายการ ไม่ได้สร้างเว็บ", file=sys.stderr)
            return 1
        except OutputBusy as exc:
            print(f"not built: {exc}", file=sys.stderr)
            return 1
        finally:
            if args.timings:
                _print_timings(timings, started)
    print_problems(result.warnings, level="warning")
    for warning in result.engine_warnings:
        print(f"mkdocs: {warning}", file=sys.stderr)
    print(f"Built {result.stories} stories, {result.pages} pages into {result.out_dir} "
          f"in {time.perf_counter() - started:.1f} s")
    return 0


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", default=".", help="project folder (default: current folder)")


def add_timings(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timings", action="store_true",
                        help="print the seconds each stage took (to stderr) | แสดงเวลาของแต่ละขั้นตอน")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="wongrian",
                                     description="Build the Wongrian Thai learning-circle knowledge base.")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate content without building")
    add_common(check)
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--format", choices=["text", "github"], default="text",
                       help="'github' prints GitHub Actions annotations")
    check.add_argument("--no-cache", action="store_true",
                       help="check every story again, without reading or writing .cache/check/")
    add_timings(check)
    check.set_defaults(run=run_check)

    build = sub.add_parser("build", help="build the site into site/ (atomically)")
    add_common(build)
    build.add_argument("--out", help="output folder (default: site/)")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--no-cache", action="store_true",
                       help="build everything afresh, without .cache/build/")
    add_wait_argument(build)
    add_timings(build)
    build.set_defaults(run=run_build)

    for module in COMMAND_MODULES:
        name, help_text, add_arguments, run = importlib.import_module(f"generator.{module}").COMMAND
        extra = sub.add_parser(name, help=help_text)
        add_common(extra)
        add_arguments(extra)
        extra.set_defaults(run=run)

    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
