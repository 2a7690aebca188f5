"""Personal data in stories (pure): what a story must not publish, found with exact lines.

- Errors: Thai national ID numbers (13 digits, valid check digit, with or without dashes
  or spaces, Thai digits too) and IP addresses (IPv4, IPv6, and GotoKnow's ``IP:`` lines,
  masked or not).
- Warnings: mobile numbers (06/08/09 and ten digits in any grouping, +66 forms; the nine
  digits of 01/06/09 numbers before 2006), e-mail
  addresses and personal LINE IDs ("LINE ID: somchai_99", "ไอดีไลน์ somchai"; an official
  account, "@office", is an organisation's).
  An office's public number, address or LINE account is listed in ``privacy:
  public_contacts:`` of site_config.yml and is then allowed (an entry "@example.go.th"
  allows a whole mail domain, "line: km_office" a LINE ID). Landlines (02-…, 075-…) are
  offices' and never flagged.

One compiled expression finds every candidate of a text in one pass; only its matches are
looked at in Python (check digit, octets, allow-list), so a text without digits, "@" or
":" costs almost nothing. LINE IDs have an expression of their own (they follow a word).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from .errors import Problems

REDACTED = "[ลบข้อมูลส่วนบุคคล]"
LIMIT = 50  # findings reported per text
ERRORS = frozenset({"id", "ip"})

# Every match starts with one of the characters of FIRST: the regular-expression engine then
# skips Thai text in C, and each branch checks its first character with a look-behind.
# `\d` matches Thai digits ๐-๙ too; the explicit classes below list both.
FIRST = r"[\d+(I:@]"
_BEFORE = r"(?<!\d.)(?<!\d[.:/\-].)(?<![A-Za-z_].)"  # not inside a longer number, code or word
_AFTER = r"(?![\-./:]?\d)(?![A-Za-z_])"  # (a space may separate two numbers)
_ID = r"(?<=[1-8๑-๘])(?P<id>[ \-]?\d{4}[ \-]?\d{5}[ \-]?\d{2}[ \-]?\d)"
# (ten digits: 06, 08, 09; before 2006 nine: 01, 06 and 09, as old posts wrote them; no
# landline's area code starts so)
_MOBILE = (r"(?P<mobile>(?:(?<=\+)66[ \-]?(?:\(0\)[ \-]?)?|(?<=\()[0๐]|(?<=[0๐])-?)"
           r"(?:[689๖๘๙](?:(?:[ \-.]|\) ?)?\d){8}|[169๑๖๙](?:(?:[ \-.]|\) ?)?\d){7}))")
_IP4 = r"(?<=\d)(?P<ip4>\d{0,2}(?:\.\d{1,3}){3})"
_IP_LINE = r"(?<=I)(?<![A-Za-z].)(?P<ipline>P[ \t]*[:：][ \t]*[\dxX*]{1,3}(?:\.[\dxX*]{1,3}){3})"
_IP6 = r"(?<=:)(?=:?[0-9A-Fa-f])(?P<ip6>(?>[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){1,6}))(?![0-9A-Za-z_:])"
_EMAIL = (r"(?<=@)(?<=[A-Za-z0-9_%+\-.].)(?P<email>[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
          r"(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})(?![A-Za-z0-9\-])")
PATTERN = re.compile(FIRST + "(?:" + "|".join(
    [rf"(?<=[\d+(]){_BEFORE}(?:{_ID}|{_MOBILE}|{_IP4}){_AFTER}", _IP_LINE, _IP6, _EMAIL]) + ")")
# (each word starts with its letter, the look-behind after it: the engine then skips to the
# places where such a letter stands instead of trying the look-behinds everywhere)
_LINE_WORD, _ID_WORD = r"(?:l(?<![A-Za-z]l)ine|ไ(?<!ออนไ)ลน์)", r"(?:i(?<![A-Za-z]i)d|ไอดี)"
# "LINE ID: x", "ไลน์ไอดี x", "ID Line x", "ไลน์: x" (a colon needed alone); not "@x", an
# official account (an office's or a shop's, such as GotoKnow's "LINE ID @gotoknow")
LINE_ID = re.compile(
    rf"(?:{_LINE_WORD}[ \t]*{_ID_WORD}[ \t]*[:：=]?|{_ID_WORD}[ \t]*{_LINE_WORD}[ \t]*[:：=]?"
    rf"|{_LINE_WORD}[ \t]*[:：])[ \t]*"
    r"(?P<line>[A-Za-z0-9][A-Za-z0-9._\-]{2,19})(?![A-Za-z0-9_\-])",
    re.IGNORECASE)
_LINE_WORDS = ("ไลน์", "line", "Line", "LINE")  # in every form above (substring tests: fast)
_HEX_BEFORE = re.compile(r"(?<![0-9A-Za-z_:])[0-9A-Fa-f]{0,4}\Z")
_LOCAL_PART = re.compile(r"[A-Za-z0-9_%+\-.]+\Z")
_VERSION = re.compile(r"(?<![A-Za-z])(?:version|ver\.?|v\.?|รุ่น|เวอร์ชัน|เวอร์ชั่น)\s*\Z", re.I)
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: its kind, where it is in the text, and its value
    (digits only for numbers, lower case for e-mail addresses)."""

    kind: str    # "id", "ip", "mobile", "email" or "line"
    start: int
    end: int
    value: str

    @property
    def error(self) -> bool:
        return self.kind in ERRORS

    def shown(self) -> str:
        """The value as a message shows it: ID numbers and IP addresses masked."""
        if self.kind == "id":
            return self.value[:1] + "x" * 10 + self.value[-2:]
        if self.kind == "ip":
            return re.sub(r"[0-9a-fA-F](?=[0-9a-fA-F]*[.:])", "x", self.value)
        return self.value


