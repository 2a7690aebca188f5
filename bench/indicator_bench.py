"""The indicator stage on a big project: N synthetic stories plus a reading for every village of
the province over 3 fiscal years; times reading/checking, roll-ups and the pages.

    python -m bench.indicator_bench [DEST] [--stories 2000] [--full-build]
    python -m bench.indicator_bench --write-sample   # regenerate content/indicators (SAMPLE)

Synthetic grades come from a seeded model (a latent strength per village that grows a little
each year); the same seed always writes the same files.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import geothai

from bench.corpus import make_corpus
from bench.results import write_section
from generator.indicators.model import COLUMNS, COMPONENTS, COUNTS, GRADED
from generator.indicators.rollup import csv_bytes

ROOT = Path(__file__).resolve().parent.parent
PERIODS = (2551, 2552, 2553)
OFFSETS = dict(zip(COMPONENTS, (0.05, -0.04, 0.0, 0.08, -0.14)))  # health is the weakest
SAMPLE_NOTE = "# ข้อมูลตัวอย่าง: สมมุติขึ้นเพื่อสาธิตเว็บไซต์นี้ ไม่ใช่ผลประเมินจริง"  # shown on the site


# -- synthetic readings ------------------------------------------------------------------------

def grades_for(rng: random.Random, strength: float) -> dict[str, str]:
    """Five component grades around a strength in [0, 1], and the overall grade (the median)."""
    grades = {}
    for component in COMPONENTS:
        x = strength + OFFSETS[component] + rng.gauss(0, 0.13)
        grades[component] = "A" if x > 0.66 else "B" if x > 0.36 else "C"
    grades["overall"] = sorted(grades.values())[2]
    return grades


def counts_for(rng: random.Random, strength: float, tambon_level: bool = False) -> dict[str, int]:
    """Plausible village totals (a tambon's are about ten villages' worth)."""
    scale = 10 if tambon_level else 1
    households = rng.randint(70, 260) * scale
    groups = (1 + (strength > 0.55) + (rng.random() < 0.2)) * (3 if tambon_level else 1)
    return {
        "households_accounts": round(households * min(0.95, max(0.05, 0.1 + 0.6 * strength
                                                               + rng.gauss(0, 0.08)))),
        "learning_centres": (strength > 0.5) + (rng.random() < 0.3) * scale // 3,
        "savings_groups": groups,
        "savings_members": groups * rng.randint(30, 110),
        "welfare_funds": int(strength + 0.4 * rng.random() > 0.65) * (2 if tambon_level else 1),
        "circles": rng.randint(2, 12) * (3 if tambon_level else 1),
    }


def grow(rng: random.Random, strength: float) -> float:
    return min(1.0, max(0.0, strength + 0.07 + rng.gauss(0, 0.07)))


def village_rows(rng: random.Random, villages: list[str], periods: tuple[int, ...],
                 missing: float) -> dict[int, list[list]]:
    """Per period, one row (period, tambon, moo, cohort, grades…, counts…) per assessed village."""
    rows: dict[int, list[list]] = {p: [] for p in periods}
    for code in villages:
        strength = rng.betavariate(2.2, 2.6)
        for period in periods:
            if rng.random() >= missing:
                grades, counts = grades_for(rng, strength), counts_for(rng, strength)
                rows[period].append([period, code[:6], int(code[6:]), None,
                                     *(grades[f] for f in GRADED), *(counts[f] for f in COUNTS)])
            strength = grow(rng, strength)
    return rows


HEADER = [COLUMNS[f][0] for f in ("period", "tambon", "moo", "cohort", *GRADED, *COUNTS)]


def write_csv(path: Path, rows: list[list], note: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = csv_bytes(HEADER, rows)
    path.write_bytes(data if not note else data[:3] + (note + "\r\n").encode() + data[3:])


# -- the sample site ---------------------------------------------------------------------------

SAMPLE_COHORTS = {  # cohort: (name, since, whole tambons of villages, tambons as units)
    1: ("รุ่นที่ 1 หมู่บ้านนำร่อง", 2551,
        ["800121", "800120", "800807", "800810", "800802", "800901", "801402", "801405",
         "800405", "801304", "801201"], []),
    2: ("รุ่นที่ 2 ขยายผล", 2552,
        ["800122", "800115", "800401", "800416", "800801", "800902", "801401", "801403",
         "801202", "801301"], []),
    3: ("รุ่นที่ 3 ตำบลเป้าหมายอยู่ดีมีสุข", 2552, [],
        ["800301", "800302", "800303", "800304", "800305", "800201", "800202", "800203",
         "800701", "800702", "800703", "801601", "801602", "801603"]),
}
# Readings that sample stories carry in their front matter (left out of the data files).
FROM_STORIES = {("80080704", 2551): GRADED + COUNTS[:1], ("80081006", 2552): ("households_accounts",),
                ("80012007", 2552): ("savings_groups", "savings_members")}


def write_sample(root: Path, seed: int = 2551) -> None:
    """content/indicators/SAMPLE-* and content/registry/cohorts.yml for the sample site."""
    rng = random.Random(seed)
    counts = _village_counts(root)
    folder = root / "content" / "indicators"
    rows: dict[int, list[list]] = {p: [] for p in PERIODS}
    for number, (_, since, tambons, _) in SAMPLE_COHORTS.items():
        villages = [f"{t}{m:02d}" for t in tambons for m in range(1, counts[t] + 1)]
        periods = tuple(p for p in PERIODS if p >= since)
        for period, found in village_rows(rng, villages, periods, missing=0.07).items():
            rows[period] += [[*r[:3], number, *r[4:]] for r in found]
    for period, found in rows.items():
        kept = [_without_story_fields(r) for r in sorted(found, key=lambda r: (r[1], r[2]))]
        if period == 2553:  # the third round: only three amphoe have reported so far
            kept = [r for r in kept if r[1][:4] in ("8001", "8008", "8014")]
        write_csv(folder / f"SAMPLE-villages-{period}.csv", [r for r in kept if r], SAMPLE_NOTE)
    _write_tambon_workbook(folder / "SAMPLE-tambons-2552-2553.xlsx", rng)
    (root / "content" / "registry" / "cohorts.yml").write_text(_cohorts_yml(counts), "utf-8")


def _village_counts(root: Path) -> dict[str, int]:
    import yaml

    data = yaml.safe_load((root / "content" / "registry" / "villages.yml").read_text("utf-8"))
    return {str(k): int(v["count"]) for k, v in data["tambon"].items()}


def _without_story_fields(row: list) -> list | None:
    fields = FROM_STORIES.get((f"{row[1]}{row[2]:02d}", row[0]))
    if not fields:
        return row
    row = [None if HEADER[i] in {COLUMNS[f][0] for f in fields} else v for i, v in enumerate(row)]
    return row if any(v is not None for v in row[4:]) else None


def _write_tambon_workbook(path: Path, rng: random.Random) -> None:
    """Tambons assessed as one unit, written by name with their amphoe (as officers do)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "ตัวชี้วัดรายตำบล"
    sheet.append([SAMPLE_NOTE])
    sheet.append([COLUMNS[f][0] for f in ("period", "amphoe", "tambon", "cohort", *GRADED, *COUNTS)])
    for code in SAMPLE_COHORTS[3][3]:
        tambon = geothai.subdistrict(code)
        amphoe = geothai.district(code[:4])
        strength = rng.betavariate(2.5, 2.5)
        for period in (2552, 2553):
            if rng.random() < (0.9 if period == 2552 else 0.6):
                grades, counts = grades_for(rng, strength), counts_for(rng, strength, True)
                sheet.append([period, amphoe.name_th, tambon.name_th, 3,
                              *(grades[f] for f in GRADED), *(counts[f] for f in COUNTS)])
            strength = grow(rng, strength)
    book.save(path)


