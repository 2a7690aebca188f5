"""The editor's front-matter format (theme/admin/wongrian-admin.js) run in node: a story read
and written back without edits is byte-identical; an edit changes only the edited key."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from generator.editor import admin
from tests.conftest import ROOT

RUNNER = """
const vm = require("vm"), fs = require("fs");
const window = {}; vm.createContext(window); window.window = window;
for (const f of ["yaml.min.js", "wongrian-admin.js"])
  vm.runInContext(fs.readFileSync(process.argv[1] + "/" + f, "utf8"), window);
const input = JSON.parse(fs.readFileSync(0, "utf8")), W = window.WongrianAdmin;
W.useNames(input.names);
const out = input.cases.map(c => {
  if (c.text === null) return W.toFile(c.set);
  const data = W.fromFile(c.text);
  for (const [k, v] of Object.entries(c.set)) data[k] = v;
  for (const k of c.drop) delete data[k];
  return W.toFile(data);
});
process.stdout.write(JSON.stringify({out, dates: input.dates.map(W.isoDate)}));
"""
STORY = """\
---
# ชื่อบันทึก (title)
title: "เดิม: ชื่อ"   # หมายเหตุท้ายบรรทัด
date: 3 พ.ค. 51
circle: ตำบล
roles: [คุณอำนวย, 'คุณกิจ']
areas:
  - "ต.ท่าซัก อ.เมือง"   # ตำบลนำร่อง
  - ท่าศาลา
summary: สรุปเดิม
---

## เรื่องเล่า

ข้อความ   เดิม
"""


def run(cases, dates=()) -> dict:
    if not shutil.which("node"):
        pytest.skip("node is needed to run the editor's JavaScript")
    names = admin.names_map([], [], 2)
    result = subprocess.run(["node", "-e", RUNNER, str(admin.ADMIN_DIR)], check=True,
                            input=json.dumps({"names": names, "cases": cases, "dates": list(dates)}),
                            capture_output=True, text=True)
    return json.loads(result.stdout)


def case(text, set_=None, drop=()):
    return {"text": text, "set": set_ or {}, "drop": list(drop)}


def test_every_sample_story_reads_and_writes_back_unchanged():
    paths = sorted((ROOT / "content" / "stories").rglob("*.md"))
    texts = [p.read_text(encoding="utf-8") for p in paths] + [STORY]
    assert run([case(t) for t in texts])["out"] == texts


def test_an_edit_changes_only_the_edited_key():
    out = run([
        case(STORY, {"title": "ชื่อใหม่"}),
        case(STORY, {"roles": ["คุณเอื้อ"]}),
        case(STORY, {"areas": ["ต.ปากแพรก อ.ทุ่งสง"]}),
        case(STORY, {"summary": ""}),
        case(STORY, {"tags": ["บัญชีครัวเรือน"]}),
        case(STORY, {"date": "2008-05-03", "circle": "tambon"}),  # the same, read canonically
        case(STORY, {"date": "2008-05-04"}),
    ])["out"]
    assert out[0] == STORY.replace('"เดิม: ชื่อ"', "ชื่อใหม่")
    assert out[1] == STORY.replace("[คุณอำนวย, 'คุณกิจ']", "[คุณเอื้อ]")
    assert out[2] == STORY.replace('areas:\n  - "ต.ท่าซัก อ.เมือง"   # ตำบลนำร่อง\n  - ท่าศาลา',
                                   "areas:\n  - ต.ปากแพรก อ.ทุ่งสง")
    assert out[3] == STORY.replace("summary: สรุปเดิม\n", "")
    assert out[4] == STORY.replace("summary: สรุปเดิม\n", "summary: สรุปเดิม\n# ป้ายกำกับ\n"
                                   "tags: [บัญชีครัวเรือน]\n")
    assert out[5] == STORY
    assert out[6] == STORY.replace("date: 3 พ.ค. 51", "date: 2008-05-04")


def test_a_new_story_is_laid_out_like_wongrian_new():
    [text] = run([{"text": None, "set": {
        "title": "ใหม่", "slug": "new-story", "date": "2008-05-03", "circle": "tambon",
        "roles": ["คุณอำนวย"], "agencies": [], "series": {"id": "", "part": None},
        "review": False, "draft": False, "body": "เนื้อเรื่อง\n"}, "drop": []}])["out"]
    assert text == ("---\n# ชื่อบันทึก (title)\ntitle: ใหม่\nslug: new-story\n"
                    '# วันที่ เขียนได้ทั้ง 2008-05-03, 2551-05-03, "3 พฤษภาคม 2551", "3 พ.ค. 51"\n'
                    "date: 2008-05-03\n"
                    "# ระดับวง: province (จังหวัด) | zone (โซน) | amphoe (อำเภอ) | tambon (ตำบล) | "
                    "village (หมู่บ้าน)\ncircle: tambon\n"
                    "# บทบาทในวง: คุณเอื้อ คุณอำนวย คุณกิจ คุณลิขิต คุณประสาน วิทยากรกระบวนการ\n"
                    "roles: [คุณอำนวย]\n# draft: true  = ยังไม่เผยแพร่\ndraft: false\n"
                    "---\n\nเนื้อเรื่อง\n")


def test_dates_are_read_the_ways_wongrian_check_reads_them():
    dates = ["2008-05-03", "2551-05-03", "3 พฤษภาคม 2551", "3 พ.ค. 51", "15 Feb 2007",
             "31 ก.พ. 51", "เมื่อวาน"]
    assert run([], dates)["dates"] == ["2008-05-03", "2008-05-03", "2008-05-03", "2008-05-03",
                                       "2007-02-15", None, None]