@dataclass(frozen=True)
class Allowed:
    """Public contacts of offices (normalised): numbers, e-mail addresses, mail domains,
    LINE accounts."""

    numbers: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()
    line_ids: frozenset[str] = frozenset()

    def allows(self, finding: Finding) -> bool:
        if finding.kind == "mobile":
            return finding.value in self.numbers
        if finding.kind == "line":
            return finding.value in self.line_ids
        if finding.kind == "email":
            domain = finding.value.rsplit("@", 1)[-1]
            return finding.value in self.emails or any(
                domain == d or domain.endswith("." + d) for d in self.domains)
        return False


def digits(text: str) -> str:
    """Only the digits of a number, Thai digits as ASCII, +66 as a leading 0."""
    text = text.translate(_THAI_DIGITS).replace("(0)", "")
    number = re.sub(r"\D", "", text)
    return "0" + number[2:] if text.lstrip().startswith("+66") else number


def valid_id(number: str) -> bool:
    """A 13-digit Thai national ID number whose last digit is its check digit."""
    if len(number) != 13 or not number.isdigit():
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(number[:12]))
    return (11 - total % 11) % 10 == int(number[12])


def _ip4(text: str, before: str) -> bool:
    """Four octets ≤ 255, not a version ("v1.2.3.4") nor an outline number (1.2.3.4)."""
    octets = text.translate(_THAI_DIGITS).split(".")
    return (all(int(o) <= 255 for o in octets) and any(len(o) > 1 for o in octets)
            and not _VERSION.search(before))


def _ip6(text: str) -> bool:
    """A valid IPv6 address written in full or with "::" (not a time such as 10:30:15)."""
    groups = [g for g in text.split(":") if g]
    shaped = len(groups) == 8 or ("::" in text and len(groups) >= 2
                                  and any(len(g) >= 3 for g in groups))
    try:
        return shaped and bool(ipaddress.IPv6Address(text))
    except ValueError:
        return False


def _finding(match: re.Match, text: str) -> Finding | None:
    kind, start, end, found = match.lastgroup, match.start(), match.end(), match.group()
    if kind == "id":
        number = digits(found)
        return Finding("id", start, end, number) if valid_id(number) else None
    if kind == "mobile":
        return Finding("mobile", start, end, digits(found))
    if kind == "ip4":
        return Finding("ip", start, end, found) if _ip4(found, text[max(0, start - 12):start]) else None
    if kind == "ipline":
        return Finding("ip", start, end, re.split(r"[:：]", found, maxsplit=1)[1].strip())
    if kind == "ip6":
        head = _HEX_BEFORE.search(text, max(0, start - 4), start)
        if not head:
            return None
        address = head.group() + found
        return Finding("ip", head.start(), end, address.lower()) if _ip6(address) else None
    local = _LOCAL_PART.search(text, max(0, start - 64), start)
    if not local or not local.group().strip("."):
        return None
    return Finding("email", local.start(), end, (local.group() + found).lower())