def _cohorts_yml(counts: dict[str, int]) -> str:
    lines = [
        "# Cohorts (รุ่น) of the organic-community programme: the units expected to be assessed",
        "# every fiscal year from `since` on, so pages can show completeness (assessed / expected).",
        "#",
        "# SAMPLE DATA (ข้อมูลตัวอย่าง): invented for the Wongrian sample site; not the real cohorts.",
        "# Written by `python -m bench.indicator_bench --write-sample`.",
        "#",
        "# cohorts: {number: {name, since: first fiscal year (BE), villages: [...], tambons: [...]}}",
        "#   villages: a village (80080704 or \"หมู่ 4 ต.โมคลาน อ.ท่าศาลา\"), or a tambon code meaning",
        "#             every หมู่ of that tambon listed in villages.yml",
        "#   tambons:  tambons assessed as one unit",
        "cohorts:",
    ]
    for number, (name, since, villages, tambons) in SAMPLE_COHORTS.items():
        lines += [f"  {number}:", f"    name: {name}", f"    since: {since}"]
        for key, codes in (("villages", villages), ("tambons", tambons)):
            if codes:
                lines.append(f"    {key}:")
            for code in codes:
                label = f"ต.{geothai.subdistrict(code).name_th} อ.{geothai.district(code[:4]).name_th}"
                size = f" ({counts[code]} หมู่)" if key == "villages" else ""
                lines.append(f"      - '{code}'  # {label}{size}")
    return "\n".join(lines) + "\n"


# -- the benchmark -----------------------------------------------------------------------------

def make_project(dest: Path, stories: int, seed: int = 0) -> dict[str, int]:
    """A synthetic project: stories, a village list for every tambon, cohorts, readings."""
    make_corpus(dest, stories, seed)
    rng = random.Random(seed)
    registry = dest / "content" / "registry"
    tambons = [s.code for d in geothai.districts("80") for s in geothai.subdistricts(d.code)]
    counts = {t: rng.randint(6, 16) for t in tambons}
    (registry / "villages.yml").write_text(
        "tambon:\n" + "".join(f"  '{t}': {{count: {n}}}\n" for t, n in counts.items()), "utf-8")
    villages = [f"{t}{m:02d}" for t in tambons for m in range(1, counts[t] + 1)]
    (registry / "cohorts.yml").write_text(
        "cohorts:\n  1:\n    since: 2551\n    villages:\n"
        + "".join(f"      - '{t}'\n" for t in tambons), "utf-8")
    rows = village_rows(rng, villages, PERIODS, missing=0.0)
    for period, found in rows.items():
        for amphoe in sorted({r[1][:4] for r in found}):
            write_csv(dest / "content" / "indicators" / f"{period}-{amphoe}.csv",
                      [r for r in found if r[1][:4] == amphoe])
    story_readings = _add_story_readings(dest, tambons, rng)
    return {"villages": len(villages), "readings": sum(map(len, rows.values())) + story_readings,
            "story_readings": story_readings}


