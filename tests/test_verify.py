"""`wongrian verify` against hand-made bad bundles: added, missing and altered files, and entries
that would land outside the folder when unpacked."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import pytest

from generator import cli
from generator.bundle import manifest_text
from generator.verify import verify

from conftest import ROOT

TOP = "wongrian-offline-2551-05-03"
FILES = {"index.html": b"<p>home</p>", "story/a.html": b"<p>a</p>", "README.txt": b"read me"}
NOT_ORIGINAL = ("NOT THE ORIGINAL BUNDLE: {added} added, {unsafe} unsafe, {bad} missing or changed — "
                "do not open or pass it on; get the bundle again from its source | ชุดนี้ถูกเพิ่มหรือแก้ไข "
                "อย่าเปิดหรือส่งต่อ ให้ขอชุดใหม่จากต้นทาง")


def manifest(files: dict[str, bytes]) -> bytes:
    return manifest_text({k: hashlib.sha256(v).hexdigest() for k, v in files.items()}).encode()


def make_zip(path: Path, entries: list[tuple[str, bytes, int]]) -> Path:
    """A zip of (name, data, unix mode) entries, written as given (no name clean-up)."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data, mode in entries:
            info = zipfile.ZipInfo(name, date_time=(2008, 5, 3, 0, 0, 0))
            info.create_system, info.external_attr = 3, mode << 16
            archive.writestr(info, data)
    return path


def bundle_entries(files=FILES, listed=None) -> list[tuple[str, bytes, int]]:
    entries = [(f"{TOP}/{name}", data, 0o100644) for name, data in files.items()]
    return entries + [(f"{TOP}/MANIFEST", manifest(listed if listed is not None else files), 0o100644)]


def run_verify(path: Path, capsys) -> tuple[int, list[str]]:
    code = cli.main(["verify", str(path)])
    return code, capsys.readouterr().out.splitlines()


def test_the_hand_made_bundle_is_ok(tmp_path, capsys):
    code, lines = run_verify(make_zip(tmp_path / "b.zip", bundle_entries()), capsys)
    assert (code, lines) == (0, ["OK: all 3 files complete | ไฟล์ครบและถูกต้องทั้ง 3 ไฟล์"])


def test_an_added_file_fails(tmp_path, capsys):
    entries = bundle_entries() + [(f"{TOP}/story/evil.html", b"<script>", 0o100644)]
    code, lines = run_verify(make_zip(tmp_path / "b.zip", entries), capsys)
    assert code == 1
    assert lines == ["added, not in MANIFEST | ไฟล์เกินที่ไม่มีในรายการ MANIFEST: story/evil.html",
                     NOT_ORIGINAL.format(added=1, unsafe=0, bad=0)]


def test_missing_and_altered_files_fail(tmp_path, capsys):
    entries = [e for e in bundle_entries() if not e[0].endswith("/story/a.html")]
    entries = [(n, b"<p>changed</p>" if n.endswith("/index.html") else d, m) for n, d, m in entries]
    code, lines = run_verify(make_zip(tmp_path / "b.zip", entries), capsys)
    assert code == 1
    assert lines == ["missing | ไม่มีไฟล์: story/a.html", "changed | ไฟล์ไม่ตรงกับต้นฉบับ: index.html",
                     "INCOMPLETE: 2 of 3 files missing or damaged — copy the bundle again | "
                     "ไฟล์ขาดหรือเสีย 2 ไฟล์ ให้คัดลอกชุดนี้มาใหม่"]


