"""Indicators: reading data files and front matter, every error kind, roll-ups, CSV round trip."""

import shutil
from pathlib import Path

import pytest
from conftest import story_text

from generator.build import check_project
from generator.cli import main
from generator.config import load_config
from generator.errors import ContentErrors, Problems
from generator.indicators.data import load_indicators
from generator.indicators.model import Cohort, IndicatorData, IndicatorError, IndicatorReading
from generator.indicators.rollup import csv_bytes, readings_csv, roll_up
from generator.indicators.tables import personal_kind
from generator.indicators.values import parse_count, parse_grade, parse_period
from generator.registry import load_registry

ROOT = Path(__file__).parent.parent
BROKEN = Path(__file__).parent / "broken_indicators"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def project_with(files: dict[str, str | bytes], tmp_path: Path, case: str | None = None) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content" / "registry", project / "content" / "registry")
    shutil.copy(ROOT / "site_config.yml", project / "site_config.yml")
    if case:
        shutil.copytree(BROKEN / case / "content", project / "content", dirs_exist_ok=True)
    for rel, data in files.items():
        path = project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return project


@pytest.fixture(scope="module")
def resolvers():
    problems = Problems()
    found = load_registry(ROOT, load_config(ROOT, problems), problems)
    assert not problems.errors
    return found


