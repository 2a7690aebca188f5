"""Fuzzing: generated story files through the content check and the page rendering.

    python -m bench.fuzz [--examples 10000] [--seed 0]

Hypothesis generates one or two story files per example: front matter made of random YAML
(scalars, nesting, anchors, tags, duplicate keys, broken lines) mixed with valid values, and
bodies made of Thai text, control characters, HTML fragments, attr_list `{ … }` blocks,
Markdown and Jinja syntax. Each example goes through the check stages of `check_project`
and, when the stories are valid, through `make_site` and `make_docs` (every page and
feature) and Python-Markdown with the site's extensions on the story pages. The only
exception allowed is ContentErrors. Writes the "Fuzzing" section of bench/RESULTS.md;
tests/test_fuzz.py runs the same property with a few hundred examples.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
import traceback
from dataclasses import replace
from pathlib import Path

import markdown
import yaml
import hypothesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import Checked, make_docs, make_site
from generator.config import load_config
from generator.errors import ContentErrors, Problems
from generator.files import check_assets
from generator.files import story_files as files_of
from generator.indicators.data import load_indicators
from generator.load import load_stories
from generator.model import CIRCLES, ROLES
from generator.privacy import scan_stories
from generator.registry import load_registry
from generator.sanitize import warn_dropped_markup
from generator.stories import FIELDS
from generator.story_set import check_lengths, check_stories
from generator.thai import heading_slug

ROOT = Path(__file__).resolve().parent.parent
CONFIG = """\
site: {title: วงเรียนรู้ทดสอบ, url: "https://example.org/t/"}
areas: {provinces: ["80"]}
repository: {url: "https://github.com/example/t"}
privacy: {public_contacts: ["081-111-2222"]}
"""
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "def_list", "toc"]
EXTENSION_CONFIGS = {"toc": {"permalink": True, "slugify": heading_slug}}

# -- what is generated ---------------------------------------------------------------------------

CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u200b",
           "\u200d", "\ufeff", "\u202e", "\u2028", "\ufffe", "\r", "\t", "\ud7ff"]
HTML = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<div markdown="1">**ก**</div>',
        "<details ontoggle=alert(1) open><summary>ส</summary>", "</div>", "<!--", "-->", "<![CDATA[x",
        "<svg onload=alert(1)><script>1</script></svg>", "<table><tr><td>ก", '<a href="javascript:x">ก</a>',
        "<style>*{display:none}</style>", '<iframe srcdoc="<script>1</script>">', "<form><input type=password>",
        "<p", "<", ">", "&amp;", "&#0;", "&#x110000;", "&nbsp;", "<br/>", "<math><mi>x</mi></math>"]
ATTR_LIST = ['{ #id .cls onclick="alert(1)" }', "{: .x }", '{ style="position:fixed;top:0" }', "{", "{ }",
             "{ #}", "{: #a #b }", "{ data-x=1 }", "{ width=10 height=x }", '{ onerror="x" }', "{:}",
             "{ .ก #ข }", "{ = }", '{ "x" }']
MARKDOWN = ["# หัวข้อ", "## ", "!!! note \"หมายเหตุ\"\n    เนื้อหา", "!!!", "```\ncode", "```", "    code",
            "| ก | ข |\n|---|---|\n| 1 | 2 |", "- ข้อ", "1. ข้อ", "คำ\n:   ความหมาย", "[ลิงก์](javascript:x)",
            "![ภาพ](x.png){ width=10 }", "[^1]", "[^1]: เชิงอรรถ", "---", "***", "> อ้างอิง", "\\", "*", "_",
            "[[x]]", "<https://example.org>", "--8<-- \"x\"", "{{ site.title }}", "{% raw %}", "{#", "}}",
            "$$x$$", "\n---\ntitle: ซ้อน\n---\n"]
PERSONAL = ["0812345678", "081-111-2222", "x@example.org", "12,000 บาท", "2551", "1.2.3.4", "02-123-4567"]
FORBIDDEN = ["3-1005-00123-45-8", "IP: 203.0.113.9", "2001:db8::1"]  # errors: rarely, or nothing renders
WORDS = ["วงเรียนรู้", "คุณอำนวย", "ชาวบ้าน", "บัญชีครัวเรือน", "ท่าซัก", "ผู้ใหญ่บ้าน", "ก", "ๆ", "ฯ",
         "๑๒๓", "พ.ศ.", "ตำบล", "สาสุข", "กศน."]

thai_char = st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B)
any_char = st.characters(codec="utf-8")
fragment = st.one_of(st.sampled_from(WORDS), st.sampled_from(HTML), st.sampled_from(ATTR_LIST),
                     st.sampled_from(MARKDOWN), st.sampled_from(PERSONAL), st.sampled_from(CONTROL),
                     st.text(thai_char, max_size=12), st.text(any_char, max_size=8),
                     st.text(thai_char, max_size=12), st.sampled_from(WORDS))
rare = st.sampled_from([""] * 30 + FORBIDDEN)
often = st.sampled_from([True, True, True, False])  # (Hypothesis favours the first element)
text = st.tuples(st.lists(fragment, max_size=8), rare).map(lambda t: " ".join([*t[0], t[1]]))
line_text = text.map(lambda t: t.replace("\n", " "))

VALID = {
    "title": st.sampled_from(["วงเรียนรู้ที่ท่าซัก", "บันทึก", "x" * 300, "# ไม่ใช่หัวข้อ *", "ก\"ข"]),
    "date": st.sampled_from(["2008-05-03", "3 พฤษภาคม 2551", "10 Jan 2007", "2551-05-03", "๓ พ.ค. ๕๑",
                             "2008-02-30", "0001-01-01", "9999-12-31", "2008-05-03T10:00:00", "31/12/2550"]),
    "circle": st.sampled_from([*CIRCLES, "ตำบล", "วงเรียนรู้ระดับอำเภอ", "โลก"]),
    "roles": st.lists(st.sampled_from([*ROLES, "คุณอำนาย"]), max_size=3),
    "author": st.sampled_from(["คุณอำนวย พช.อำเภอเมือง", "ผู้เขียน"]),
    "agencies": st.lists(st.sampled_from(["พช.อำเภอเมือง", "กศน.", "อบต.ท่าซัก", "สาสุข", "อบต.", "ท้องถิ่น",
                                          "มวล.", "ไม่มีหน่วยงานนี้"]), max_size=3),
    "areas": st.lists(st.sampled_from(["ต.ท่าซัก อ.เมือง", "800121", "อ.เมือง", "นครศรีฯ", "80",
                                       "ต.ปากแพรก", "8001210", "80012103", "ไม่มีที่นี่"]), max_size=3),
    "tags": st.lists(st.sampled_from(["ทดสอบ", "CON", "a\"b", "แก้จนเมืองนคร", "", "#x", "<b>"]), max_size=3),
    "series": st.fixed_dictionaries({"id": st.sampled_from(["s", "bad id", ""]),
                                     "part": st.integers(-1, 4), "total": st.integers(0, 4)}),
    "summary": line_text, "draft": st.booleans(), "review": st.booleans(),
    "slug": st.sampled_from(["tha-sak", "Bad Slug", "con", "a" * 80]),
    "source": st.sampled_from(["gotoknow:123", "x"]),
    "indicators": st.lists(st.fixed_dictionaries({"area": st.sampled_from(["800121", "ต.ท่าซัก", "x"]),
                                                  "period": st.sampled_from([2551, 2552, "x"]),
                                                  "leaders": st.sampled_from(["A", "B", "Z", 3])}),
                           max_size=2),
}
scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), text,
                   st.sampled_from(["yes", "no", "on", "~", ".inf", ".nan", "0x1F", "0o17", "2008-05-03",
                                    "1e400", "-", "", " ", "null"]))
value = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                     st.dictionaries(st.text(max_size=5), inner,
                                                                     max_size=3)), max_leaves=8)
RAW_LINES = ["title: &a ชื่อ", "tags: *a", "tags: *missing", "title: !!python/object:os.system x",
             "title: !!binary aGVsbG8=", "title: !custom x", "title: [unclosed", "title: 'a", "  - dangling",
             "title: a: b", "? complex\n: key", "title:", "title: |\n  หลาย\n  บรรทัด", "title: >-\n  พับ",
             "<<: {title: x}", "\t title: tab", "date: 2008-05-03\ndate: 2009-01-01", "---", "...", "%YAML 1.1",
             "draft: yes", "draft: \"true\"", "agencies: พช.", "tags: {a: 1}", "tags: [null, ~, 1]"]


GOOD = {  # a story that passes check, for the pages to be rendered with everything else
    "title": line_text.map(lambda t: "ก" + t), "date": st.sampled_from(["2008-05-03", "3 พ.ค. 2551"]),
    "circle": st.sampled_from(list(CIRCLES)), "author": line_text.map(lambda t: "ข" + t),
}


@st.composite
def front_matter(draw) -> str:
    """Front matter as written: dumped YAML (three in four start from a valid story), and
    sometimes raw lines that may break it."""
    fields = {key: draw(strategy) for key, strategy in GOOD.items()} if draw(often) else {}
    for key in draw(st.lists(st.sampled_from([*FIELDS, "authr", "ชื่อ", "1"]), max_size=8, unique=True)):
        strategy = VALID.get(key)
        fields[key] = draw(st.one_of(strategy, strategy, strategy, value) if strategy is not None
                           else value)
    dumped = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) if fields else ""
    if draw(often):
        return dumped
    raw = draw(st.lists(st.one_of(st.sampled_from(RAW_LINES), line_text.map(lambda t: "title: " + t),
                                  line_text), max_size=4))
    return dumped + "\n".join(raw)


@st.composite
def story_file(draw) -> str:
    """One whole story file (sometimes without its closing '---', or with a BOM or CRLF)."""
    body = "\n\n".join(draw(st.lists(text, max_size=6)))
    head = draw(front_matter())
    close = draw(st.sampled_from(["---", "---", "---", "---", "---", "...", ""]))
    result = f"---\n{head}\n{close}\n\n{body}\n"
    if not draw(often) and not draw(often):
        result = draw(st.sampled_from(["\ufeff", "", "\n"])) + result.replace("\n", "\r\n")
    return result


story_files = st.lists(story_file(), min_size=1, max_size=2)

# -- what is checked -----------------------------------------------------------------------------


def compile_templates_once() -> None:
    """Page templates compiled once for all examples (the bytecode cache `wongrian serve`
    uses), not once per example: compiling is nine tenths of rendering a small site."""
    from generator import pages
    from generator.contrib.incremental import BYTECODE

    make = pages.make_environment
    if getattr(make, "cached", False):
        return

    def make_environment(site):
        env = make(site)
        env.bytecode_cache = BYTECODE
        return env
    make_environment.cached = True
    pages.make_environment = make_environment


class FuzzProject:
    """A project folder with the real registries, loaded once; each example replaces its
    stories and runs the pipeline's check stages, then renders every page."""

    def __init__(self, folder: Path):
        compile_templates_once()
        self.root = folder / "project"
        shutil.copytree(ROOT / "content" / "registry", self.root / "content" / "registry")
        (self.root / "site_config.yml").write_text(CONFIG, encoding="utf-8")
        problems = Problems()
        self.config = load_config(self.root, problems)
        self.resolvers = load_registry(self.root, self.config, problems)
        assert not problems.errors, problems.errors
        self.examples = self.rendered = 0

    def write(self, texts: list[str]) -> None:
        folder = self.root / "content" / "stories"
        shutil.rmtree(folder, ignore_errors=True)
        for number, story in enumerate(texts):
            path = folder / "2008" / f"2008-05-0{number + 1}-s{number}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(story.encode("utf-8", "surrogatepass"))

    def check(self) -> Checked:
        """The stages of `build.check_project` after the registry (which does not change)."""
        problems, build = Problems(), self.config.build
        texts, others = files_of(self.root, problems)
        raws = load_stories(self.root, problems, None, texts, build["max_story_kb"])
        scan_stories(raws, self.config, problems)
        check_lengths(raws, build, problems)
        warn_dropped_markup(raws, problems)
        stories = check_stories(raws, self.resolvers, problems)
        assets = check_assets(self.root, others, build["max_file_mb"], problems)
        indicators = load_indicators(self.root, self.resolvers, stories, problems)
        problems.raise_if_any()
        return Checked(self.config, self.resolvers, stories, problems.warnings, indicators, assets)

    def run(self, texts: list[str]) -> None:
        """Check and render; raises anything but ContentErrors."""
        self.examples += 1
        self.write(texts)
        try:
            checked = self.check()
        except ContentErrors:
            return
        self.rendered += 1
        docs = make_docs(make_site(small_registry(checked)))
        for path, page in docs.pages.items():
            if path.startswith("story/"):
                markdown.markdown(page, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


def small_registry(checked: Checked) -> Checked:
    """The same project with only the agencies and areas its stories name (and what they
    belong to), and no cohorts (they do not depend on the stories), so that rendering every
    page takes a fraction of a second instead of seconds."""
    registry = checked.resolvers.registry
    agencies: set[str] = set()
    wanted = [a for s in checked.stories for a in s.agencies]
    while wanted:
        agency = wanted.pop()
        template = registry.agencies.get(agency.rsplit("-", 1)[0]) if "-" in agency else None
        found = registry.agencies.get(agency) or template
        if found and found.id not in agencies:
            agencies.add(found.id)
            wanted += [found.parent] if found.parent else []
    named = {*registry.provinces, *(a for s in checked.stories for a in s.areas)}
    named |= {u.rsplit("-", 1)[1] for s in checked.stories for u in s.agencies if "-" in u}
    named |= {r.area for r in checked.indicators.readings}
    named &= set(registry.areas)
    areas = named | {p.id for a in named for p in registry.ancestors(a)}
    small = replace(registry, areas={k: v for k, v in registry.areas.items() if k in areas},
                    agencies={k: v for k, v in registry.agencies.items() if k in agencies},
                    village_counts={k: v for k, v in registry.village_counts.items() if k in areas},
                    village_names={k: v for k, v in registry.village_names.items() if k[:6] in areas})
    return replace(checked, resolvers=replace(checked.resolvers, registry=small),
                   indicators=replace(checked.indicators, cohorts=()))


def fuzz(project: FuzzProject, examples: int, seed: int | None = None, shrink: bool = True):
    """The property, with `examples` examples (a test calls the result; main runs it);
    with a `seed`, the same examples every time."""
    phases = list(hypothesis.Phase) if shrink else [hypothesis.Phase.generate]
    @settings(max_examples=examples, deadline=None, database=None, phases=phases,
              suppress_health_check=list(HealthCheck), print_blob=True)
    @given(story_files)
    def property(texts):
        project.run(texts)
    return hypothesis.seed(seed)(property) if seed is not None else property


def run_part(examples: int, seed: int | None) -> tuple[int, int, str]:
    """(examples run, examples rendered, the failure or "") of one fuzzing process."""
    with tempfile.TemporaryDirectory() as folder:
        project = FuzzProject(Path(folder))
        try:
            fuzz(project, examples, seed)()
        except Exception:  # a failing example: recorded, with its shrunk input
            return project.examples, project.rendered, traceback.format_exc(limit=-8)
        return project.examples, project.rendered, ""


def main(argv: list[str] | None = None) -> int:
    from concurrent.futures import ProcessPoolExecutor

    from bench.results import write_section

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2, help="processes, each with its share")
    parser.add_argument("--seed", type=int, default=None, help="the same examples on every run")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    shares = [args.examples // args.jobs + (i < args.examples % args.jobs) for i in range(args.jobs)]
    seeds = [None if args.seed is None else args.seed + i for i in range(args.jobs)]
    with ProcessPoolExecutor(args.jobs) as pool:
        parts = list(pool.map(run_part, shares, seeds))
    examples, rendered = sum(p[0] for p in parts), sum(p[1] for p in parts)
    failures = [p[2].strip() for p in parts if p[2]]
    seconds = time.perf_counter() - started
    body = (f"Command: `make fuzz` (`python -m bench.fuzz --examples {args.examples} --jobs {args.jobs}`). "
            f"Hypothesis ran {examples:,} examples (one or two story files each) "
            f"through the check stages of `check_project`; the {rendered:,} whose stories were valid "
            f"also went through `make_site`/`make_docs` (every page and feature) and Python-Markdown "
            f"on the story pages. {seconds:.0f} s on a shared 2-core machine.\n\n"
            + (f"Failures: {len(failures)} (each process stops at its first and shrinks it):\n\n"
               + "\n\n".join(f"```\n{f}\n```" for f in failures)
               if failures else "Failures: none (no exception other than ContentErrors).")
            + "\n\nA crash outside this run's reach, found with tests/test_fuzz.py's hand-written hostile "
              "inputs (a front-matter integer of more than 4,300 digits: ValueError in "
              "`load.read_story`), is fixed on main.")
    write_section("Fuzzing", body)
    print(body)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
