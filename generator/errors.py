"""One error type for content problems: `path:line: field: message`, in English and Thai."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Control, line-break and text-direction characters, which a file name or a key can hold: a
# terminal would run them (clear it, retitle it), or a line would look like two, or read backwards
TEXT_DIRECTION = "\u202a-\u202e\u2066-\u2069"  # embeddings, overrides and isolates
_UNSHOWN = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{TEXT_DIRECTION}]")


@dataclass(frozen=True, order=True)
class ContentError:
    """A problem in a content file, with where it is and how to fix it."""

    path: str
    line: int
    field: str
    en: str
    th: str
    hint_en: str = ""
    hint_th: str = ""

    def format(self) -> str:
        """One line: `path:line: field: english — hint | thai — hint`."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return shown(f"{where}: {self.field}: {self.message()}")

    def message(self) -> str:
        """`english — hint | thai — hint`."""
        en = f"{self.en} — {self.hint_en}" if self.hint_en else self.en
        th = f"{self.th} — {self.hint_th}" if self.hint_th else self.th
        return f"{en} | {th}"

    def github(self, level: str = "error") -> str:
        """A GitHub Actions workflow annotation (`level`: error or warning), escaped as GitHub's
        toolkit escapes one: a line break in a file name would start a command of its own."""
        body = _escape_data(shown(self.message(), keep="\n"))  # (a line break: %0A)
        line = f",line={self.line}" if self.line else ""
        where = f"file={_escape_property(self.path)}{line},title={_escape_property(self.field)}"
        return f"::{level} {where}::{body}"


def shown(text: str, keep: str = "") -> str:
    """The text with each character of `_UNSHOWN` but those in `keep` written as its code
    (`\\x1b`, `\\u202e`): a name may come from anyone."""
    return _UNSHOWN.sub(lambda m: _escape(m.group(), keep), text) if _UNSHOWN.search(text) else text


def _escape(char: str, keep: str) -> str:
    code = ord(char)
    return char if char in keep else f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class ContentErrors(Exception):
    """All content errors found in one pass; raised once, after everything was checked."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(e.format() for e in self.errors))


@dataclass
class Problems:
    """Collects errors and warnings across every file of a build."""

    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)

    def error(self, path: str, line: int, fld: str, en: str, th: str,
              hint_en: str = "", hint_th: str = "") -> None:
        self.errors.append(ContentError(path, line, fld, en, th, hint_en, hint_th))

    def warn(self, path: str, line: int, fld: str, en: str, th: str,
             hint_en: str = "", hint_th: str = "") -> None:
        self.warnings.append(ContentError(path, line, fld, en, th, hint_en, hint_th))

    def raise_if_any(self, strict: bool = False) -> None:
        """Raise ContentErrors when there are errors (or warnings, when strict)."""
        found = self.errors + (self.warnings if strict else [])
        if found:
            raise ContentErrors(found)