# -- every kind of bad input -------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES)
def test_broken_indicators_give_exact_messages(case, tmp_path):
    with pytest.raises(ContentErrors) as caught:
        check_project(project_with({}, tmp_path, case))
    got = [error.format() for error in caught.value.errors]
    assert got == (BROKEN / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def test_every_error_kind_of_the_issue_has_a_case():
    assert {"grade-not-abc", "unknown-area", "ambiguous-area", "village-number", "duplicate",
            "period-not-fiscal-year", "count-not-a-number", "personal-column",
            "personal-value"} <= set(CASES)


def test_duplicate_names_both_places(tmp_path):
    with pytest.raises(ContentErrors) as caught:
        check_project(project_with({}, tmp_path, "duplicate"))
    first = caught.value.errors[0]
    assert (first.path, first.line) == ("content/indicators/b.csv", 2)
    assert "also at content/indicators/a.csv:2" in first.en


def test_errors_across_files_stop_the_build_and_write_nothing(tmp_path, capsys):
    project = project_with({"content/indicators/more.csv": "ปีงบประมาณ,ตำบล,คณะผู้นำ\n2552,800121,Z\n"},
                           tmp_path, "grade-not-abc")
    assert main(["build", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "content/indicators/data.csv:2: แผนแม่บทชุมชน: grade \"D\"" in err
    assert "content/indicators/more.csv:2: คณะผู้นำ: grade \"Z\"" in err
    assert "3 error(s)" in err
    assert sorted(p.name for p in project.iterdir() if p.name != ".cache") == ["content", "site_config.yml"]


# -- reading values ----------------------------------------------------------------------------

@pytest.mark.parametrize("value, grade", [("A", "A"), (" b ", "B"), ("ｃ", "C"), ("", None),
                                          ("-", None), (None, None)])
def test_grades(value, grade):
    assert parse_grade(value) == grade


@pytest.mark.parametrize("value, count", [("12", 12), ("1,204", 1204), ("๑๒", 12), (12.0, 12),
                                          (0, 0), ("", None)])
def test_counts(value, count):
    assert parse_count(value) == count


@pytest.mark.parametrize("value", [2552, "2552", "ปีงบประมาณ 2552", "ปีงบ 2552", 2552.0, "๒๕๕๒"])
def test_periods(value):
    assert parse_period(value) == 2552


def test_a_period_given_as_a_spreadsheet_date_names_its_fiscal_year():
    import datetime as dt

    with pytest.raises(IndicatorError) as caught:
        parse_period(dt.datetime(2008, 10, 2))
    assert caught.value.hint_en == "its fiscal year is 2552"


@pytest.mark.parametrize("header", ["ชื่อ", "Name", "first name", "ชื่อ - สกุล", "นามสกุล",
                                    "เลขประจำตัวประชาชน", "โทรศัพท์", "บ้านเลขที่", "E-mail"])
def test_personal_headers(header):
    assert personal_kind(header)


@pytest.mark.parametrize("header", ["ชื่อหมู่บ้าน", "ครัวเรือนทำบัญชี", "หมายเหตุ", "จำนวนครัวเรือน"])
def test_headers_that_are_not_personal(header):
    assert personal_kind(header) is None


# -- data files --------------------------------------------------------------------------------

def test_csv_with_excel_bom_crlf_comment_and_names(tmp_path, resolvers):
    text = ("\ufeff# ข้อมูลทดสอบ\r\nปีงบประมาณ,อำเภอ,ตำบล,หมู่,ผู้นำ,ภาพรวม\r\n"
            "ปีงบประมาณ 2552,ทุ่งสง,ปากแพรก,3,a,B\r\n2552,,800121,,C,\r\n")
    project = project_with({"content/indicators/x.csv": text}, tmp_path)
    problems = Problems()
    data = load_indicators(project, resolvers, [], problems)
    assert not problems.errors and not problems.warnings
    assert data.notes == {"content/indicators/x.csv": "ข้อมูลทดสอบ"}
    village, tambon = data.readings
    assert (village.area, village.level, village.period, village.line) == ("80090103", "village", 2552, 3)
    assert village.grades == (("leaders", "A"), ("overall", "B"))
    assert (tambon.area, tambon.level, tambon.grades, tambon.line) == (
        "800121", "tambon", (("leaders", "C"),), 4)


def test_xlsx_first_sheet_with_row_numbers(tmp_path, resolvers):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["# ตัวอย่าง"])
    sheet.append(["ปีงบประมาณ", "ตำบล", "หมู่", "คณะผู้นำ", "สมาชิกกลุ่มออมทรัพย์"])
    sheet.append([2552, 800121, 1, "A", 40.0])
    sheet.append([])
    sheet.append([2552, "800121", 2, "X", 12])
    book.create_sheet("notes").append(["ชื่อ", "not read"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    project = project_with({"content/indicators/book.xlsx": path.read_bytes()}, tmp_path)
    problems = Problems()
    data = load_indicators(project, resolvers, [], problems)
    assert [(e.line, e.field, e.en) for e in problems.errors] == [
        (5, "คณะผู้นำ", 'grade "X" is not A, B or C')]
    (reading,) = data.readings
    assert (reading.area, reading.line, reading.counts) == ("80012101", 3, (("savings_members", 40),))


def test_story_readings_default_to_the_fiscal_year_of_the_story(tmp_path):
    story = story_text(date="2008-10-02", indicators="[{area: หมู่ 2 ต.ท่าซัก อ.เมือง, plan: B}]")
    project = project_with({"content/stories/2008/2008-10-02-a.md": story}, tmp_path)
    checked = check_project(project)
    (reading,) = checked.indicators.readings
    assert (reading.area, reading.period, reading.line) == ("80012102", 2552, 10)
    assert reading.story == checked.stories[0].id


def test_sample_data_round_trips_through_the_csv_download(tmp_path, resolvers):
    problems = Problems()
    sample = load_indicators(ROOT, resolvers, [], problems)
    assert not problems.errors and len(sample.readings) > 400
    data = readings_csv(sample.readings, resolvers.registry)
    assert data.startswith("\ufeff".encode("utf-8")) and b"\r\n" in data
    project = project_with({"content/indicators/all.csv": data}, tmp_path)
    again = load_indicators(project, resolvers, [], problems)
    assert not problems.errors
    key = lambda r: (r.area, r.level, r.period, r.grades, r.counts, r.cohort)  # noqa: E731
    assert sorted(map(key, again.readings)) == sorted(map(key, sample.readings))


def test_csv_bytes_quotes_and_bom():
    assert csv_bytes(["a", "ข"], [["x,y", None], [1, "ค"]]) == (
        '\ufeffa,ข\r\n"x,y",\r\n1,ค\r\n'.encode("utf-8"))


# -- roll-ups on a hand-computed fixture -------------------------------------------------------

def reading(area, period, grades=(), counts=(), level="village"):
    return IndicatorReading(area, level, period, tuple(grades), tuple(counts), "t.csv", 2)


@pytest.fixture(scope="module")
def rollup(resolvers):
    readings = [
        reading("80012101", 2551, [("leaders", "A"), ("overall", "B")], [("households_accounts", 10)]),
        reading("80012102", 2551, [("leaders", "B"), ("overall", "B")], [("households_accounts", 20)]),
        reading("80012103", 2551, [("leaders", "C"), ("overall", "C")]),
        reading("80012101", 2552, [("leaders", "A"), ("overall", "A")], [("households_accounts", 15)]),
        reading("80012102", 2552, [("leaders", "C"), ("overall", "B")]),
        reading("80012104", 2552, [("leaders", "B"), ("overall", "B")]),
        reading("80012105", 2552, [("overall", "C")]),              # in no cohort
        reading("80080701", 2552, [("overall", "A")], [("savings_members", 50)]),
    ]
    cohorts = (Cohort(1, "รุ่น 1", 2551, ("80012101", "80012102", "80012103", "80012104")),
               Cohort(2, "รุ่น 2", 2552, ("80080701",)))
    return roll_up(IndicatorData(tuple(readings), cohorts), resolvers.registry)


def test_rollup_tambon_first_period(rollup):
    t = rollup.tally("800121", 2551)
    assert (t.assessed, t.expected, t.expected_assessed, t.completeness) == (3, 4, 3, 0.75)
    assert t.grades["leaders"] == (1, 1, 1) and t.grades["overall"] == (0, 2, 1)
    assert t.grades["health"] == (0, 0, 0) and t.share("health", "A") is None
    assert (t.sums, t.reported) == ({"households_accounts": 30}, {"households_accounts": 2})
    assert t.previous is None and not t.up and not t.down


def test_rollup_tambon_second_period_with_a_missing_unit_and_moves(rollup):
    t = rollup.tally("800121", 2552)
    assert (t.assessed, t.expected, t.expected_assessed, t.outside) == (4, 4, 3, 1)
    assert t.grades["overall"] == (1, 2, 1) and t.share("overall", "A") == 0.25
    assert t.previous == 2551
    assert (t.up.get("overall", 0), t.down.get("overall", 0), t.same.get("overall", 0)) == (1, 0, 1)
    assert (t.up.get("leaders", 0), t.down.get("leaders", 0), t.same.get("leaders", 0)) == (0, 1, 1)
    assert t.sums == {"households_accounts": 15}


def test_rollup_amphoe_and_province(rollup):
    assert rollup.tally("8008", 2551) is None
    amphoe = rollup.tally("8008", 2552)
    assert (amphoe.assessed, amphoe.expected, amphoe.grades["overall"]) == (1, 1, (1, 0, 0))
    mueang = rollup.tally("8001", 2552)
    assert mueang.grades["overall"] == rollup.tally("800121", 2552).grades["overall"]
    province = rollup.tally("80", 2552)
    assert (province.assessed, province.expected, province.expected_assessed) == (5, 5, 4)
    assert province.grades["overall"] == (2, 2, 1)
    assert province.sums == {"households_accounts": 15, "savings_members": 50}
    assert rollup.periods == (2551, 2552) and rollup.levels("80") == ["village"]


def test_readings_of_one_unit_merge_and_tambon_units_roll_up_apart(resolvers):
    readings = [reading("80012101", 2552, [("leaders", "A")]),
                reading("80012101", 2552, [], [("circles", 4)]),
                reading("800121", 2552, [("overall", "B")], level="tambon")]
    rollup = roll_up(IndicatorData(tuple(readings)), resolvers.registry)
    merged = rollup.assessments[("80012101", 2552)]
    assert (dict(merged.grades), dict(merged.counts), len(merged.readings)) == (
        {"leaders": "A"}, {"circles": 4}, 2)
    assert rollup.tally("8001", 2552, "village").assessed == 1
    assert rollup.tally("8001", 2552, "tambon").grades["overall"] == (0, 1, 0)
    assert rollup.levels("80") == ["village", "tambon"]


def test_a_sheet_that_declares_a_million_rows_is_refused_quickly_not_filled_in(tmp_path):
    import openpyxl
    from generator.indicators.tables import MAX_ROWS, TooBig, read_rows

    book = openpyxl.Workbook()
    book.active["A1"] = "ปีงบประมาณ"
    book.active.cell(row=1_048_576, column=16_384, value=1)  # dimension A1:XFD1048576, 5 KB
    book.save(tmp_path / "bomb.xlsx")
    with pytest.raises(TooBig):
        read_rows(tmp_path / "bomb.xlsx")
    (tmp_path / "long.csv").write_text("a\n" * (MAX_ROWS + 1), encoding="utf-8")
    with pytest.raises(TooBig):
        read_rows(tmp_path / "long.csv")
    book = openpyxl.Workbook()
    book.active.append(["ก", None, "ข"])
    book.active.cell(row=3, column=400, value=None)
    book.save(tmp_path / "wide.xlsx")
    assert read_rows(tmp_path / "wide.xlsx")[0] == (1, ("ก", None, "ข"))


@pytest.mark.parametrize("cell, number", [("4", 4), ("หมู่ 4", 4), ("ม.4", 4), ("หมู่ที่ ๔", 4), (4.0, 4),
                                          ("-1", None), ("x5", None), ("0", None), ("4a", None)])
def test_a_village_number_is_bare_or_after_a_thai_word_only(cell, number):
    from generator.indicators.values import parse_whole

    if number is None:
        with pytest.raises(IndicatorError):
            parse_whole(cell, ("village", "หมู่"), 1, 99)
    else:
        assert parse_whole(cell, ("village", "หมู่"), 1, 99) == number


def test_a_formula_saved_without_its_value_is_named_not_read_as_blank(tmp_path):
    import openpyxl
    from generator.indicators.tables import read_table

    book = openpyxl.Workbook()
    book.active.append(["ปีงบประมาณ", "ตำบล", "หมู่", "คณะผู้นำ"])
    book.active.append([2551, "800121", 3, None])
    book.active.append([2551, "800121", 4, "=IF(1,\"A\",\"B\")"])  # openpyxl saves no value
    (tmp_path / "content").mkdir()
    book.save(tmp_path / "content" / "x.xlsx")
    problems = Problems()
    assert read_table(tmp_path / "content" / "x.xlsx", tmp_path, problems) is None
    (error,) = problems.errors
    assert (error.line, error.en.split(" (")[0]) == (3, "cell D3 holds a formula without its value")


def test_cells_right_of_the_last_header_are_named(tmp_path):
    from generator.indicators.tables import read_table

    (tmp_path / "x.csv").write_text("ปีงบประมาณ,ตำบล,หมู่,คณะผู้นำ\n2551,800121,3,A,B\n2551,800121,4,A,\n",
                                    encoding="utf-8")
    problems = Problems()
    assert read_table(tmp_path / "x.csv", tmp_path, problems) is not None
    assert [(w.line, w.en) for w in problems.warnings] == [
        (2, "1 cell(s) right of the last column header are ignored")]


def test_a_sheet_that_declares_fewer_rows_than_it_holds_is_read_whole(tmp_path):
    """A workbook written by a program may keep a stale <dimension> (A1:D2 over 4 rows): the
    rows past it were dropped without a word, so readings went missing from the site."""
    import zipfile

    import openpyxl
    from generator.indicators.tables import read_rows

    book = openpyxl.Workbook()
    for row in (["ปีงบประมาณ", "ตำบล", "หมู่", "คณะผู้นำ"], [2551, "800121", 1, "A"],
                [2551, "800121", 2, "B"], [2551, "800121", 3, "C", "หมายเหตุ"]):
        book.active.append(row)
    book.save(tmp_path / "full.xlsx")
    with zipfile.ZipFile(tmp_path / "full.xlsx") as full, \
            zipfile.ZipFile(tmp_path / "stale.xlsx", "w") as stale:
        for item in full.infolist():
            data = full.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:E4"', b'<dimension ref="A1:D2"')
                assert b'ref="A1:D2"' in data
            stale.writestr(item, data)
    rows = read_rows(tmp_path / "stale.xlsx")
    assert [number for number, _ in rows] == [1, 2, 3, 4]
    assert rows[3][1][:4] == (2551, "800121", 3, "C") and "หมายเหตุ" in rows[3][1]
