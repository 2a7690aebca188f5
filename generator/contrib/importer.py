"""`wongrian import gotoknow FILE…`: old GotoKnow posts (saved as plain text) become story
files. The post number is kept (`source: gotoknow:<n>`), so importing a post again updates
the same file. Agencies and areas found in the text are suggested with `review: true`, so
that a person confirms them; names that can mean several are listed in a comment, not
guessed. Comments are counted; their texts come in only with `--with-comments`, with
readers' names replaced by "ผู้อ่าน 1", "ผู้อ่าน 2", … (see `gotoknow` for how names are found),
in the comments and wherever else the post names them (`pseudonyms`). The title and tags come
in as plain text. Thai ID numbers and IP addresses are removed from the story file; mobile
numbers and e-mail addresses are kept and reported with their lines, as `wongrian check`
reports them (see `generator.privacy`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..dates import DateError, parse_date
from ..errors import Problems
from .gotoknow import FOOTER, Post, parse_post
from ..load import parse_story
from .mentions import MentionFinder, Mentions
from ..model import CIRCLES, ROLES
from ..privacy import (REDACTED, Allowed, Finding, find_personal, line_of, public_contacts, redact,
                       report)
from .pseudonyms import hide_readers
from .story_file import FrontMatter, q, render_body, render_front_matter
from ..thai import ascii_slug, squash

AUTHOR = "คุณอำนวย (นำเข้าจาก GotoKnow)"
KEPT_WHEN_REVIEWED = ("circle", "roles", "author", "agencies", "areas", "series", "slug",
                      "draft", "summary")  # a person confirmed these: a re-import keeps them
SOURCE = re.compile(r"^source:\s*[\"']?(gotoknow(?::\d+)?)[\"']?\s*$", re.M)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=["gotoknow"], help="where the posts come from")
    parser.add_argument("files", nargs="+", type=Path, help="posts saved as plain text (.txt)")
    parser.add_argument("--date", help="date for posts whose capture has no footer date "
                                       "(e.g. 2008-05-03 or '3 พ.ค. 51')")
    parser.add_argument("--circle", choices=list(CIRCLES), default=None,
                        help="level of the learning circle (default: tambon, to be reviewed)")
    parser.add_argument("--with-comments", action="store_true",
                        help="import the comment texts too (readers' names are never imported)")


@dataclass(frozen=True)
class Imported:
    """The story file made from one post."""

    path: Path
    text: str
    updated: bool                      # an earlier import of the same post was replaced
    notes: list[str] = field(default_factory=list)
    removed: list[tuple[int, Finding]] = field(default_factory=list)  # (line, ID or IP taken out)
    flagged: list[tuple[int, Finding]] = field(default_factory=list)  # (line, phone or e-mail)


class PostError(ValueError):
    """A post that cannot be imported, with English and Thai messages (and the capture's line
    they are about, when there is one)."""

    def __init__(self, en: str, th: str, line: int | None = None):
        super().__init__(en)
        self.en, self.th, self.line = en, th, line


def suggested_roles(post: Post) -> list[str]:
    text = " ".join([post.title, post.lead, *post.body])
    found = [role for role in ROLES if role in text]
    return found or ["คุณอำนวย"]


def suggestions(mentions: Mentions, suggester) -> tuple[list, list, list[str]]:
    """(agencies, areas, comment lines) to write: found names resolved to canonical names;
    ambiguous ones only listed."""
    agencies = [(_canonical_agency(suggester, m.ids[0]), f"พบในเนื้อเรื่อง: {m.written}")
                for m in mentions.found("agencies")]
    areas = [(suggester.area_choice(m.ids[0]).write, f"พบในเนื้อเรื่อง: {m.written}")
             for m in mentions.found("areas")]
    notes = []
    for kind, noun in (("agencies", "หน่วยงาน"), ("areas", "พื้นที่")):
        for m in mentions.ambiguous(kind):
            meaning = ", ".join(_label(suggester, kind, i) for i in m.ids)
            notes.append(f'"{m.written}" หมายถึง{noun}ได้หลายแห่ง ({meaning}) — เพิ่มเองถ้าเกี่ยวข้อง')
    return _unique(agencies), _unique(areas), notes


def _canonical_agency(suggester, agency_id: str) -> str:
    agencies = suggester.registry.agencies
    if agency_id in agencies:
        return suggester.agency_choice(agencies[agency_id]).write
    template, area = agency_id.rsplit("-", 1)
    return suggester.unit_choice(agencies[template], suggester.registry.areas[area]).write


def _label(suggester, kind: str, item: str) -> str:
    if kind == "areas":
        return suggester.area_choice(item).write
    agency = suggester.registry.agencies.get(item)
    return f"{agency.name_th} ({item})" if agency else item


def _unique(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen, kept = set(), []
    for name, note in items:
        if name not in seen:
            seen.add(name)
            kept.append((name, note))
    return kept


# -- files -------------------------------------------------------------------------------------

def find_existing(root: Path, source: str, title: str) -> Path | None:
    """The story file an earlier import of the same post wrote (by `source:`; a post with
    no number is found by its title)."""
    folder = root / "content" / "stories"
    for path in sorted(folder.rglob("*.md")) if folder.exists() else []:
        text = path.read_text(encoding="utf-8")
        found = SOURCE.search(text.split("\n---", 1)[0] if text.startswith("---") else "")
        if found and found.group(1) == source:
            if source != "gotoknow" or re.search(rf"^title:\s*{re.escape(q(title))}\s*$", text, re.M):
                return path
    return None


def existing_fields(path: Path, root: Path) -> dict:
    """The front matter of the story an earlier import wrote; PostError when it is broken
    (its fields are what a person reviewed: they are not guessed again)."""
    problems = Problems()
    raw = parse_story(path.relative_to(root).as_posix(), path.read_bytes(), problems)
    if raw is None:
        error = problems.errors[0]
        raise PostError(f"the story an earlier import wrote cannot be read: {error.path}:{error.line}: "
                        f"{error.en} — fix it first", f"อ่านบันทึกที่นำเข้าไว้ก่อนแล้วไม่ได้: "
                        f"{error.path}:{error.line}: {error.th} — แก้ไฟล์นั้นก่อน")
    return raw.meta


def new_path(root: Path, date: dt.date, post: Post) -> Path:
    slug = ascii_slug(post.title) or "gotoknow"
    path = root / "content" / "stories" / str(date.year) / f"{date.isoformat()}-{slug}.md"
    if path.exists():
        path = path.with_name(f"{date.isoformat()}-{slug}-gotoknow-{post.number or 'post'}.md")
    return path


def import_post(text: str, root: Path, resolvers, finder: MentionFinder, suggester,
                fallback_date: dt.date | None = None, circle: str | None = None,
                with_comments: bool = False, allowed: Allowed = Allowed(),
                limits: dict | None = None) -> Imported:
    """The story file for one captured post (nothing is written here); `allowed` are the
    site's public contacts, not reported; a title or lead longer than `limits` (the config's
    `build`) is cut, and said."""
    post, renamed = hide_readers(people_only(parse_post(text), finder))
    if not post.title or not post.body:
        raise PostError("no title or body found in the capture",
                           "ไม่พบชื่อเรื่องหรือเนื้อเรื่องในไฟล์")
    date = post.written or fallback_date
    if date is None and post.footer != "none":
        footer = FOOTER.search(text)  # (none found when a zero-width space splits its words)
        raise PostError("the date in the footer (after หมายเลขบันทึก) could not be read; "
                        "give it with --date (e.g. --date 2008-05-03)",
                        "อ่านวันที่เขียนในส่วนท้ายหมายเลขบันทึกไม่ได้ "
                        "ให้ระบุด้วย --date เช่น --date 2008-05-03",
                        text[:footer.start()].count("\n") + 1 if footer else None)
    if date is None:
        raise PostError("the capture has no footer with the date it was written; "
                           "give it with --date (e.g. --date 2008-05-03)",
                           "ไม่มีวันที่เขียนในไฟล์ (ไม่มีส่วนท้ายหมายเลขบันทึก) "
                           "ให้ระบุด้วย --date เช่น --date 2008-05-03")
    source = f"gotoknow:{post.number}" if post.number else "gotoknow"
    existing = find_existing(root, source, post.title)
    mentions = finder.find("\n".join([post.title, post.lead, *post.body]))
    agencies, areas, notes = suggestions(mentions, suggester)
    title, summary, cut = _fitted(post, limits or {})
    fm = FrontMatter(
        title=title, date=date, updated=post.edited if post.edited != date else None,
        circle=circle or "tambon", roles=suggested_roles(post), author=AUTHOR,
        agencies=agencies, areas=areas, tags=list(post.tags), summary=summary, source=source,
        review=True, comments=_import_notes(post, notes, with_comments))
    if existing:
        fm = _keep_reviewed(fm, existing_fields(existing, root), circle)
    written = render_front_matter(fm) + "\n" + render_body(post, with_comments)
    text, removed = redact(written)
    flagged = [(line_of(text, f.start, 1), f) for f in find_personal(text, allowed)]
    notes_out = [f"แทนชื่อผู้แสดงความเห็นที่พบนอกส่วนความเห็น {renamed} แห่งด้วย \"ผู้อ่าน N\" — ตรวจว่าถูกต้อง "
                 f"| {renamed} commenter name(s) outside the comments replaced: check them"] if renamed else []
    notes_out += cut
    return Imported(existing or new_path(root, date, post), text, existing is not None, notes_out,
                    [(line_of(written, f.start, 1), f) for f in removed], flagged)


def people_only(post: Post, finder: MentionFinder) -> Post:
    """The post without the signatures that are an agency's or area's name as a whole
    ("อบต.ท่าซัก"): an office that comments is no person, and its name stays in the post."""
    offices = {name for name, _ in post.readers
               if any((squash(name), kind) in finder.names for kind in ("agencies", "areas"))}
    return replace(post, readers=tuple(r for r in post.readers if r[0] not in offices))


FIELDS = {"title": "ชื่อเรื่อง", "summary": "บทคัดย่อ (summary)"}


def _fitted(post: Post, limits: dict) -> tuple[str, str, list[str]]:
    """The title and the lead (as summary) within the config's `max_title_chars` and
    `max_summary_chars` (cut, with "…"), and a note for each cut: a capture without its title
    line gives its first paragraph as the title."""
    fitted, notes = {"title": post.title, "summary": post.lead}, []
    for name, text in list(fitted.items()):
        limit = limits.get(f"max_{name}_chars")
        if limit and len(text) > limit:
            fitted[name] = text[:limit - 1].rstrip() + "…"
            notes.append(f"{FIELDS[name]}ยาว {len(text)} ตัวอักษร เกินกำหนด {limit}: ตัดให้สั้นลงแล้ว "
                         f"ตรวจว่าไฟล์ที่บันทึกมามีบรรทัดชื่อเรื่องหรือไม่ | the {name} had {len(text)} "
                         f"characters, more than the {limit} allowed: cut; check that the capture "
                         "has its title line")
    return fitted["title"], fitted["summary"], notes


def _import_notes(post: Post, ambiguous: list[str], with_comments: bool) -> list[str]:
    notes = list(ambiguous)
    if post.group:
        notes.append(f"กลุ่มบันทึกเดิมใน GotoKnow: {post.group}")
    if post.comment_count is not None:
        shown = "นำเข้าข้อความแล้ว (ไม่มีชื่อผู้อ่าน)" if with_comments else "ไม่ได้นำเข้าข้อความ"
        notes.append(f"ความเห็นใน GotoKnow: {post.comment_count} รายการ ({shown})")
    return notes


def _keep_reviewed(fm: FrontMatter, old: dict, circle: str | None) -> FrontMatter:
    """A re-import keeps what a person set: everything they reviewed, or at least the circle."""
    if old.get("review") is True:
        fm.circle = circle or str(old.get("circle") or fm.circle)
        return fm
    as_items = lambda values: [(str(v), "") for v in values or []]  # noqa: E731
    fm.circle = circle or str(old.get("circle") or fm.circle)
    fm.roles = [str(r) for r in old.get("roles") or fm.roles]
    fm.author = str(old.get("author") or fm.author)
    fm.agencies, fm.areas = as_items(old.get("agencies")), as_items(old.get("areas"))
    fm.summary = str(old.get("summary") or fm.summary)
    fm.tags = list(dict.fromkeys([*fm.tags, *(str(t) for t in old.get("tags") or [])]))
    fm.extra = {k: old[k] for k in ("series", "slug", "draft") if k in old}
    fm.review = False
    fm.comments = [c for c in fm.comments if "หมายถึง" not in c]
    return fm


def check_text(text: str, source: str, resolvers) -> Problems:
    """What `wongrian check` would report for this story text: errors and warnings."""
    from ..stories import check_story

    problems = Problems()
    raw = parse_story(source, text.encode("utf-8"), problems)  # (its characters and YAML too)
    if raw:
        check_story(raw, resolvers, problems)
    return problems


def run(args: argparse.Namespace) -> int:
    from ..config import load_config
    from ..registry import load_registry
    from .suggest import Suggester

    root = Path(args.root).resolve()
    try:
        fallback = parse_date(args.date) if args.date else None
    except DateError as exc:
        print(f"--date: {exc.en} | {exc.th}", file=sys.stderr)
        return 2
    problems = Problems()
    config = load_config(root, problems)
    resolvers, allowed = load_registry(root, config, problems), public_contacts(config, problems)
    finder, suggester, failed = MentionFinder(resolvers), Suggester(resolvers), 0
    for file in args.files:
        failed += not import_file(file, root, resolvers, finder, suggester, fallback, args, allowed,
                                  config.build)
    return 1 if failed else 0


def import_file(file: Path, root: Path, resolvers, finder, suggester, fallback, args,
                allowed: Allowed = Allowed(), limits: dict | None = None) -> bool:
    """Import one post and say what happened; False when it could not be imported."""
    try:
        done = import_post(file.read_text(encoding="utf-8"), root, resolvers, finder, suggester,
                           fallback, args.circle, args.with_comments, allowed, limits)
    except UnicodeDecodeError as exc:  # Thai Windows saves TIS-620 (Windows-874), or UTF-16
        line = exc.object[:exc.start].count(b"\n") + 1
        print(f"{file}:{line}: the file is not UTF-8 text; open it and save it again as UTF-8 "
              "(Thai files from Windows are often TIS-620/Windows-874) | "
              "ไฟล์ไม่ใช่ข้อความแบบ UTF-8 ให้เปิดไฟล์แล้วบันทึกใหม่เป็น UTF-8 "
              "(ไฟล์ภาษาไทยจาก Windows มักเป็น TIS-620/Windows-874)", file=sys.stderr)
        return False
    except OSError as exc:
        print(f"{file}: cannot read: {exc} | อ่านไฟล์ไม่ได้", file=sys.stderr)
        return False
    except PostError as exc:
        print(f"{file}{f':{exc.line}' if exc.line else ''}: {exc.en} | {exc.th}", file=sys.stderr)
        return False
    rel = done.path.relative_to(root).as_posix()
    checked = check_text(done.text, rel, resolvers)
    if checked.errors:
        print("\n".join(e.format() for e in checked.errors), file=sys.stderr)
        return False
    done.path.parent.mkdir(parents=True, exist_ok=True)
    done.path.write_text(done.text, encoding="utf-8")
    print(f"{file} → {rel} ({'updated' if done.updated else 'new'} | "
          f"{'ปรับปรุงไฟล์เดิม' if done.updated else 'ไฟล์ใหม่'})")
    for note in done.notes:
        print(f"  {note}")
    for warning in checked.warnings:  # (what `wongrian check --strict` would refuse)
        print(f"  {warning.format()}")
    print_personal_data(done, rel)
    return True


REMOVED = {"id": ("a Thai national ID number", "เลขประจำตัวประชาชน"),
           "ip": ("an IP address", "หมายเลข IP")}


def print_personal_data(done: Imported, rel: str) -> None:
    """Say what personal data was taken out of the story file, and what is left to check."""
    for line, finding in done.removed:
        en, th = REMOVED[finding.kind]
        print(f"  {rel}:{line}: removed {en} ({finding.shown()}), written {REDACTED} | "
              f"ลบ{th} ({finding.shown()}) แล้ว แทนด้วย {REDACTED}")
    problems = Problems()
    for line, finding in done.flagged:
        report(problems, rel, line, "body" if line > done.text.split("\n---\n", 1)[0].count("\n") + 1
               else "front matter", finding)
    for warning in problems.warnings:
        print(f"  {warning.format()}")


COMMAND = ("import", "turn posts saved from another blog (gotoknow) into story files",
           add_arguments, run)
