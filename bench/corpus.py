"""A synthetic Thai corpus: N stories (~900 words each) with realistic agency and area references.

    python -m bench.corpus DEST N [--seed S]

DEST becomes a complete project (site_config.yml, registries, stories) that `wongrian build
--root DEST` builds. The same N and seed always give the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

import geothai

ROOT = Path(__file__).resolve().parent.parent
CIRCLES = ["province", "zone", "amphoe", "tambon", "village"]
ROLES = ["คุณเอื้อ", "คุณอำนวย", "คุณกิจ", "คุณลิขิต", "คุณประสาน", "วิทยากรกระบวนการ"]
PROVINCE_AGENCIES = [
    "พช.จังหวัด", "สำนักงาน กศน.จังหวัด", "สสจ.", "เกษตรจังหวัด", "พมจ.", "สนจ.", "สถจ.", "อบจ.",
    "มวล.", "มรภ.นครศรีธรรมราช", "พอช.", "สสส.", "มสช.", "สกว.", "สคส.", "ธ.ก.ส.", "ยมนา",
    "ศูนย์คุณธรรม", "รพ.มหาราชนครศรีธรรมราช", "เครือข่ายภาคประชาชน", "วัฒนธรรมจังหวัด",
]
AMPHOE_PREFIXES = ["พช.อำเภอ", "กศน.อำเภอ", "เกษตรอำเภอ", "สสอ."]
TAMBON_PREFIXES = ["อบต.", "รพ.สต."]
TAGS = ["บัญชีครัวเรือน", "แผนแม่บทชุมชน", "ชุมชนอินทรีย์", "กลุ่มออมทรัพย์", "สวัสดิการชุมชน",
        "ศูนย์เรียนรู้", "เศรษฐกิจพอเพียง", "สุขภาวะ", "แก้จนเมืองนคร", "ตลาดนัดความรู้",
        "ผู้นำชุมชน", "เกษตรอินทรีย์", "วิสาหกิจชุมชน", "อยู่ดีมีสุข", "แผนที่ศักยภาพ"]
FILLER = ("วงเรียนรู้ คุณอำนวย ชาวบ้าน ประชุม หมู่บ้าน ตำบล แผน งบประมาณ ครัวเรือน บัญชี รายรับ รายจ่าย "
          "หนี้สิน ออม กลุ่ม สมาชิก ผู้นำ เยาวชน ผู้สูงอายุ สุขภาพ อาหาร ปลอดภัย ปุ๋ย อินทรีย์ ข้าว ยาง "
          "ผลไม้ ตลาด ราคา ความรู้ ภูมิปัญญา ปราชญ์ ชาวบ้าน ศูนย์ เรียนรู้ เศรษฐกิจ พอเพียง ร่วมกัน "
          "ทบทวน ถอดบทเรียน เป้าหมาย ความสำเร็จ ปัญหา อุปสรรค ทางออก ข้อตกลง ติดตาม ประเมิน ผล "
          "หน่วยงาน ภาคี เครือข่าย บูรณาการ สนับสนุน เสริมหนุน กิจกรรม โครงการ ขับเคลื่อน พัฒนา "
          "ชุมชน เข้มแข็ง พึ่งตนเอง สวัสดิการ กองทุน วิสาหกิจ ผลิตภัณฑ์ แปรรูป น้ำพริก ผ้ามัดย้อม "
          "เวที แลกเปลี่ยน เล่าเรื่อง ความภูมิใจ บันทึก ข้อมูล ตัวเลข แผนที่ ศักยภาพ ระดับ คะแนน").split()


def _agency_pool(rng: random.Random) -> list[str]:
    amphoe = geothai.districts("80")
    pool = list(PROVINCE_AGENCIES)
    for district in amphoe:
        short = "เมือง" if district.code == "8001" else district.name_th
        pool += [prefix + short for prefix in AMPHOE_PREFIXES]
    tambons = [s for d in amphoe for s in geothai.subdistricts(d.code)]
    names = [s.name_th for s in tambons]
    unique = [s for s in tambons if names.count(s.name_th) == 1 and
              s.name_th not in {d.name_th for d in amphoe}]
    for sub in rng.sample(unique, 8):
        pool += [prefix + sub.name_th for prefix in TAMBON_PREFIXES]
    return pool  # ~21 + 92 + 16 ≈ 130 references, about 100 distinct agencies in use


def _body(rng: random.Random, words: int) -> str:
    paragraphs, left = [], words
    heading = 0
    while left > 0:
        if heading < 3 and rng.random() < 0.25:
            heading += 1
            paragraphs.append(f"## {' '.join(rng.sample(FILLER, 3))}")
        size = min(left, rng.randint(40, 90))
        paragraphs.append("".join(w + (" " if rng.random() < 0.2 else "")
                                  for w in rng.choices(FILLER, k=size)).strip())
        left -= size
    return "\n\n".join(paragraphs) + "\n"


def make_corpus(dest: Path, n: int, seed: int = 0, words: int = 900) -> Path:
    """Write a whole project with `n` synthetic stories into `dest` (replacing it)."""
    rng = random.Random(seed)
    shutil.rmtree(dest, ignore_errors=True)
    (dest / "content").mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "registry", dest / "content" / "registry")
    shutil.copy(ROOT / "site_config.yml", dest / "site_config.yml")
    pool = _agency_pool(rng)
    tambons = [s.code for d in geothai.districts("80") for s in geothai.subdistricts(d.code)]
    start = dt.date(2006, 1, 1)
    for index in range(n):
        date = start + dt.timedelta(days=rng.randrange(4 * 365))
        agencies = rng.sample(pool, rng.randint(2, 5))
        areas = rng.sample(tambons, rng.randint(1, 2))
        series = ""
        if index % 50 < 3:
            series = f"series: {{id: synthetic-{index // 50}, part: {index % 50 + 1}, total: 3}}\n"
        text = (
            "---\n"
            f"title: บันทึกวงเรียนรู้ที่ {index + 1} เรื่อง{rng.choice(TAGS)}\n"
            f"date: {date.isoformat()}\n"
            f"circle: {rng.choice(CIRCLES)}\n"
            f"roles: [{', '.join(rng.sample(ROLES, rng.randint(1, 3)))}]\n"
            f"author: คุณอำนวย {agencies[0]}\n"
            f"agencies: [{', '.join(agencies)}]\n"
            f"areas: [{', '.join(repr(a) for a in areas)}]\n"
            f"tags: [{', '.join(rng.sample(TAGS, rng.randint(1, 3)))}]\n"
            f"summary: บันทึกสังเคราะห์สำหรับวัดความเร็ว ลำดับที่ {index + 1}\n"
            + series + "---\n\n" + _body(rng, words))
        path = dest / "content" / "stories" / str(date.year) / f"{date.isoformat()}-synthetic-{index:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    make_corpus(args.dest, args.n, args.seed)
    print(f"wrote {args.n} stories into {args.dest}")


if __name__ == "__main__":
    main()
