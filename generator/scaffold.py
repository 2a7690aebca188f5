"""`wongrian new`: scaffold a story file with commented front matter."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .areas import ResolveError
from .dates import DateError, parse_date, thai_date
from .errors import Problems
from .model import CIRCLES, ROLES
from .thai import ascii_slug

TEMPLATE = """---
# ชื่อบันทึก (title)
title: {title}
# วันที่ เขียนได้ทั้ง 2008-05-03, 2551-05-03, "3 พฤษภาคม 2551", "3 พ.ค. 51"
date: {date_text}
# ระดับวง: province (จังหวัด) | zone (โซน) | amphoe (อำเภอ) | tambon (ตำบล) | village (หมู่บ้าน)
circle: {circle}
# บทบาทในวง: คุณเอื้อ คุณอำนวย คุณกิจ คุณลิขิต คุณประสาน วิทยากรกระบวนการ
roles: [{roles}]
# ผู้เขียน: ใช้บทบาทและหน่วยงาน ไม่ใช้ชื่อบุคคล
author: {author}
# หน่วยงาน: ชื่อย่อหรือชื่อเต็ม เช่น พช.อำเภอเมือง, อบต.ท่าซัก, กศน.
agencies: [{agencies}]
# พื้นที่: เช่น "ต.ท่าซัก อ.เมือง", "อ.ท่าศาลา" หรือรหัสพื้นที่ "800121"
areas: [{areas}]
# ป้ายกำกับ
tags: [{tags}]
# สรุปสั้น ๆ หนึ่งถึงสองประโยค (ใช้แสดงเมื่อแชร์ลิงก์)
summary: {summary}
# draft: true  = ยังไม่เผยแพร่
draft: {draft}
---

## เรื่องเล่า

เขียนเรื่องเล่าของวงเรียนรู้ที่นี่

## สิ่งที่ได้เรียนรู้

"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--title", help="Thai title of the story")
    parser.add_argument("--date", help="date, e.g. 2551-05-03 or '3 พ.ค. 51'")
    parser.add_argument("--circle", choices=list(CIRCLES), help="level of the learning circle")
    parser.add_argument("--role", action="append", default=[], help="KM role (repeatable)")
    parser.add_argument("--author", default="", help="role and office of the writer")
    parser.add_argument("--agency", action="append", default=[], help="agency (repeatable)")
    parser.add_argument("--area", action="append", default=[], help="area (repeatable)")
    parser.add_argument("--tag", action="append", default=[], help="tag (repeatable)")
    parser.add_argument("--summary", default="", help="one-sentence summary")
    parser.add_argument("--slug", help="ASCII slug (default: romanised title)")
    parser.add_argument("--draft", action="store_true", help="mark as draft")


def _yaml_list(values: list[str]) -> str:
    return ", ".join(f'"{v}"' for v in values)


def check_references(root: Path, agencies: list[str], areas: list[str]) -> list[str]:
    """Problems with the given agency and area references, one line each."""
    from .config import load_config
    from .registry import load_registry

    problems = Problems()
    resolvers = load_registry(root, load_config(root, problems), problems)
    found = []
    for kind, values, resolve in (("agency", agencies, resolvers.agencies.resolve),
                                  ("area", areas, resolvers.areas.resolve)):
        for value in values:
            try:
                resolve(value)
            except ResolveError as exc:
                found.append(f"{kind}: {exc.en} — {exc.hint_en} | {exc.th} — {exc.hint_th}")
    return found


def run(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    if not args.title or not args.date or not args.circle:
        print("wongrian new needs --title, --date and --circle | ต้องระบุ --title --date และ --circle",
              file=sys.stderr)
        return 2
    try:
        date = parse_date(args.date)
    except DateError as exc:
        print(f"date: {exc.en} — {exc.hint_en} | {exc.th}", file=sys.stderr)
        return 1
    unknown_roles = [r for r in args.role if r not in ROLES]
    problems = [f'role: unknown role "{r}" | ไม่รู้จักบทบาท "{r}"' for r in unknown_roles]
    problems += check_references(root, args.agency, args.area)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    slug = args.slug or ascii_slug(args.title) or "story"
    path = root / "content" / "stories" / str(date.year) / f"{date.isoformat()}-{slug}.md"
    if path.exists():
        print(f"{path.relative_to(root)} already exists | มีไฟล์นี้อยู่แล้ว", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEMPLATE.format(
        title=args.title, date_text=f'"{thai_date(date)}"', circle=args.circle,
        roles=", ".join(args.role), author=args.author or "คุณอำนวย",
        agencies=_yaml_list(args.agency), areas=_yaml_list(args.area), tags=_yaml_list(args.tag),
        summary=args.summary or '""', draft="true" if args.draft else "false"), encoding="utf-8")
    print(path.relative_to(root))
    return 0


COMMAND = ("new", "scaffold a new story file", add_arguments, run)
