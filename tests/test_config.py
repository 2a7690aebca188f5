"""site_config.yml: defaults, unknown keys, wrong types."""

from pathlib import Path

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
    assert [(w.line, w.field) for w in problems.warnings] == [(1, "site.titel"), (5, "extra_section")]
    (error,) = problems.errors
    assert (error.path, error.line, error.field) == ("site_config.yml", 3, "build.drafts")
    assert error.en == "must be bool, got 'yes'"


def test_edit_url(tmp_path):
    (tmp_path / "site_config.yml").write_text(
        "repository:\n  url: https://github.com/a/b/\n  edit_uri: edit/main/\n", encoding="utf-8")
    config = load_config(tmp_path, Problems())
    assert config.edit_url("content/stories/x.md") == \
        "https://github.com/a/b/edit/main/content/stories/x.md"


def test_the_projects_config_is_clean():
    problems = Problems()
    load_config(Path(__file__).parent.parent, problems)
    assert problems.errors == [] and problems.warnings == []
