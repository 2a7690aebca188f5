import datetime as dt

import pytest

from generator.dates import DateError, fiscal_year, parse_date, thai_date, thai_date_short

D = dt.date(2008, 5, 3)


@pytest.mark.parametrize("text", [
    "2008-05-03", "2551-05-03", "3 พฤษภาคม 2551", "3 พ.ค. 51", "3 พ.ค 51", "3 พค 2551",
    "3 พฤษภาคม 2008", "วันที่ 3 พ.ค. พ.ศ. 2551", "3 May 2008", "03 พ.ค. 2551", "3\u200b พ.ค. 51", "3 May 08",
    dt.date(2008, 5, 3), dt.date(2551, 5, 3),
])
def test_every_written_form_reads_as_the_same_day(text):
    assert parse_date(text) == D


def test_glued_thai_date_from_old_posts():
    assert parse_date("10ต.ค.2550") == dt.date(2007, 10, 10)


@pytest.mark.parametrize("text, message", [
    ("3000-01-01", "year 3000 fits neither era"),
    ("1900-01-01", "year 1900 fits neither era"),
    ("31 ก.พ. 51", "no such day: 31/2/2551 BE"),
    ("3 พฤษภา 51", 'unknown month "พฤษภา"'),
    ("next week", 'cannot read the date "next week"'),
])
def test_bad_dates_say_why(text, message):
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert caught.value.en.startswith(message)
    assert caught.value.th


def test_display_is_buddhist_era():
    assert thai_date(D) == "3 พฤษภาคม 2551"
    assert thai_date_short(D) == "3 พ.ค. 2551"


def test_fiscal_year_runs_october_to_september():
    assert fiscal_year(dt.date(2007, 10, 1)) == 2551
    assert fiscal_year(dt.date(2008, 9, 30)) == 2551
    assert fiscal_year(dt.date(2008, 10, 1)) == 2552
