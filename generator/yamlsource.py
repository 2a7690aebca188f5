"""YAML with line numbers: values plus the 1-based line of every key and list item."""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass, field
from typing import Any

import yaml


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10× faster


class _Loader(_Base):  # type: ignore[valid-type, misc]
    """Safe loader that keeps dates as text, so the date parser sees what was written."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Lines:
    """Line numbers of a parsed mapping: `line(key)` and `item(key, i)`."""

    start: int = 1
    keys: dict[str, int] = field(default_factory=dict)
    items: dict[str, list[int]] = field(default_factory=dict)
    nested: dict[str, "Lines"] = field(default_factory=dict)

    def line(self, key: str) -> int:
        return self.keys.get(key, self.start)

    def item(self, key: str, index: int) -> int:
        lines = self.items.get(key, [])
        return lines[index] if index < len(lines) else self.line(key)


def _lines_of(node: yaml.Node, offset: int) -> Lines:
    lines = Lines(start=node.start_mark.line + 1 + offset)
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key_node, value_node in node.value:
        key = str(key_node.value)
        lines.keys[key] = key_node.start_mark.line + 1 + offset
        if isinstance(value_node, yaml.SequenceNode):
            lines.items[key] = [v.start_mark.line + 1 + offset for v in value_node.value]
        elif isinstance(value_node, yaml.MappingNode):
            lines.nested[key] = _lines_of(value_node, offset)
    return lines


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """A key written twice in one mapping (YAML would silently keep the last value)."""

    def __init__(self, key: str, first: yaml.Mark, second: yaml.Mark):
        super().__init__(None, None, f'duplicate key "{key}"', second)
        self.key, self.first_line = key, first.line + 1


class TabIndentError(yaml.scanner.ScannerError):
    """A tab in the indentation of the line a parse error points at (YAML indents with spaces
    only; the parser's own words for it do not say so, or do not say what to do)."""

    def __init__(self, mark: yaml.Mark):
        super().__init__(None, None, "a tab indents this line", mark)


def _tab_mark(text: str, exc: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """The mark of `exc` whose line is indented with a tab, if any."""
    lines = text.split("\n")
    for mark in (exc.problem_mark, exc.context_mark):
        if mark is not None and mark.line < len(lines):
            line = lines[mark.line]
            if "\t" in line[:len(line) - len(line.lstrip(" \t"))]:
                return mark
    return None


def _check_duplicates(node: yaml.Node) -> None:
    """Raise DuplicateKeyError at the second of two equal keys in any mapping of the tree."""
    todo, seen = [node], set()
    while todo:
        node = todo.pop()
        if id(node) in seen:  # an alias: the same node again
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: dict[str, yaml.Mark] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                    if key_node.value in keys:
                        raise DuplicateKeyError(key_node.value, keys[key_node.value],
                                                key_node.start_mark)
                    keys[key_node.value] = key_node.start_mark
                todo += [key_node, value_node]
        elif isinstance(node, yaml.SequenceNode):
            todo += node.value


MAX_ALIAS_VALUES = 10_000  # values that aliases (*name) may add to a document


class AliasError(yaml.composer.ComposerError):
    """An alias (*name) inside the part it names (a value that contains itself), or aliases
    that repeat a part so often that the document would take hours to read ("billion laughs")."""

    def __init__(self, mark: yaml.Mark, loop: bool):
        super().__init__(None, None, "an alias contains itself" if loop else "aliases repeat too much",
                         mark)
        self.loop = loop


def _check_aliases(root: yaml.Node) -> None:
    """Raise AliasError at a part that contains an alias of itself, or at the first part whose
    aliases add more than MAX_ALIAS_VALUES values (each node is sized once, so a bomb is found
    without being expanded)."""
    size: dict[int, int] = {}
    sizing: set[int] = set()  # the parts whose children are being sized
    todo: list[tuple[yaml.Node, bool]] = [(root, False)]
    while todo:
        node, children_done = todo.pop()
        if id(node) in size:
            continue
        children = ([n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode)
                    else node.value if isinstance(node, yaml.SequenceNode) else [])
        if not children_done:
            if id(node) in sizing:
                raise AliasError(node.start_mark, loop=True)
            sizing.add(id(node))
            todo.append((node, True))
            todo += [(child, False) for child in children if id(child) not in size]
            continue
        sizing.discard(id(node))
        size[id(node)] = 1 + sum(size[id(child)] for child in children)
        if size[id(node)] - len(size) > MAX_ALIAS_VALUES:
            raise AliasError(node.start_mark, loop=False)


def _failing_mark(root: yaml.Node) -> yaml.Mark | None:
    """The mark of the first scalar (in document order) that a fresh loader cannot build."""
    todo, seen = [root], set()
    while todo:
        node = todo.pop(0)
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            loader = _Loader("")
            try:
                loader.construct_object(node, deep=True)
            except Exception:  # noqa: BLE001 - any failure is the one we are looking for
                return node.start_mark
            finally:
                loader.dispose()
        elif isinstance(node, yaml.MappingNode):
            todo[:0] = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            todo[:0] = list(node.value)
    return None


# Characters YAML reads as a line break but editors, GitHub and our line numbers do not: one
# line on the screen could hold two keys (`title: ก<U+2028>slug: x`).
_HIDDEN_BREAK = re.compile("[\x85\u2028\u2029]")


class HiddenBreakError(yaml.MarkedYAMLError):
    """A line separator (U+2028, U+2029, U+0085) that YAML would read as a new line."""

    def __init__(self, text: str, index: int):
        line = text.count("\n", 0, index)
        column = index - (text.rfind("\n", 0, index) + 1)
        super().__init__(problem=f"invisible line break U+{ord(text[index]):04X}",
                         problem_mark=yaml.Mark("<yaml>", index, line, column, None, None))
        self.code = f"U+{ord(text[index]):04X}"


def load_yaml(text: str, offset: int = 0) -> tuple[Any, Lines]:
    """Parse YAML text; line numbers are shifted by `offset` (the text's first line - 1).
    A key written twice in a mapping is a DuplicateKeyError, a parse error on a line indented
    with a tab a TabIndentError, an invisible line break a HiddenBreakError (all
    yaml.YAMLErrors)."""
    hidden = _HIDDEN_BREAK.search(text)
    if hidden:
        raise HiddenBreakError(text, hidden.start())
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = _tab_mark(text, exc)
            if mark is None:
                raise
            raise TabIndentError(mark) from None
        if node is not None:
            _check_duplicates(node)
            if "*" in text:  # (no alias without one)
                _check_aliases(node)
        try:
            data = loader.construct_document(node) if node is not None else None
        except (ValueError, KeyError, TypeError, OverflowError, RecursionError) as exc:
            # a tagged or huge value PyYAML cannot build (!!int abc, !!bool maybe, 2020-13-45
            # as !!timestamp, an integer of 5,000 digits): a YAML error at that value's line
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read this value ({type(exc).__name__})",
                _failing_mark(node) or node.start_mark) from None
    finally:
        loader.dispose()
    return data, (_lines_of(node, offset) if node is not None else Lines(start=offset + 1))


def load_yaml_file(text: str) -> tuple[Any, Lines]:
    """`load_yaml` of a whole file (config, registry, cohorts), remembered by its text for the
    life of the process: `wongrian serve` checks the project again after every save, and
    parsing the registry is most of that when it did not change. Each call gets its own copy."""
    return copy.deepcopy(_load_file(text))


@functools.lru_cache(maxsize=32)
def _load_file(text: str) -> tuple[Any, Lines]:
    return load_yaml(text)


def yaml_error_line(exc: yaml.YAMLError, offset: int = 0) -> int:
    """The 1-based line a YAML parse error points at."""
    # The context mark is where the broken construct starts (an unclosed "[", a key
    # without ":"), which is the line to fix; the problem mark is where parsing gave up.
    # A block mapping or sequence, though, starts at the top of the file (or of a list), far
    # from the stray token the problem mark points at (a quote inside quotes).
    context = getattr(exc, "context", None) or ""
    mark = (None if context.startswith("while parsing a block") else
            getattr(exc, "context_mark", None)) or getattr(exc, "problem_mark", None)
    return (mark.line + 1 + offset) if mark else offset + 1


def yaml_error_text(exc: yaml.YAMLError, offset: int, th: str, hint_en: str,
                    hint_th: str) -> tuple[str, str, str, str]:
    """(English, Thai, hints) for a YAML error: a duplicate key names the key and its first
    line; any other error gives the parser's words and the caller's Thai text and hints."""
    if isinstance(exc, DuplicateKeyError):
        first = exc.first_line + offset
        return (f'"{exc.key}" is written twice (first on line {first})',
                f'ช่อง "{exc.key}" เขียนซ้ำ (ครั้งแรกที่บรรทัด {first})',
                "keep one of the two lines (YAML would silently use the last)",
                "เก็บไว้บรรทัดเดียว (ถ้าซ้ำ YAML จะใช้ค่าหลังสุดโดยไม่บอก)")
    if isinstance(exc, TabIndentError):
        return ("a tab indents this line: YAML indents with spaces only",
                "บรรทัดนี้ย่อหน้าด้วยแท็บ (Tab) แต่ YAML ย่อหน้าได้ด้วยช่องว่างเท่านั้น",
                "delete the tab; where the line must be indented, type spaces instead",
                "ลบแท็บออก ถ้าบรรทัดนี้ต้องย่อหน้า ให้เว้นวรรคด้วยช่องว่างแทน")
    if isinstance(exc, HiddenBreakError):
        return (f"invisible line break {exc.code}: YAML reads it as a new line, so this line "
                "means more than it shows", f"มีอักขระขึ้นบรรทัดใหม่ที่มองไม่เห็น {exc.code} "
                "YAML จะอ่านเป็นบรรทัดใหม่ บรรทัดนี้จึงมีความหมายไม่ตรงกับที่เห็น",
                "delete it (often pasted from a word processor) or press Enter for a real new line",
                "ลบออก (มักติดมาจากโปรแกรมพิมพ์เอกสาร) หรือกด Enter ขึ้นบรรทัดใหม่จริง")
    if isinstance(exc, AliasError) and exc.loop:
        return ("an alias (*name) is inside the part it names, so the value contains itself",
                "ชื่ออ้างอิง (*ชื่อ) อยู่ในส่วนที่ตัวเองอ้างถึง ค่าจึงซ้อนตัวเองไม่สิ้นสุด",
                "write the values out instead of using &anchor and *alias",
                "เขียนค่าออกมาตรง ๆ แทนการใช้ &ชื่อ และ *ชื่อ")
    if isinstance(exc, AliasError):
        return (f"aliases (*name) repeat this part into more than {MAX_ALIAS_VALUES:,} values",
                f"ชื่ออ้างอิง (*ชื่อ) ทำให้ส่วนนี้ซ้ำเกิน {MAX_ALIAS_VALUES:,} ค่า",
                "write the values out instead of repeating them with &anchor and *alias",
                "เขียนค่าออกมาตรง ๆ แทนการใช้ &ชื่อ และ *ชื่อ ซ้ำกัน")
    problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    return f"cannot parse YAML: {problem}", th, hint_en, hint_th
