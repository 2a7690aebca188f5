"""YAML with line numbers: duplicate keys are errors at the second key, in every file kind."""

from __future__ import annotations

import pytest
import yaml

from generator.yamlsource import (DuplicateKeyError, TabIndentError, load_yaml, yaml_error_line,
                                  yaml_error_text)


@pytest.mark.parametrize("text, key, first, second", [
    ("title: a\ndate: 2008-05-03\ntitle: b\n", "title", 1, 3),
    ("series:\n  id: a\n  part: 1\n  id: b\n", "id", 2, 4),
    ("series: {id: a, part: 1, id: b}\n", "id", 1, 1),
    ("agencies:\n- id: cdd\n  name_th: ก\n  name_th: ข\n", "name_th", 3, 4),
    ("'80': [a]\n80: [b]\n", "80", 1, 2),
])
def test_a_key_written_twice_is_an_error_at_the_second(text, key, first, second):
    with pytest.raises(DuplicateKeyError) as caught:
        load_yaml(text)
    assert (caught.value.key, caught.value.first_line) == (key, first)
    assert yaml_error_line(caught.value) == second


def test_the_offset_of_front_matter_shifts_both_lines():
    with pytest.raises(yaml.YAMLError) as caught:
        load_yaml("title: a\ntitle: b\n", offset=1)
    assert yaml_error_line(caught.value, offset=1) == 3
    en, th, hint_en, _ = yaml_error_text(caught.value, 1, "", "", "")
    assert en == '"title" is written twice (first on line 2)'
    assert th == 'ช่อง "title" เขียนซ้ำ (ครั้งแรกที่บรรทัด 2)' and "last" in hint_en


def test_same_keys_in_different_mappings_and_aliases_are_fine():
    data, lines = load_yaml("a: {id: 1}\nb: {id: 2}\nc: &x {k: 1}\nd: *x\ne: [*x, *x]\n")
    assert data["d"] == {"k": 1} and lines.line("e") == 5


def test_other_errors_keep_the_parsers_words():
    with pytest.raises(yaml.YAMLError) as caught:
        load_yaml("tags: [a, b\n")
    en, th, hint_en, hint_th = yaml_error_text(caught.value, 0, "อ่านไม่ได้", "fix it", "แก้")
    assert en.startswith("cannot parse YAML: ") and (th, hint_en, hint_th) == ("อ่านไม่ได้", "fix it", "แก้")


def test_a_tab_in_the_indentation_is_named_at_its_line():
    for text, line in (("tags:\n\t- a\n", 2), ("title: x\n\tcircle: y\n", 2), ("a: [x,\n\tb\n", 1)):
        with pytest.raises(yaml.YAMLError) as caught:
            load_yaml(text)
        if line == 1:  # an unclosed "[": the parser's own error, at the "[" line
            assert not isinstance(caught.value, TabIndentError)
            continue
        assert isinstance(caught.value, TabIndentError)
        assert yaml_error_line(caught.value) == line
        assert "Tab" in yaml_error_text(caught.value, 0, "", "", "")[1]


def test_an_error_inside_a_block_is_at_its_own_line_not_the_blocks_first():
    """A block mapping's context mark is the top of the file; a key without ":" or an
    unclosed quote still names where they start."""
    cases = (('title: a\ndate: b\ncircle: c\nsummary: "x "y" z"\n', 4),
             ("title: a\ndate: b\nauthor c\ncircle: d\n", 3),
             ('a: 1\nb: "unclosed\nc: 2\n', 2))
    for text, line in cases:
        with pytest.raises(yaml.YAMLError) as caught:
            load_yaml(text)
        assert yaml_error_line(caught.value) == line, text
def _bomb(levels: int) -> str:
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_an_error_at_once_not_hours_of_work():
    with pytest.raises(yaml.YAMLError) as caught:
        load_yaml("title: t\n" + _bomb(12), offset=1)  # 9**12 values if expanded
    assert yaml_error_line(caught.value, offset=1) == 7  # the first part beyond the limit
    en, th, hint_en, _ = yaml_error_text(caught.value, 1, "", "", "")
    assert "more than 10,000 values" in en and "เกิน 10,000 ค่า" in th and "*alias" in hint_en


@pytest.mark.parametrize("text", ["tags: &a [x, *a]\n", "a: &a {k: *a}\n",
                                  "series: &s {id: x, title: [*s]}\n"])
def test_an_alias_inside_the_part_it_names_is_an_error_at_its_line(text):
    with pytest.raises(yaml.YAMLError) as caught:
        load_yaml("title: t\n" + text, offset=1)
    assert yaml_error_line(caught.value, offset=1) == 3
    en, th, _, _ = yaml_error_text(caught.value, 1, "", "", "")
    assert "contains itself" in en and "ซ้อนตัวเอง" in th


def test_aliases_that_repeat_a_little_are_fine():
    data, _ = load_yaml(_bomb(4))  # 9**3 = 729 values through aliases
    assert len(data["l3"]) == 9 and data["l3"][0][0][0][0] == "x"


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_an_invisible_line_break_is_an_error_at_the_line_it_is_on(char):
    """YAML reads it as a new line: `title: ก<U+2028>slug: x` would be two keys on one line."""
    with pytest.raises(yaml.YAMLError) as caught:
        load_yaml(f"date: 2008-05-03\ntitle: ก{char}slug: other\n", offset=1)
    assert yaml_error_line(caught.value, offset=1) == 3
    en, th, hint_en, _ = yaml_error_text(caught.value, 1, "", "", "")
    assert f"U+{ord(char):04X}" in en and "มองไม่เห็น" in th and "Enter" in hint_en
