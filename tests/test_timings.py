"""Stage timings: recorded only inside collect(), nested stages shown under their parent."""

from generator.cli import main
from generator.timings import collect, stage

from conftest import story_text


def test_stages_are_recorded_only_while_collecting():
    with stage("pages"):
        pass
    with collect() as timings:
        with stage("check"):
            with stage("load"):
                pass
            with stage("custom step"):
                pass
        with stage("pages"):
            pass
    assert [(name, depth) for name, depth, _ in timings.stages] == [
        ("load", 1), ("custom step", 1), ("check", 0), ("pages", 0)]
    assert all(seconds >= 0 for _, _, seconds in timings.stages)


def test_table_lists_parents_before_their_parts_in_english_and_thai():
    with collect() as timings:
        with stage("check"):
            with stage("load"):
                pass
        with stage("mkdocs"):
            pass
    lines = timings.table(total=2.0).splitlines()
    assert lines[0].split() == ["stage", "ขั้นตอน", "seconds", "%"]
    assert [line.split()[0] for line in lines[2:]] == ["check", "load", "mkdocs", "total"]
    assert lines[3].startswith("  load") and "อ่านไฟล์บันทึก" in lines[3]
    assert "MkDocs สร้างหน้าเว็บ" in lines[4]
    assert lines[-1].split()[-2:] == ["2.00", "100"]


def test_check_timings_go_to_stderr(tmp_site, capsys):
    root = tmp_site({"content/stories/a.md": story_text()})
    assert main(["check", "--root", str(root), "--timings"]) == 0
    out, err = capsys.readouterr()
    assert "OK: 1 stories checked" in out and "ขั้นตอน" not in out
    assert "ตรวจบันทึก" in err and err.splitlines()[-1].startswith("total")