def find_personal(text: str, allowed: Allowed = Allowed(), limit: int | None = None) -> list[Finding]:
    """Every piece of personal data in `text` (the first `limit`), in order; allowed public
    contacts left out."""
    found: list[Finding] = []
    for match in PATTERN.finditer(text):
        finding = _finding(match, text)
        if finding is not None and not allowed.allows(finding):
            found.append(finding)
            if len(found) == limit:
                break
    lines = [f for f in _line_ids(text) if not allowed.allows(f) and not f.value.isdigit()]
    if lines:
        found = sorted(found + lines, key=lambda f: f.start)[:limit]
    return found


def _line_ids(text: str) -> list[Finding]:
    """The LINE IDs of `text`: LINE_ID tried only around each "line" or "ไลน์" (found by
    substring search, not by the expression's look-behinds at every character), not "ออนไลน์"."""
    if "ไลน์" not in text and "ine" not in text and "INE" not in text:  # nearly always
        return []
    found: dict[int, Finding] = {}
    for word in _LINE_WORDS:
        at = text.find(word)
        while at >= 0:
            if not text.startswith("ออน", at - 3):
                match = LINE_ID.search(text, max(0, at - 12), at + 64)
                if match:
                    found[match.start("line")] = Finding("line", match.start("line"), match.end(),
                                                         match.group("line").lower())
            at = text.find(word, at + 1)
    return sorted(found.values(), key=lambda f: f.start)


def redact(text: str, kinds: Iterable[str] = ERRORS,
           allowed: Allowed = Allowed()) -> tuple[str, list[Finding]]:
    """`text` with every finding of `kinds` replaced by REDACTED, and those findings
    (their offsets are in the original text)."""
    kinds = frozenset(kinds)
    removed = [f for f in find_personal(text, allowed) if f.kind in kinds]
    parts, at = [], 0
    for finding in removed:
        parts += [text[at:finding.start], REDACTED]
        at = finding.end
    return "".join(parts) + text[at:], removed


# -- reporting -------------------------------------------------------------------------------

KEEP_PUBLIC_EN = ("if it is an office's public {what}, list it under 'privacy: public_contacts:' "
                  "in site_config.yml; a person's {what} must be removed")
KEEP_PUBLIC_TH = ("ถ้าเป็น{what}สาธารณะของหน่วยงาน ให้เพิ่มไว้ใน 'privacy: public_contacts:' "
                  "ของ site_config.yml ถ้าเป็นของบุคคล ต้องลบออก")
MESSAGES: dict[str, tuple[str, str, str, str]] = {  # en, th, hint en, hint th
    "id": ("a Thai national ID number ({shown}): personal data must not be published",
           "พบเลขประจำตัวประชาชน ({shown}) ซึ่งเป็นข้อมูลส่วนบุคคล ห้ามเผยแพร่",
           f"delete it or write {REDACTED}", f"ลบออกหรือเขียนแทนด้วย {REDACTED}"),
    "ip": ("an IP address ({shown}): it identifies a person's connection and must not be published",
           "พบหมายเลข IP ({shown}) ซึ่งระบุตัวผู้ใช้ได้ ห้ามเผยแพร่",
           "delete it (and the whole 'IP:' line of a copied comment)",
           "ลบออก (รวมทั้งบรรทัด 'IP:' ของความเห็นที่คัดลอกมา)"),
    "mobile": ('a mobile phone number "{shown}"', 'พบเบอร์โทรศัพท์มือถือ "{shown}"',
               KEEP_PUBLIC_EN.format(what="number"), KEEP_PUBLIC_TH.format(what="เบอร์โทรศัพท์")),
    "email": ('an e-mail address "{shown}"', 'พบที่อยู่อีเมล "{shown}"',
              KEEP_PUBLIC_EN.format(what="address"), KEEP_PUBLIC_TH.format(what="อีเมล")),
    "line": ('a LINE ID "{shown}"', 'พบไอดีไลน์ "{shown}"',
             KEEP_PUBLIC_EN.format(what="LINE account").replace("list it under", "list it as "
                                                                  "'line: …' under"),
             KEEP_PUBLIC_TH.format(what="บัญชีไลน์").replace("ให้เพิ่มไว้ใน",
                                                             "ให้เพิ่ม 'line: …' ไว้ใน")),
}


