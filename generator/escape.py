"""Escaping, in one place: every string that comes from content/ goes through one of these
functions for the context it lands in (Markdown text, HTML, page metadata, JSON in a script,
XML, CSV). Templates escape by default (see `pages.make_environment`)."""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from typing import Any

import yaml
from markupsafe import Markup

# Characters Markdown (and its attr_list, tables and admonition extensions) gives a meaning
# to, written as character references so that Python-Markdown shows them as they are.
_MD_REFS = {c: f"&#{ord(c)};" for c in "\\`*_{}[]<>#|!~"}
_MD_REFS.update({"&": "&amp;", '"': "&quot;", "'": "&#39;"})
_MD_TABLE = str.maketrans(_MD_REFS)
_LINE_START = re.compile(r"^(\s*)([-+:](?=\s|$)|[>=]|\d+(?=[.)](?:\s|$)))")
_SPACE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def one_line(text: object) -> str:
    """The text on one line: control characters and line breaks become a space."""
    return _SPACE.sub(" ", str(text))


def md_text(text: object) -> Markup:
    """Plain text for any place in a generated Markdown page (inline or at a line's start,
    in a link label, a table cell, a heading, an HTML attribute): it shows as written."""
    return _md_text(text if type(text) is str else str(text))


@lru_cache(maxsize=1 << 16)  # a build escapes the same few thousand names and titles 100,000 times
def _md_text(text: str) -> Markup:
    value = one_line(text).translate(_MD_TABLE)
    match = _LINE_START.match(value)  # "1." "-" "+" ">" "=" ":" would start a list, quote, heading
    if match:
        first = match.group(2)[0]
        value = f"{match.group(1)}&#{ord(first)};{value[match.end(1) + 1:]}"
    return Markup(value)


def html_text(text: object) -> str:
    """Text (or an attribute value) in HTML."""
    return html.escape(str(text), quote=True)


def html_line(text: object) -> str:
    """Text in an HTML element, on one line (a table cell), escaped as Python-Markdown escapes
    the text it writes."""
    return html.escape(one_line(text), quote=False)


def page_meta(**fields: Any) -> Markup:
    """A page's MkDocs front matter (`---` block) as YAML: nothing in a value can add keys.
    Values stay plain text; the theme escapes them where it shows them."""
    clean = {k: one_line(v).strip() if isinstance(v, str) else v for k, v in fields.items() if v is not None}
    text = yaml.dump(clean, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1 << 16)
    return Markup(f"---\n{text}---\n")


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's: 10× faster, same YAML
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                  "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: Any, **dump: Any) -> str:
    """JSON that is safe inside `<script>`, in a .js file and in HTML attributes."""
    dump.setdefault("ensure_ascii", False)
    text = json.dumps(value, **dump)
    for char, escaped in _SCRIPT_UNSAFE.items():  # str.replace: much faster than translate
        if char in text:
            text = text.replace(char, escaped)
    return text


# Characters XML 1.0 does not allow at all (escaping cannot save them).
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_chars(text: object) -> str:
    """The text without the characters XML forbids (for ElementTree, which escapes the rest)."""
    return _XML_INVALID.sub("", str(text))


def xml_text(text: object) -> str:
    """Text or an attribute value in XML or SVG: escaped, characters XML forbids dropped."""
    return html.escape(xml_chars(text), quote=True)


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula (=, +, -, @ first)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        if not re.fullmatch(r"[-+]?\d[\d,.]*", value):  # numbers like -3 stay numbers
            return "'" + value
    return value
