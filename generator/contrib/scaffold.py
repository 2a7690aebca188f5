"""`wongrian new`: scaffold a story file with commented front matter.

With flags it writes the file at once. When a flag is missing and the command runs in a
terminal, it asks in Thai for what is missing; agencies and areas are chosen from the
registries: type a prefix or an abbreviation and pick a number from the list (or press Tab
to complete the name).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from ..areas import ResolveError
from ..dates import DateError, parse_date, thai_date
from ..errors import Problems
from ..load import NOT_ONE_LINE
from ..model import CIRCLES, ROLES
from ..stories import MAX_SLUG, SCAFFOLD_TEXT, SLUG
from ..thai import ascii_slug

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

{placeholder_story}

## สิ่งที่ได้เรียนรู้

{placeholder_learned}
"""
CIRCLE_TH = {"province": "จังหวัด", "zone": "โซน", "amphoe": "อำเภอ", "tambon": "ตำบล",
             "village": "หมู่บ้าน"}


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
    parser.add_argument("--no-input", action="store_true",
                        help="never ask questions (the default when not in a terminal)")


def _yaml_list(values: list[str]) -> str:
    return ", ".join(json.dumps(v, ensure_ascii=False) for v in values)


def _scalar(value: str) -> str:
    """A front-matter value as written when YAML reads it back as the same text; else in
    double quotes (JSON, which YAML reads): `ข้อ: หนึ่ง`, `!!!`, `123`, `- คุณกิจ`, `ก # ข`."""
    plain = bool(value) and value == value.strip() and not re.search(r"[:#\"'\\{}\[\],&*!|>%@`]", value) \
        and not value.startswith(("-", "?")) and _reads_as(value) == value
    return value if plain else json.dumps(value, ensure_ascii=False)


def _reads_as(value: str) -> object:
    try:
        return yaml.safe_load(value)
    except yaml.YAMLError:
        return None


def _resolvers(root: Path):
    from ..config import load_config
    from ..registry import load_registry

    problems = Problems()
    return load_registry(root, load_config(root, problems), problems)


def check_references(root: Path, agencies: list[str], areas: list[str]) -> list[str]:
    """Problems with the given agency and area references, one line each."""
    resolvers = _resolvers(root)
    found = []
    for kind, values, resolve in (("agency", agencies, resolvers.agencies.resolve),
                                  ("area", areas, resolvers.areas.resolve)):
        for value in values:
            try:
                resolve(value)
            except ResolveError as exc:
                found.append(f"{kind}: {exc.en} — {exc.hint_en} | {exc.th} — {exc.hint_th}")
    return found


# -- asking in Thai ------------------------------------------------------------------------------

@dataclass
class Answers:
    """What the story file needs, as flags or answers give it."""

    title: str = ""
    date: str = ""
    circle: str = ""
    roles: list[str] = field(default_factory=list)
    author: str = ""
    agencies: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    summary: str = ""


