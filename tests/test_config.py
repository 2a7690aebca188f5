"""site_config.yml: defaults, unknown keys, wrong types."""

import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import load_config
from generator.errors import Problems


def test_defaults_fill_missing_sections(tmp_path):
    (tmp_path / "site_config.yml").write_text("site:\n  title: ทดสอบ\n", encoding="utf-8")
    problems = Problems()
    config = load_config(tmp_path, problems)
    assert config.title == "ทดสอบ" and config.provinces == ["80"]
    assert config.build["words_per_minute"] == 200 and problems.errors == []


def test_unknown_keys_warn_and_wrong_types_are_errors(tmp_path):
    (tmp_path / "site_config.yml").write_text(
        "site:\n  titel: x\nbuild:\n  drafts: 'yes'\nextra_section: 1\n", encoding="utf-8")
    problems = Problems()
    load_config(tmp_path, problems)
    assert [(w.line, w.field) for w in problems.warnings] == [(2, "site.titel"), (5, "extra_section")]
    (error,) = problems.errors
    assert (error.path, error.line, error.field) == ("site_config.yml", 4, "build.drafts")
    assert error.en == "must be bool, got 'yes'"


def test_edit_url(tmp_path):
    (tmp_path / "site_config.yml").write_text(
        "repository:\n  url: https://github.com/a/b/\n  edit_uri: edit/main/\n", encoding="utf-8")
    config = load_config(tmp_path, Problems())
    assert config.edit_url("content/stories/x.md") == \
        "https://github.com/a/b/edit/main/content/stories/x.md"
    # a file name is a path in the address: '#' and '?' would cut it, so it is percent-encoded
    assert config.edit_url("content/stories/2008/บันทึก #1?.md") == "https://github.com/a/b/edit/main/" \
        "content/stories/2008/%E0%B8%9A%E0%B8%B1%E0%B8%99%E0%B8%97%E0%B8%B6%E0%B8%81%20%231%3F.md"


def test_the_projects_config_is_clean():
    problems = Problems()
    load_config(Path(__file__).parent.parent, problems)
    assert problems.errors == [] and problems.warnings == []


@pytest.mark.parametrize("text, field, says", [
    ("build:\n  words_per_minute: 0\n", "build.words_per_minute", "use a whole number from 20 to 2000"),
    ("build:\n  related_stories: -3\n", "build.related_stories", "use a whole number from 0 to 50"),
    ("build:\n  max_title_chars: true\n", "build.max_title_chars", None),
    ("site:\n  language: klingon\n", "site.language", 'use "th"'),
    ("areas:\n  provinces: ['99']\n", "areas.provinces", "two-digit DOPA codes"),
    ("repository:\n  url: github.com/example/wongrian\n", "repository.url", "starting with https://"),
    ("site:\n  url: javascript:alert(1)\n", "site.url", "starting with https://"),
    ("site: hello\n", "site", "indent its settings under it"),
])
def test_values_that_cannot_work_are_errors_at_their_line(tmp_path, text, field, says):
    (tmp_path / "site_config.yml").write_text("bundle:\n  name: x\n" + text, encoding="utf-8")
    problems = Problems()
    config = load_config(tmp_path, problems)
    (error,) = problems.errors
    assert (error.field, error.line) == (field, 4 if "\n  " in text else 3)
    assert says is None or says in error.hint_en
    assert error.th and config.build["words_per_minute"] == 200 and config.provinces == ["80"]


def test_the_command_explains_an_error_it_did_not_foresee_without_a_traceback():
    code = "import generator.cli as c; c.main = lambda: 1 / 0; c.run()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).parent.parent)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "cannot explain yet (ZeroDivisionError: division by zero)" in done.stderr
    assert "ยังอธิบายไม่ได้" in done.stderr
