"""The pipeline, top to bottom: load → validate → model → pages → MkDocs → swap into site/."""

from __future__ import annotations

import calendar
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from .config import SiteConfig, load_config
from .engine import mkdocs_config, run_mkdocs, write_mkdocs_yml
from .errors import ContentError, Problems
from .feed import render_feed
from .indicators.pages import feature as indicator_feature
from .indicators.data import IndicatorData, load_indicators
from .load import load_stories
from .model import Story
from .network.pages import feature as network_feature
from .pages import Docs, render_docs, story_path
from .privacy import scan_stories
from .registry import Resolvers, load_registry
from .search.pages import feature as search_feature
from .site import Site, build_site
from .stories import check_stories


@dataclass
class Checked:
    """A validated project: config, registry, stories, and the warnings found on the way."""

    config: SiteConfig
    resolvers: Resolvers
    stories: list[Story]
    warnings: list[ContentError] = field(default_factory=list)
    indicators: IndicatorData = field(default_factory=IndicatorData)


@dataclass
class BuildResult:
    site: Site
    out_dir: Path
    pages: int
    warnings: list[ContentError]
    engine_warnings: list[str]


def check_project(root: Path, strict: bool = False, read=None, check=None, scan=None) -> Checked:
    """Load and validate everything; raises ContentErrors listing every problem at once.
    `read`, `check` and `scan` replace the per-file steps (`wongrian serve` passes cached ones)."""
    problems = Problems()
    config = load_config(root, problems)                  # 1. site_config.yml
    resolvers = load_registry(root, config, problems)     # 2. agencies, areas, villages
    raws = load_stories(root, problems, read)             # 3. story files as written
    scan_stories(raws, config, problems, scan)            # 3b. personal data (IDs, IPs, phones)
    stories = check_stories(raws, resolvers, problems, check)  # 4. typed stories, ids resolved
    indicators = load_indicators(root, resolvers, stories, problems)  # 5. indicator readings
    problems.raise_if_any(strict)
    return Checked(config, resolvers, stories, problems.warnings, indicators)


def make_site(checked: Checked, related=None) -> Site:
    """The indexed site model (pure); `related` as in `build_site`."""
    site = build_site(checked.config, checked.resolvers.registry, checked.stories, related)
    return replace(site, indicators=checked.indicators)


# Features add pages, files, nav sections and assets to the docs tree, in this order.
FEATURES: list[Callable[[Site, Docs], None]] = [network_feature, indicator_feature,
                                               search_feature]  # search last: indexes the pages


def make_docs(site: Site, render: Callable[[Site], Docs] = render_docs,
              features: bool = True) -> Docs:
    """Every generated page and file of the docs tree (pure). `wongrian serve` passes a
    `render` that re-renders only changed pages, and runs the features later."""
    docs = render(site)
    docs.files["feed.xml"] = render_feed(site, story_path).encode("utf-8")
    for feature in FEATURES if features else ():
        feature(site, docs)
    return docs


def copy_story_assets(root: Path, docs_dir: Path) -> None:
    """Images and other files next to stories go beside their pages (story/<folder>/...)."""
    folder = root / "content" / "stories"
    for path in sorted(folder.rglob("*")) if folder.exists() else []:
        if path.is_file() and path.suffix != ".md":
            target = docs_dir / "story" / path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


def write_docs(docs: Docs, docs_dir: Path) -> None:
    for rel, text in sorted(docs.pages.items()):
        target = docs_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for rel, data in sorted(docs.files.items()):
        target = docs_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def build_epoch(site: Site) -> int:
    """A fixed 'build time' for MkDocs: the newest story's date (reproducible output)."""
    if not site.stories:
        return 0
    newest = max(s.updated or s.date for s in site.stories)
    return calendar.timegm(newest.timetuple())


def build(root: Path, out_dir: Path | None = None, strict: bool = False,
          keep: Callable[[Story], bool] | None = None) -> BuildResult:
    """Build the whole site into `out_dir` (default site/), atomically; `keep` picks stories."""
    root = root.resolve()
    out_dir = (out_dir or root / "site").resolve()
    checked = check_project(root, strict)
    if keep:  # a subset of the stories, e.g. one amphoe's offline bundle
        checked.stories = [s for s in checked.stories if keep(s)]
    site = make_site(checked)
    docs = make_docs(site)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".build-tmp-", dir=out_dir.parent))
    try:
        docs_dir, new_site = work / "docs", work / "site"
        write_docs(docs, docs_dir)
        copy_story_assets(root, docs_dir)
        cfg = mkdocs_config(checked.config, docs_dir, new_site, docs.nav, docs.css, docs.js)
        config_file = write_mkdocs_yml(cfg, work / "mkdocs.yml")
        engine_warnings = run_mkdocs(config_file, build_epoch(site))
        swap_in(new_site, out_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return BuildResult(site, out_dir, len(docs.pages), checked.warnings, engine_warnings)


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` with `new` so that a reader never sees a half-written folder."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
