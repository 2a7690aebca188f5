"""Checks across the stories of a site (pure): unique page ids, consistent series, lengths
the config allows, and links from one story's body to another's file."""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import replace
from typing import Any
from urllib.parse import unquote

from .errors import Problems
from .load import RawStory
from .model import Story
from .registry import Resolvers
from .stories import check_story


def check_stories(raws: list[RawStory], resolvers: Resolvers, problems: Problems,
                  check=None) -> list[Story]:
    """Every valid story, with unique ids and consistent series; problems collected.
    `check` replaces `check_story` (`wongrian serve` passes a cached one)."""
    stories = [s for s in ((check or check_story)(raw, resolvers, problems) for raw in raws) if s]
    stories = _unique_ids(stories, problems)
    _check_series(stories, {raw.source: raw.lines.line("series") for raw in raws}, problems)
    return sorted(stories, key=lambda s: (s.date, s.id), reverse=True)


def check_lengths(raws: list[RawStory], build: dict[str, Any], problems: Problems) -> None:
    """Titles and summaries longer than `build.max_title_chars` / `max_summary_chars`: errors."""
    for raw in raws:
        for fld, limit in (("title", build["max_title_chars"]), ("summary", build["max_summary_chars"])):
            value = raw.meta.get(fld)
            if isinstance(value, str) and len(value.strip()) > limit:
                problems.error(raw.source, raw.lines.line(fld), fld,
                               f"{len(value.strip())} characters, more than the {limit} allowed",
                               f"ยาว {len(value.strip())} ตัวอักษร เกินกำหนด {limit} ตัวอักษร",
                               f"shorten it (limit: build.max_{fld}_chars)",
                               f"เขียนให้สั้นลง (กำหนดที่ build.max_{fld}_chars)")


_MD_LINK = re.compile(r"\]\(\s*<?([^()\s<>]+?\.md)(?:#[^()\s>]*)?>?(?:\s+\"[^\"]*\")?\s*\)")


def check_story_links(raws: list[RawStory], problems: Problems) -> None:
    """A warning for each link in a body to a Markdown file that is no story of the site
    (a link to a story file is pointed at its page: `Renderer.story_links`)."""
    sources = {raw.source for raw in raws}
    for raw in raws:
        if ".md" not in raw.body:
            continue
        for match in _MD_LINK.finditer(raw.body):
            target = match.group(1)
            if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|/", target):
                continue
            found = posixpath.normpath(posixpath.join(posixpath.dirname(raw.source), unquote(target)))
            if found not in sources:
                problems.warn(raw.source, raw.body_line + raw.body.count("\n", 0, match.start()),
                              "body", f'the link to "{target}" leads to no story of the site',
                              f'ลิงก์ไปยัง "{target}" ไม่ตรงกับบันทึกใดในเว็บ',
                              "write the story file's path relative to this file, e.g. "
                              "../2006/2006-08-22-name.md", "เขียนที่อยู่ไฟล์บันทึกเทียบกับไฟล์นี้ "
                              "เช่น ../2006/2006-08-22-ชื่อ.md")


def _unique_ids(stories: list[Story], problems: Problems) -> list[Story]:
    """Same date and slug twice: the later file (by path) gets -2, -3 …, and it is reported."""
    by_id: dict[str, list[Story]] = defaultdict(list)
    for story in sorted(stories, key=lambda s: s.source):
        by_id[story.id].append(story)
    taken = set(by_id)
    result = []
    for story_id, group in sorted(by_id.items()):
        result.append(group[0])
        for number, story in enumerate(group[1:], 2):
            new_id = f"{story_id}-{number}"
            while new_id in taken:
                number += 1
                new_id = f"{story_id}-{number}"
            taken.add(new_id)
            problems.warn(story.source, 1, "slug",
                          f'same date and slug as {group[0].source}; this story is published as "{new_id}"',
                          f'วันที่และ slug ซ้ำกับ {group[0].source} บันทึกนี้จึงใช้ชื่อ "{new_id}"',
                          "set a distinct 'slug:'", "ตั้ง 'slug:' ให้ไม่ซ้ำ")
            result.append(replace(story, id=new_id))
    return result


def _check_series(stories: list[Story], lines: dict[str, int], problems: Problems) -> None:
    parts: dict[str, dict[int, Story]] = defaultdict(dict)
    totals: dict[str, int] = {}
    for story in sorted((s for s in stories if s.series), key=lambda s: s.source):
        ref = story.series
        assert ref is not None
        if ref.id in totals and totals[ref.id] != ref.total:
            problems.error(story.source, lines[story.source], "series",
                           f'series "{ref.id}" has total {totals[ref.id]} elsewhere, {ref.total} here',
                           f'ชุด "{ref.id}" มีจำนวนตอน {totals[ref.id]} ในไฟล์อื่น แต่ {ref.total} ในไฟล์นี้')
        totals.setdefault(ref.id, ref.total)
        if ref.part in parts[ref.id]:
            other = parts[ref.id][ref.part].source
            problems.error(story.source, lines[story.source], "series",
                           f'part {ref.part} of series "{ref.id}" is also {other}',
                           f'ตอนที่ {ref.part} ของชุด "{ref.id}" ซ้ำกับ {other}')
        parts[ref.id].setdefault(ref.part, story)
