"""The persistent check cache: same stories, warnings and errors with and without it."""

import pickle
import shutil
from pathlib import Path

import pytest

from generator.build import check_project
from generator.cache.check import CACHE_DIR, CheckCache, cache_key, check_cache, check_with_cache
from generator.cache.signed import sign, signing_key
from generator.cli import main
from generator.errors import ContentErrors

from conftest import ROOT, story_text
from test_broken import CASES, project_with


def cached(root: Path, strict: bool = False, workers: int = 0, count_words: bool = True):
    """(result or ContentErrors, the cache) of one check_project through the check cache."""
    with check_cache(root, workers=workers, count_words=count_words) as cache:
        try:
            result = check_project(root, strict, read=cache.read, check=cache.check,
                                   scan=cache.scan, markup=cache.markup, rows=cache.rows,
                                   ahead=cache.ahead)
        except ContentErrors as exc:
            result = exc
    return result, cache


def checked_with_cache(root: Path, strict: bool = False, workers: int = 0):
    """(result or ContentErrors, reads, checks) of one cached check_project."""
    result, cache = cached(root, strict, workers)
    return result, cache.reads, cache.checks


def outcome(result):
    """What a check shows: the stories and warnings, or the errors."""
    if isinstance(result, ContentErrors):
        return ("errors", [e.format() for e in result.errors])
    return ("ok", result.stories, [w.format() for w in result.warnings])


def plain(root: Path, strict: bool = False):
    try:
        return check_project(root, strict)
    except ContentErrors as exc:
        return exc


def sample_project(tmp_path: Path) -> Path:
    project = tmp_path / "sample"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "site_config.yml", project / "site_config.yml")
    return project


def test_sample_content_is_the_same_cold_warm_and_uncached(tmp_path):
    project = sample_project(tmp_path)
    expected = outcome(plain(project))
    cold, reads, checks = checked_with_cache(project)
    assert (reads, checks) == (len(list((project / "content/stories").rglob("*.md"))),) * 2
    warm, reads, checks = checked_with_cache(project)
    assert (reads, checks) == (0, 0)
    assert outcome(cold) == outcome(warm) == expected
    assert [s.words for s in warm.stories] == [s.words for s in expected[1]]


def test_scans_and_spreadsheets_are_not_read_again_when_unchanged(tmp_path, monkeypatch):
    project = sample_project(tmp_path)
    (project / "content/stories/phone.md").write_text(story_text(
        body="โทร 081-234-5678 <script>x()</script>\n"), encoding="utf-8")
    expected = outcome(plain(project))
    assert any("081" in w for w in expected[2]) and any("body" in w for w in expected[2])
    cold = checked_with_cache(project)[0]
    from generator.cache import check as cache_module
    calls = []
    for name in ("scan_story", "warn_dropped_markup", "read_rows"):
        real = getattr(cache_module, name)
        monkeypatch.setattr(cache_module, name,
                            lambda *a, real=real, name=name: calls.append((name, a)) or real(*a))
    warm = checked_with_cache(project)[0]
    assert outcome(cold) == outcome(warm) == expected
    read = sorted(args[0].suffix for name, args in calls if name == "read_rows")
    assert read == [".csv"] * 3 and len(calls) == 3  # the .xlsx sheet came from the cache
    assert warm.indicators == plain(project).indicators


@pytest.mark.parametrize("case", CASES)
def test_broken_inputs_give_the_same_messages_with_the_cache(case, tmp_path):
    project = project_with(case, tmp_path, ROOT)
    expected = outcome(plain(project, strict=True))
    assert expected[0] == "errors"
    assert outcome(checked_with_cache(project, strict=True)[0]) == expected
    warm, reads, _ = checked_with_cache(project, strict=True)
    assert outcome(warm) == expected and reads == 0


def _checked_then_edited(tmp_site):
    """Three stories checked through the cache; then the second edited, the third deleted."""
    root = tmp_site({f"content/stories/{n}.md": story_text(title=f"วงเรียนรู้ครั้งที่ {n}",
                                                          date=f"2008-05-0{n}")
                     for n in range(1, 4)})
    checked_with_cache(root)
    (root / "content/stories/2.md").write_text(
        story_text(title="วงเรียนรู้ครั้งที่ 2", date="2008-05-02", body="เนื้อเรื่องใหม่\n"), encoding="utf-8")
    (root / "content/stories/3.md").unlink()
    return root


