"""Reading story files: the front-matter split (it looks only at the header's lines)."""

from __future__ import annotations

import random

from generator.load import split_front_matter


def split_by_lines(text: str):
    """The split as first written: every line of the file split and joined again."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    return "\n".join(lines[1:]), "", len(lines) + 1


def test_front_matter_split_is_the_line_by_line_split():
    parts = ["---", "...", " --- ", "title: ก", "", "\ufeff", "เนื้อเรื่อง", "-- -", "\t---"]
    rng = random.Random(5)
    cases = ["", "---", "---\n", "---\n---", "---\n---\n", "---\na: 1\n---\nbody\n", "x\n---",
             "\ufeff---\na: 1\n...\nb", "---\na: 1", "---\na: 1\n"]
    cases += [rng.choice(["", "\ufeff"]) + "\n".join(rng.choice(parts) for _ in range(rng.randint(0, 7)))
              + rng.choice(["", "\n"]) for _ in range(20000)]
    for text in cases:
        assert split_front_matter(text) == split_by_lines(text), repr(text)