BAD_ENTRIES = [
    ("/tmp/evil.html", 0o100644, "absolute path | เป็นที่อยู่เต็มตั้งแต่ราก (absolute path)"),
    (f"{TOP}/../evil.html", 0o100644, "contains '..' | มี '..' ซึ่งชี้ออกนอกโฟลเดอร์"),
    ("../../.bashrc", 0o100644, "contains '..' | มี '..' ซึ่งชี้ออกนอกโฟลเดอร์"),
    (f"{TOP}\\..\\evil.html", 0o100644, "contains a backslash | มีเครื่องหมาย \\"),
    ("C:/Windows/evil.html", 0o100644, "has a drive letter | มีอักษรไดรฟ์ (เช่น C:)"),
    (f"{TOP}/index.html:stream", 0o100644, "contains ':' | มีเครื่องหมาย :"),
    (f"{TOP}/a\x00.html", 0o100644, "contains a control character | มีอักขระควบคุม"),
    (f"{TOP}/a\n.html", 0o100644, "contains a control character | มีอักขระควบคุม"),
    (f"{TOP}//evil.html", 0o100644, "has an empty or '.' part | มีส่วนที่ว่างหรือเป็น '.'"),
    (f"{TOP}/./evil.html", 0o100644, "has an empty or '.' part | มีส่วนที่ว่างหรือเป็น '.'"),
    ("other-folder/index.html", 0o100644, "outside the bundle's folder | อยู่นอกโฟลเดอร์ของชุด"),
    ("evil.html", 0o100644, "outside the bundle's folder | อยู่นอกโฟลเดอร์ของชุด"),
    (f"{TOP}/story/link.html", 0o120777, "is a symbolic link | เป็นลิงก์สัญลักษณ์ (symlink)"),
    (f"{TOP}/fifo", 0o010644, "is not a regular file | ไม่ใช่ไฟล์ธรรมดา"),
]


@pytest.mark.parametrize("name, mode, reason", BAD_ENTRIES, ids=[repr(b[0]) for b in BAD_ENTRIES])
def test_an_entry_that_could_land_outside_the_folder_fails(tmp_path, capsys, name, mode, reason):
    entries = bundle_entries() + [(name.replace("\x00", "X"), b"../../../etc/passwd", mode)]
    path = make_zip(tmp_path / "b.zip", entries)
    if "\x00" in name:  # zipfile cuts a name at NUL when writing: put it in the bytes
        path.write_bytes(path.read_bytes().replace(b"/aX.html", b"/a\x00.html"))
    code, lines = run_verify(path, capsys)
    assert code == 1
    shown = name.replace("\x00", "\\x00").replace("\n", "\\x0a")
    assert lines == [f"unsafe | ไม่ปลอดภัย: {shown}: {reason}", NOT_ORIGINAL.format(added=0, unsafe=1, bad=0)]


def test_an_entry_twice_fails_even_when_one_copy_matches(tmp_path, capsys):
    entries = bundle_entries() + [(f"{TOP}/index.html", b"<script>", 0o100644)]
    with pytest.warns(UserWarning, match="Duplicate name"):
        path = make_zip(tmp_path / "b.zip", entries)
    code, lines = run_verify(path, capsys)
    assert code == 1
    assert lines == ["missing | ไม่มีไฟล์: index.html",
                     f"unsafe | ไม่ปลอดภัย: {TOP}/index.html: appears more than once | มีซ้ำกันมากกว่าหนึ่งรายการ",
                     NOT_ORIGINAL.format(added=0, unsafe=1, bad=1)]


def test_manifest_paths_outside_the_folder_are_refused_and_never_read(tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"secret")
    listed = {**FILES, "../secret.txt": b"secret", str(secret): b"secret"}
    code, lines = run_verify(make_zip(tmp_path / "b.zip", bundle_entries(listed=listed)), capsys)
    assert code == 1
    assert lines == [
        "unsafe | ไม่ปลอดภัย: MANIFEST: ../secret.txt: contains '..' | มี '..' ซึ่งชี้ออกนอกโฟลเดอร์",
        f"unsafe | ไม่ปลอดภัย: MANIFEST: {secret}: absolute path | เป็นที่อยู่เต็มตั้งแต่ราก (absolute path)",
        NOT_ORIGINAL.format(added=0, unsafe=2, bad=0)]
    folder = tmp_path / "unpacked"
    for name, data, _ in bundle_entries(listed=listed):
        (tmp_path / "unpacked" / name[len(TOP) + 1:]).parent.mkdir(parents=True, exist_ok=True)
        (folder / name[len(TOP) + 1:]).write_bytes(data)
    report = verify(folder)
    assert not report.ok and [u[0] for u in report.unsafe] == ["MANIFEST: ../secret.txt", f"MANIFEST: {secret}"]
    assert report.checked == 3 and not report.missing