def test_edits_and_deletions_recheck_only_what_changed(tmp_site):
    root = _checked_then_edited(tmp_site)
    result, reads, checks = checked_with_cache(root)
    assert (reads, checks) == (1, 1)
    assert outcome(result) == outcome(plain(root))
    assert [s.body.strip() for s in result.stories if s.source.endswith("2.md")] == ["เนื้อเรื่องใหม่"]
    with check_cache(root) as cache:  # a file a few stories behind is not written again
        assert sorted(cache.entries) == [f"content/stories/{n}.md" for n in (1, 2, 3)]
        assert cache.path.is_file()
    again, reads, checks = checked_with_cache(root)  # the edited story is read again
    assert (reads, checks) == (1, 1) and outcome(again) == outcome(result)


def test_a_cache_file_many_stories_behind_is_written_again(tmp_site, monkeypatch):
    from generator.cache import check as cache_module

    root = _checked_then_edited(tmp_site)
    monkeypatch.setattr(cache_module, "worth_rewriting", lambda changed, total: changed > 0)
    result, reads, checks = checked_with_cache(root)
    assert (reads, checks) == (1, 1)
    with check_cache(root) as cache:
        assert sorted(cache.entries) == ["content/stories/1.md", "content/stories/2.md"]
    assert checked_with_cache(root)[1:] == (0, 0)


def test_a_registry_or_config_change_starts_a_new_cache(tmp_site):
    root = tmp_site({"content/stories/a.md": story_text()})
    checked_with_cache(root)
    key = cache_key(root)
    registry = root / "content/registry/agencies.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert cache_key(root) != key
    _, reads, checks = checked_with_cache(root)
    assert (reads, checks) == (1, 1)
    assert [p.name for p in (root / CACHE_DIR).glob("*.pickle")] == [f"{cache_key(root)}.pickle"]


def test_the_cache_folder_is_ignored_by_git_and_safe_to_delete(tmp_site):
    root = tmp_site({"content/stories/a.md": story_text()})
    checked_with_cache(root)
    assert (root / ".cache/.gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    shutil.rmtree(root / ".cache")
    result, reads, _ = checked_with_cache(root)
    assert reads == 1 and outcome(result) == outcome(plain(root))


@pytest.mark.parametrize("made_a_file", [".cache", ".cache/check"])
def test_a_cache_folder_that_is_a_file_is_checked_without(tmp_site, capsys, made_a_file):
    """A cache that cannot be written (a file where its folder goes, or a read-only project)
    costs speed only: check says what it says without it, exit 0."""
    root = tmp_site({"content/stories/a.md": story_text()})
    (root / made_a_file).parent.mkdir(parents=True, exist_ok=True)
    (root / made_a_file).write_text("not a folder", encoding="utf-8")
    assert main(["check", "--root", str(root)]) == 0
    assert "1 stories checked" in capsys.readouterr().out


class _Planted:
    def __reduce__(self):
        return (Path.touch, (Path(self.target),))


def test_a_planted_or_damaged_cache_file_is_never_run(tmp_site):
    root = tmp_site({"content/stories/a.md": story_text()})
    cache = CheckCache(root, workers=0)
    cache.folder.mkdir(parents=True)
    planted = _Planted()
    planted.target = str(root / "pwned")
    data = pickle.dumps({"content/stories/a.md": planted})
    cache.path.write_bytes(sign(data, signing_key()) + data)  # signed, yet not allowed
    assert CheckCache(root, workers=0).entries == {}
    cache.path.write_bytes(b"\0" * 32 + data)  # not signed by this machine
    assert CheckCache(root, workers=0).entries == {}
    assert not (root / "pwned").exists()
    cache.path.write_bytes(b"not a pickle")
    result, reads, _ = checked_with_cache(root)
    assert reads == 1 and outcome(result) == outcome(plain(root))


def test_a_cache_file_from_another_machine_is_not_used(tmp_site, tmp_path, monkeypatch):
    root = tmp_site({"content/stories/a.md": story_text()})
    checked_with_cache(root)
    assert checked_with_cache(root)[1] == 0
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "elsewhere"))
    result, reads, _ = checked_with_cache(root)
    assert reads == 1 and outcome(result) == outcome(plain(root))


