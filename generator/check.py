"""Checking a project: stages 1–5 of the pipeline (config, registry, stories, indicators).

Kept apart from `build.py` so that `wongrian check` loads only what checking needs (no
MkDocs, templates or features).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .config import SiteConfig, load_config
from .errors import ContentError, Problems
from .files import check_assets, source_of, story_files
from .indicators.data import IndicatorData, load_indicators
from .load import load_stories
from .model import Story
from .paths import folders_named_like_pages
from .privacy import scan_stories
from .registry import Resolvers, load_registry
from .sanitize import slow_markup, warn_dropped_markup
from .story_set import check_lengths, check_stories, check_story_links
from .timings import stage


@dataclass
class Checked:
    """A validated project: config, registry, stories, and the warnings found on the way."""

    config: SiteConfig
    resolvers: Resolvers
    stories: list[Story]
    warnings: list[ContentError] = field(default_factory=list)
    indicators: IndicatorData = field(default_factory=IndicatorData)
    assets: list[Path] = field(default_factory=list)  # files beside stories, to publish


def check_project(root: Path, strict: bool = False, read=None, check=None, scan=None,
                  markup=None, rows=None, ahead=None) -> Checked:
    """Load and validate everything; raises ContentErrors listing every problem at once.
    `read`, `check`, `scan`, `markup` and `rows` replace the per-file steps (`wongrian serve`
    and the check cache pass cached ones); `ahead(story files, config, resolvers)` runs
    before the stories are read (the check cache makes the files it lacks on two cores)."""
    problems = Problems()
    with stage("config"):
        config = load_config(root, problems)              # 1. site_config.yml
    with stage("registry"):
        resolvers = load_registry(root, config, problems)  # 2. agencies, areas, villages
    if any(e.field in ("file", "yaml") for e in problems.errors):  # a config or registry file
        problems.raise_if_any(strict)  # not read: stories checked without it would only repeat it
    with stage("load"):
        texts, others = story_files(root, problems)       # 3. files under content/stories
        if ahead:
            with stage("read ahead"):                     #    new files read and checked at once
                ahead(texts, config, resolvers)
        raws = load_stories(root, problems, read, texts, config.build["max_story_kb"])
    with stage("check"):
        scan_stories(raws, config, problems, scan)        #    personal data (IDs, IPs, phones)
        check_lengths(raws, config.build, problems)       #    titles and summaries not too long
        (markup or warn_dropped_markup)(raws, problems)   #    raw HTML the sanitiser drops
        stories = check_stories(raws, resolvers, problems, check)  # 4. typed, ids resolved
        check_story_links(raws, problems)                 #    links to story files
        slow_markup(raws, problems)                       #    bodies Markdown would choke on
        assets = check_assets(root, others, config.build["max_file_mb"], problems)  # beside
        folders_named_like_pages([source_of(p, root) for p in texts + others], stories, problems)
    with stage("indicators"):
        indicators = load_indicators(root, resolvers, stories, problems, rows)  # 5. readings
    problems.raise_if_any(strict)
    return Checked(config, resolvers, stories, problems.warnings, indicators, assets)