def _add_story_readings(dest: Path, tambons: list[str], rng: random.Random) -> int:
    """Every 20th synthetic story reports a tambon-level reading in its front matter."""
    paths = sorted((dest / "content" / "stories").rglob("*.md"))[::20]
    for n, path in enumerate(paths):
        tambon, period = tambons[n % len(tambons)], PERIODS[n // len(tambons) % len(PERIODS)]
        grades = grades_for(rng, rng.random())
        block = (f"indicators:\n  - {{area: '{tambon}', period: {period}, "
                 + ", ".join(f"{k}: {v}" for k, v in grades.items()) + "}\n")
        text = path.read_text("utf-8")
        path.write_text(text.replace("\n---\n", "\n" + block + "---\n", 1), "utf-8")
    return len(paths)


def time_stage(root: Path, repeat: int = 5) -> dict[str, tuple[float, float]]:
    """(best, median) seconds of: check (read + validate), roll-up, and the indicator pages."""
    from generator.indicators import pages as indicator_pages
    from generator.build import check_project, make_site
    from generator.config import load_config
    from generator.errors import Problems
    from generator.indicators.data import load_indicators
    from generator.indicators.rollup import roll_up
    from generator.pages import render_docs
    from generator.registry import load_registry

    checked = check_project(root)
    site = make_site(checked)
    problems = Problems()
    resolvers = load_registry(root, load_config(root, problems), problems)
    times: dict[str, list[float]] = {"check": [], "roll_up": [], "pages": []}
    for _ in range(repeat):
        started = time.perf_counter()
        data = load_indicators(root, resolvers, checked.stories, problems)
        times["check"].append(time.perf_counter() - started)
        started = time.perf_counter()
        roll_up(data, site.registry)
        times["roll_up"].append(time.perf_counter() - started)
        docs = render_docs(site)
        started = time.perf_counter()
        indicator_pages.feature(site, docs)
        times["pages"].append(time.perf_counter() - started)
    assert not problems.errors, problems.errors[:3]
    return {k: (min(v), statistics.median(v)) for k, v in times.items()}


def report(stories: int, sizes: dict[str, int], times: dict[str, tuple[float, float]],
           full: tuple[float, int] | None) -> str:
    """The "Indicators" section of bench/RESULTS.md."""
    import os
    import platform

    best, median = (sum(t[i] for t in times.values()) for i in (0, 1))
    lines = [
        f"Command: `python -m bench.indicator_bench --stories {stories}"
        + (" --full-build`" if full else "`"),
        "",
        f"Project: {stories:,} synthetic stories ({sizes['story_readings']} of them carry a "
        f"tambon reading in front matter), {sizes['villages']:,} villages (every tambon of "
        f"province 80, 6–16 หมู่ each), {sizes['readings']:,} readings over fiscal years "
        f"{PERIODS[0]}–{PERIODS[-1]} (one CSV per amphoe and year).",
        f"Machine: {platform.system()} {platform.machine()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores (shared with other work, so the median is noisier than the best).",
        "",
        "| indicator stage | best of 5 (s) | median (s) |",
        "|---|---:|---:|",
        *(f"| {label} | {times[key][0]:.2f} | {times[key][1]:.2f} |" for key, label in (
            ("check", "read and check data files and front matter (`load_indicators`)"),
            ("roll_up", "roll-ups village → tambon → amphoe → province (`roll_up`)"),
            ("pages", "pages, SVG charts and maps, CSV files (`indicator_pages.feature`)"))),
        f"| **total** | **{best:.2f}** | **{median:.2f}** |",
    ]
    if full:
        lines += ["", f"For scale, the whole build of that project (MkDocs included) took "
                      f"{full[0]:.0f} s for {full[1]:,} pages."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, nargs="?")
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--full-build", action="store_true", help="also time a whole build")
    parser.add_argument("--write-sample", action="store_true",
                        help="regenerate the SAMPLE indicator files of this repository")
    args = parser.parse_args()
    if args.write_sample:
        write_sample(ROOT)
        print("wrote content/indicators/SAMPLE-* and content/registry/cohorts.yml")
        return
    dest = args.dest or Path(tempfile.mkdtemp(prefix="wongrian-indicators-"))
    sizes = make_project(dest, args.stories)
    times = time_stage(dest)
    full = None
    if args.full_build:
        from generator.build import build

        started = time.perf_counter()
        result = build(dest, dest / "site")
        full = (time.perf_counter() - started, result.pages)
    body = report(args.stories, sizes, times, full)
    write_section("Indicators", body)
    print(body)


if __name__ == "__main__":
    main()