def report(problems: Problems, source: str, line: int, fld: str, finding: Finding) -> None:
    """One error (ID, IP) or warning (mobile, e-mail, LINE) for `finding` at `source:line`."""
    en, th, hint_en, hint_th = MESSAGES[finding.kind]
    shown = finding.shown()
    add = problems.error if finding.error else problems.warn
    add(source, line, fld, en.format(shown=shown), th.format(shown=shown), hint_en, hint_th)


def line_of(text: str, offset: int, first_line: int) -> int:
    return first_line + text.count("\n", 0, offset)


def _strings(value: Any, line: int, lines) -> Iterable[tuple[str, int]]:
    """(string, line) for every string (or number: an unquoted ID is one) in a front-matter value."""
    if isinstance(value, str):
        yield value, line
    elif isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**14:
        yield str(value), line
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, line, None)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, lines.line(str(key)) if lines else line, None)


def _front_matter(raw) -> Iterable[tuple[str, str, int]]:
    """(field, string, line) for every string of a story's front matter."""
    for key, value in raw.meta.items():
        if isinstance(value, list):
            for index, item in enumerate(value):
                for text, line in _strings(item, raw.lines.item(key, index), None):
                    yield key, text, line
        else:
            nested = raw.lines.nested.get(key)
            for text, line in _strings(value, raw.lines.line(key), nested):
                yield key, text, line


def scan_story(raw, allowed: Allowed, problems: Problems) -> None:
    """Report the personal data of one RawStory: front-matter strings and body, by line
    (at most LIMIT findings per text: a story made of addresses needs no 100,000 lines)."""
    for fld, text, line in _front_matter(raw):
        for finding in find_personal(text, allowed, LIMIT):
            report(problems, raw.source, line, fld, finding)
    for finding in find_personal(raw.body, allowed, LIMIT):
        report(problems, raw.source, line_of(raw.body, finding.start, raw.body_line), "body", finding)


def public_contacts(config, problems: Problems, name: str = "site_config.yml") -> Allowed:
    """The allow-list `privacy.public_contacts` of site_config.yml, normalised."""
    numbers, emails, domains, line_ids = set(), set(), set(), set()
    for entry in config.privacy.get("public_contacts") or []:
        if not isinstance(entry, str):
            problems.error(name, 0, "privacy.public_contacts",
                           f"{entry!r} must be quoted text, like \"075-123-456\"",
                           f"{entry!r} ต้องอยู่ในเครื่องหมายคำพูด เช่น \"075-123-456\"",
                           "YAML reads an unquoted 0… number as a number and loses the 0",
                           "ถ้าไม่ใส่เครื่องหมายคำพูด YAML จะอ่านเป็นตัวเลขและตัด 0 ข้างหน้าทิ้ง")
        elif PUBLIC_LINE.match(entry):
            line_ids.add(PUBLIC_LINE.match(entry).group(1).lower())
        elif entry.strip().startswith("@"):
            domains.add(entry.strip()[1:].lower())
        elif "@" in entry:
            emails.add(entry.strip().lower())
        elif digits(entry):
            numbers.add(digits(entry))
    return Allowed(frozenset(numbers), frozenset(emails), frozenset(domains), frozenset(line_ids))


PUBLIC_LINE = re.compile(r"\s*(?:line|ไลน์)\s*(?:id|ไอดี)?\s*[:：]?\s*([A-Za-z0-9._\-]+)\s*$", re.I)


def scan_stories(raws: list, config, problems: Problems,
                 scan: Callable[[Any, Allowed, Problems], None] | None = None) -> None:
    """Report the personal data of every story; `scan` replaces `scan_story` (`wongrian
    serve` passes a cached one)."""
    allowed = public_contacts(config, problems)
    for raw in raws:
        (scan or scan_story)(raw, allowed, problems)
