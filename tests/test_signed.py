"""Large signed cache files (`generator/cache/signed.py`): plain data only, from this machine, and
long Thai texts kept without a second copy in memory."""

import datetime
import pickle
import sys

from generator.cache.signed import LONG_TEXT, dump_signed, load_signed, write_signed


def test_the_page_cache_loads_plain_data_this_machine_signed(tmp_path):
    dump_signed(tmp_path / "pages", {"pages": {"a.md": "ก"}, "n": [1, 2.5, None]})
    assert load_signed(tmp_path / "pages") == {"pages": {"a.md": "ก"}, "n": [1, 2.5, None]}
    raw = (tmp_path / "pages").read_bytes()
    (tmp_path / "tampered").write_bytes(raw[:-2] + b"x.")
    assert load_signed(tmp_path / "tampered") is None
    write_signed(tmp_path / "object", pickle.dumps({"date": datetime.date(2020, 1, 1)}))
    assert load_signed(tmp_path / "object") is None  # signed, but not plain data


def test_long_texts_come_back_the_same(tmp_path):
    texts = {"thai": "วงเรียนรู้ชุมชน " * 100, "ascii": "a" * 1000, "short": "ก" * LONG_TEXT,
             "emoji": "🌾 ข้าว " * 100, "surrogate": "ก" * 300 + "\udc80", "": ""}
    dump_signed(tmp_path / "texts", [texts, ("ก" * 500, "ก" * 500)])
    assert load_signed(tmp_path / "texts") == [texts, ("ก" * 500, "ก" * 500)]


def test_saving_leaves_no_utf8_copy_in_the_strings(tmp_path):
    """CPython keeps the UTF-8 that pickle writes of a str inside the str, which
    `sys.getsizeof` counts: pages saved that way stay twice in memory."""
    page = "<p>บันทึกวงเรียนรู้ของตำบล</p>\n" * 200
    before = sys.getsizeof(page)
    dump_signed(tmp_path / "pages", {"story/a.md": page})
    assert sys.getsizeof(page) == before
    pickle.dumps(page)  # what the plain pickler does, for comparison
    assert sys.getsizeof(page) > before + len(page)


def test_only_texts_are_kept_apart(tmp_path):
    class Other(pickle.Pickler):
        def __init__(self, file, pid):
            super().__init__(file)
            self.pid = pid

        def persistent_id(self, obj):
            return self.pid if obj == "x" else None

    import io

    for pid in [("utf-8", "ก"), ("code", b"x"), ("utf-8", b"x", 1), "utf-8"]:
        out = io.BytesIO()
        Other(out, pid).dump(["x"])
        write_signed(tmp_path / "planted", out.getvalue())
        assert load_signed(tmp_path / "planted") is None, pid