class Interview:
    """Asks, in Thai, for every answer that is still missing. `ask(prompt)` reads one line
    and `say(text)` prints; `suggester` suggests registry names for agencies and areas."""

    def __init__(self, ask: Callable[[str], str], say: Callable[[str], None], suggester,
                 today: dt.date | None = None):
        self.ask, self.say, self.suggester, self.today = ask, say, suggester, today
        self.kind = ""  # what Tab completes right now: "agencies", "areas" or ""

    def run(self, answers: Answers) -> Answers:
        self.say("สร้างบันทึกใหม่ — ตอบทีละข้อ (กด Enter เพื่อข้าม ข้อที่มี * ต้องตอบ)")
        answers.title = answers.title or self.text("* ชื่อบันทึก: ", required=True)
        answers.date = answers.date or self.date()
        answers.circle = answers.circle or self.circle()
        answers.roles = answers.roles or self.roles()
        answers.author = answers.author or self.text(
            "ผู้เขียน (บทบาทและหน่วยงาน ไม่ใช่ชื่อบุคคล) [คุณอำนวย]: ") or "คุณอำนวย"
        if not answers.agencies:
            answers.agencies = self.references("agencies", "หน่วยงาน", "เช่น พช, อบต.ท่าซ, สาธารณสุข")
        if not answers.areas:
            answers.areas = self.references("areas", "พื้นที่", "เช่น ท่าซัก, อ.ทุ่งสง, หมู่ 3 ท่าซัก")
        answers.tags = answers.tags or _split(self.text("ป้ายกำกับ (คั่นด้วยจุลภาค): "))
        answers.summary = answers.summary or self.text("สรุปสั้น ๆ หนึ่งประโยค: ")
        return answers

    def text(self, prompt: str, required: bool = False) -> str:
        while True:
            value = self.ask(prompt).strip()
            if value or not required:
                return value
            self.say("ข้อนี้ต้องตอบ")

    def date(self) -> str:
        default = f" [วันนี้ {thai_date(self.today)}]" if self.today else ""
        while True:
            value = self.text(f"* วันที่ (เช่น 3 พ.ค. 51 หรือ 2008-05-03){default}: ",
                              required=not self.today)
            if not value and self.today:
                return self.today.isoformat()
            try:
                return parse_date(value).isoformat()
            except DateError as exc:
                self.say(f"{exc.th} — {exc.hint_th}")

    def circle(self) -> str:
        options = list(CIRCLES)
        menu = "  ".join(f"[{n}] {CIRCLE_TH[c]}" for n, c in enumerate(options, 1))
        while True:
            value = self.text(f"* ระดับวง {menu}: ", required=True)
            if value.isdigit() and 1 <= int(value) <= len(options):
                return options[int(value) - 1]
            found = [c for c in options if value in (c, CIRCLE_TH[c])]
            if found:
                return found[0]
            self.say("ตอบเป็นหมายเลข 1–5")

    def roles(self) -> list[str]:
        options = list(ROLES)
        menu = "  ".join(f"[{n}] {r}" for n, r in enumerate(options, 1))
        while True:
            picked, wrong = [], []
            for part in _split(self.text(f"บทบาทในวง (เลือกได้หลายข้อ เช่น 2,3) {menu}: ")):
                role = options[int(part) - 1] if part.isdigit() and 1 <= int(part) <= len(options) else part
                (picked if role in ROLES else wrong).append(role)
            if not wrong:
                return list(dict.fromkeys(picked))
            self.say(f"ไม่รู้จักบทบาท {', '.join(wrong)} — ตอบเป็นหมายเลข")

    def references(self, kind: str, noun: str, example: str) -> list[str]:
        """Agencies or areas, one per line, until an empty line."""
        suggest = getattr(self.suggester, kind)
        chosen: list[str] = []
        self.kind = kind
        try:
            while True:
                typed = self.text(f"{noun} ({example}; กด Tab เพื่อเติมคำ, Enter เปล่าเพื่อจบ): ")
                if not typed:
                    return chosen
                choice = self.pick(suggest(typed), typed, noun)
                if choice and choice.write not in chosen:
                    chosen.append(choice.write)
                    self.say(f"  ✓ {choice.label}")
        finally:
            self.kind = ""

    def pick(self, choices, typed: str, noun: str):
        """One choice: taken at once when the text names exactly one, else from a list."""
        if not choices:
            self.say(f"  ไม่พบ{noun}ที่ตรงกับ \"{typed}\" — ลองพิมพ์ชื่อย่อหรือต้นคำใหม่")
            return None
        exact = [c for c in choices if c.write == typed.strip()]
        if len(choices) == 1 or exact:
            return exact[0] if exact else choices[0]
        for number, choice in enumerate(choices, 1):
            self.say(f"  {number}) {choice.label}")
        answer = self.text("  เลือกหมายเลข (Enter เพื่อพิมพ์ใหม่): ")
        if answer.isdigit() and 1 <= int(answer) <= len(choices):
            return choices[int(answer) - 1]
        return None

    def complete(self, text: str, state: int) -> str | None:
        """A readline completer: registry names that continue what was typed."""
        if not self.kind:
            return None
        found = self.suggester.completions(self.kind, text)
        return found[state] if state < len(found) else None


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.replace("、", ",").split(",") if p.strip()]


def _use_readline(interview: Interview) -> None:
    """Tab completion of agency and area names (where the readline module exists)."""
    try:
        import readline
    except ImportError:
        return
    readline.set_completer(interview.complete)
    readline.set_completer_delims("\n")
    readline.parse_and_bind("tab: complete")


def interview(root: Path, answers: Answers, ask=None, say=print, today=None) -> Answers:
    """Ask for whatever `answers` lacks; `ask` defaults to the terminal (with Tab completion)."""
    from .suggest import Suggester

    session = Interview(ask or input, say, Suggester(_resolvers(root)), today)
    if ask is None:
        _use_readline(session)
    return session.run(answers)