def test_cli_output_is_the_same_with_and_without_the_cache(tmp_site, capsys):
    root = tmp_site({"content/stories/a.md": story_text(authr="x"),
                     "content/stories/b.md": story_text(title="อีกเรื่อง", agencies=("พชช.",))})
    runs = []
    for args in (["--no-cache"], [], [], ["--no-cache"]):
        code = main(["check", "--root", str(root), *args])
        runs.append((code, capsys.readouterr()))
    assert runs[0][0] == 1 and "พชช." in runs[0][1].err
    assert all(run == runs[0] for run in runs)
    assert (root / CACHE_DIR).exists()


def test_made_ahead_in_two_processes_gives_the_same_stories(tmp_site):
    stories = {f"content/stories/{n:02d}.md": story_text(
        title=f"เรื่องที่ {n}", date=f"2008-05-{n:02d}",
        body="## เรื่องเล่า\n\n" + "ชาวบ้านจดบัญชีครัวเรือนทุกวัน English words 42 " * n + "\n")
        for n in range(1, 29)}
    root = tmp_site(stories)
    expected = outcome(plain(root))
    from generator.cache import readahead
    readahead.AHEAD_AFTER, old = 4, readahead.AHEAD_AFTER
    try:
        result, reads, _ = checked_with_cache(root, workers=2)
    finally:
        readahead.AHEAD_AFTER = old
    assert reads == 28 and outcome(result) == expected


def test_check_with_cache_is_the_one_line_form(tmp_site):
    root = tmp_site({"content/stories/a.md": story_text(authr="x")})
    expected = outcome(plain(root))
    assert outcome(check_with_cache(check_project, root)) == expected
    assert (root / CACHE_DIR).exists()
    assert outcome(check_with_cache(check_project, root)) == expected
    with pytest.raises(ContentErrors):
        check_with_cache(check_project, root, strict=True)
    shutil.rmtree(root / ".cache")
    assert outcome(check_with_cache(check_project, root, enabled=False)) == expected
    assert not (root / ".cache").exists()


@pytest.mark.parametrize("workers", [0, 2])
def test_check_leaves_word_counts_to_the_next_build(tmp_site, workers):
    """`wongrian check` does not count words (reading times are a build's); a build through
    the same cache counts them, for the stories checked before as for new ones."""
    from generator.cache import readahead
    from generator.cache.check import NOT_COUNTED

    stories = {f"content/stories/{n:02d}.md": story_text(
        title=f"เรื่องที่ {n}", date=f"2008-05-{n:02d}", body="ชาวบ้านจดบัญชีครัวเรือน " * n + "\n")
        for n in range(1, 9)}
    root = tmp_site(stories)
    readahead.AHEAD_AFTER, old = 2, readahead.AHEAD_AFTER
    try:
        with check_cache(root, workers=workers, count_words=False) as cache:
            checked = check_project(root, read=cache.read, check=cache.check, ahead=cache.ahead)
        assert {s.words for s in checked.stories} == {NOT_COUNTED}
        (root / "content/stories/09.md").write_text(story_text(title="ใหม่", date="2008-05-09"),
                                                     encoding="utf-8")
        expected = outcome(plain(root))
        result, reads, checks = checked_with_cache(root, workers=workers)
    finally:
        readahead.AHEAD_AFTER = old
    assert (reads, checks) == (1, 1) and outcome(result) == expected
    assert all(s.words > 0 for s in result.stories)
    assert outcome(checked_with_cache(root)[0]) == expected  # the counts were kept


def test_the_copy_opens_spreadsheets_ahead_with_the_same_result(tmp_path):
    import threading

    from generator.cache import readahead

    project = sample_project(tmp_path)
    expected = plain(project)
    readahead.AHEAD_AFTER, old = 4, readahead.AHEAD_AFTER
    try:
        with check_cache(project, workers=2) as cache:
            result = check_project(project, read=cache.read, check=cache.check, scan=cache.scan,
                                   markup=cache.markup, rows=cache.rows, ahead=cache.ahead)
            ahead = dict(cache.sheets)
    finally:
        readahead.AHEAD_AFTER = old
    assert outcome(result) == outcome(expected) and result.indicators == expected.indicators
    assert bool(ahead) == (threading.active_count() == 1)  # fork only without threads