def unpack(tmp_path: Path) -> Path:
    folder = tmp_path / TOP
    for name, data, _ in bundle_entries():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    return folder


def test_a_folder_with_a_symlink_or_an_added_file_fails_and_system_files_do_not(tmp_path):
    folder = unpack(tmp_path)
    (folder / ".DS_Store").write_bytes(b"x")
    assert verify(tmp_path).ok and verify(tmp_path).ignored == [".DS_Store"]
    (folder / "story" / "env.html").symlink_to("/proc/self/environ")
    (folder / "extra.html").write_bytes(b"<script>")
    report = verify(folder)
    assert not report.ok and report.extra == ["extra.html"]
    assert report.unsafe == [("story/env.html", "is a symbolic link", "เป็นลิงก์สัญลักษณ์ (symlink)")]


def test_a_folder_whose_manifest_or_file_is_a_symlink_fails(tmp_path):
    folder = unpack(tmp_path)
    (folder / "index.html").unlink()
    (folder / "index.html").symlink_to(tmp_path / "elsewhere.html")
    (tmp_path / "elsewhere.html").write_bytes(FILES["index.html"])
    report = verify(folder)
    assert not report.ok and report.missing == ["index.html"]
    assert report.unsafe == [("index.html", "is a symbolic link", "เป็นลิงก์สัญลักษณ์ (symlink)")]
    (folder / "MANIFEST").rename(tmp_path / "MANIFEST.real")
    (folder / "MANIFEST").symlink_to(tmp_path / "MANIFEST.real")
    assert verify(folder).unsafe == [("MANIFEST", "is a symbolic link", "เป็นลิงก์สัญลักษณ์ (symlink)")]


def test_a_damaged_or_encrypted_entry_is_changed_not_a_crash(tmp_path):
    path = make_zip(tmp_path / "b.zip", bundle_entries())
    data = bytearray(path.read_bytes())
    at = data.index(b"<p>a</p>")
    data[at:at + 8] = b"<p>b</p>"  # stored entry with a wrong CRC now
    path.write_bytes(bytes(data))
    report = verify(path)
    assert report.changed == ["story/a.html"] and not report.ok
    flags = bytearray(path.read_bytes())
    header = flags.index(b"PK\x01\x02")  # central directory of the first entry: mark it encrypted
    flags[header + 8] |= 1
    path.write_bytes(bytes(flags))
    assert not verify(path).ok


def test_no_command_unpacks_a_zip():
    """verify reads zips in place; a command that unpacks one must refuse these entries first."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").rglob("*.py"))
    assert not re.search(r"\.extract(all)?\(|shutil\.unpack_archive|tarfile", code)


def test_an_added_name_is_printed_without_its_c1_or_text_direction_characters(tmp_path, capsys):
    """An 8-bit control (CSI, U+009B) or a right-to-left override in a name went to the
    terminal as it was: it could move the cursor, or show `exe.html` as `lmth.exe`."""
    entries = bundle_entries() + [(f"{TOP}/a\x9b2Jb\u202eexe.html", b"x", 0o100644)]
    code, lines = run_verify(make_zip(tmp_path / "b.zip", entries), capsys)
    assert code == 1 and not any(c in line for line in lines for c in "\x9b\u202e")
    assert "a\\x9b2Jb\\u202eexe.html" in lines[0]