# -- writing the file ------------------------------------------------------------------------------

def story_file(root: Path, date: dt.date, slug: str) -> Path:
    return root / "content" / "stories" / str(date.year) / f"{date.isoformat()}-{slug}.md"


def render_story(answers: Answers, date: dt.date, draft: bool) -> str:
    """The new file's text: commented front matter and the two body headings."""
    return TEMPLATE.format(
        title=_scalar(answers.title), date_text=f'"{thai_date(date)}"', circle=answers.circle,
        roles=", ".join(answers.roles), author=_scalar(answers.author or "คุณอำนวย"),
        agencies=_yaml_list(answers.agencies), areas=_yaml_list(answers.areas),
        tags=_yaml_list(answers.tags), summary=_scalar(answers.summary) if answers.summary else '""',
        draft="true" if draft else "false", placeholder_story=SCAFFOLD_TEXT[0],
        placeholder_learned=SCAFFOLD_TEXT[1])


def run(args: argparse.Namespace, stdin=None) -> int:
    root = Path(args.root).resolve()
    answers = Answers(args.title or "", args.date or "", args.circle or "", list(args.role),
                      args.author, list(args.agency), list(args.area), list(args.tag), args.summary)
    missing = not (answers.title and answers.date and answers.circle)
    if missing and not args.no_input and (stdin or sys.stdin).isatty():
        try:
            answers = interview(root, answers, today=dt.date.today())
        except (EOFError, KeyboardInterrupt):
            print("\nยกเลิก ไม่ได้สร้างไฟล์", file=sys.stderr)
            return 1
    elif missing:
        print("wongrian new needs --title, --date and --circle | ต้องระบุ --title --date และ --circle",
              file=sys.stderr)
        return 2
    return write_story(root, answers, args.slug, args.draft)


def write_story(root: Path, answers: Answers, slug: str | None, draft: bool) -> int:
    try:
        date = parse_date(answers.date)
    except DateError as exc:
        print(f"date: {exc.en} — {exc.hint_en} | {exc.th}", file=sys.stderr)
        return 1
    problems = [f'role: unknown role "{r}" | ไม่รู้จักบทบาท "{r}"' for r in answers.roles if r not in ROLES]
    values = (("title", answers.title), ("author", answers.author), ("summary", answers.summary),
              *(("tag", t) for t in answers.tags), *(("agency", a) for a in answers.agencies),
              *(("area", a) for a in answers.areas))
    undecoded = [f"{name}: not UTF-8 text (set the terminal to UTF-8) | {name}: ไม่ใช่ข้อความ UTF-8 "
                 "(ตั้งเทอร์มินัลให้ใช้ UTF-8)" for name, value in values
                 if re.search("[\ud800-\udfff]", value or "")]  # bytes the locale could not decode
    if undecoded:  # (nothing else can read them)
        print("\n".join(problems + undecoded), file=sys.stderr)
        return 1
    problems += [f"{name}: one line of text, without control or text-direction characters | {name}: "
                 "เขียนได้บรรทัดเดียว ไม่มีอักขระควบคุม" for name, value in values
                 if NOT_ONE_LINE.search(value or "")]  # as check
    if slug is not None and not (SLUG.fullmatch(slug) and len(slug) <= MAX_SLUG):
        problems.append(f'--slug "{slug}": lower-case ASCII words joined by "-", at most '
                        f'{MAX_SLUG} characters, e.g. tha-sak-first-circle | --slug '
                        f'ต้องเป็นอักษรอังกฤษตัวเล็กคั่นด้วย "-" ไม่เกิน {MAX_SLUG} ตัวอักษร '
                        'เช่น tha-sak-first-circle')
    problems += check_references(root, answers.agencies, answers.areas)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    path = story_file(root, date, slug or ascii_slug(answers.title) or "story")
    if path.exists():
        print(f"{path.relative_to(root)} already exists | มีไฟล์นี้อยู่แล้ว", file=sys.stderr)
        return 1
    data = render_story(answers, date, draft).encode("utf-8")  # before the file exists
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(path.relative_to(root))
    return 0


COMMAND = ("new", "scaffold a new story file (asks in Thai for what the flags leave out)",
           add_arguments, run)
