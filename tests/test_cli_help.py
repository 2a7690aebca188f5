"""`wongrian --help` speaks English and Thai: every command and every option."""

from __future__ import annotations

import re

import pytest

from generator.cli import COMMAND_MODULES, main

THAI = re.compile(r"[\u0e01-\u0e5b]")


def help_text(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def test_top_level_help_is_bilingual(capsys):
    text = help_text(capsys)
    assert "knowledge base" in text and "คลังความรู้" in text
    commands = re.findall(r"^    (\w+) +(.+?)(?=^    \w|\n\n)", text, re.M | re.S)
    assert len(commands) == 2 + len(COMMAND_MODULES)
    for name, description in commands:
        assert "|" in description and THAI.search(description), name


@pytest.mark.parametrize("command", ["check", "build", "serve", "new", "linkcheck", "bundle",
                                     "verify", "import", "registry add"])
def test_every_option_has_a_thai_half(capsys, command):
    text = help_text(capsys, *command.split())
    options = text.split("options:", 1)[1]
    entries = re.split(r"\n  (?=-)", options)
    positional = text.split("positional arguments:", 1)[1].split("options:")[0] if \
        "positional arguments:" in text else ""
    for entry in [*entries[1:], *re.split(r"\n  (?=\w)", positional)[1:]]:
        assert THAI.search(entry), f"{command}: {entry.strip()}"
