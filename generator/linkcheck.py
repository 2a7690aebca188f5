"""Walk a built site and report every internal link or asset that does not resolve."""

from __future__ import annotations

import argparse
import posixpath
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from .errors import shown

ATTRIBUTES = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
              ("source", "src"), ("iframe", "src"))


def page_targets(html: str) -> tuple[list[str], set[str]]:
    """(internal link targets, element ids) of one HTML page."""
    tree = HTMLParser(html)
    links = []
    for tag, attribute in ATTRIBUTES:
        for node in tree.css(f"{tag}[{attribute}]"):
            value = node.attributes.get(attribute) or ""
            parts = urlsplit(value)
            if not parts.scheme and not parts.netloc and not value.startswith(("//", "#")) or \
                    value.startswith("#") and len(value) > 1:
                links.append(value)
    ids = {node.attributes.get("id") for node in tree.css("[id]")}
    return links, {i for i in ids if i}


def check_links(site_dir: Path) -> list[str]:
    """Broken internal links as 'page: target (why)', sorted; empty when all resolve."""
    site_dir = site_dir.resolve()
    # 404.html is served by a web server at any depth, so MkDocs gives it absolute links.
    pages = {p.relative_to(site_dir).as_posix(): p for p in sorted(site_dir.rglob("*.html"))
             if p.relative_to(site_dir).as_posix() != "404.html"}
    parsed = {rel: page_targets(p.read_text(encoding="utf-8")) for rel, p in pages.items()}
    broken = []
    for rel, (links, ids) in sorted(parsed.items()):
        for link in links:
            parts = urlsplit(link)
            target = rel if not parts.path else posixpath.normpath(
                posixpath.join(posixpath.dirname(rel), unquote(parts.path)))
            if target.startswith("../") or not (site_dir / target).exists():
                broken.append(f"{rel}: {link} (no file {target})")
                continue
            if (site_dir / target).is_dir():
                broken.append(f"{rel}: {link} (a folder: no index page from file://)")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target in parsed and fragment not in parsed[target][1]:
                broken.append(f"{rel}: {link} (no id #{fragment} in {target})")
    return [shown(line) for line in broken]  # (a target is decoded: %1b is an escape)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", nargs="?", default="site", help="built site folder (default site/)")


def run(args: argparse.Namespace) -> int:
    folder = Path(args.root) / args.folder
    if not (folder / "index.html").is_file():
        print(f"{folder} is not a built site (no index.html): run wongrian build first, or name "
              f"the site's folder | {folder} ไม่ใช่เว็บที่สร้างแล้ว (ไม่มี index.html) — สั่ง wongrian build "
              "ก่อน หรือระบุโฟลเดอร์ของเว็บ", file=sys.stderr)
        return 2
    broken = check_links(folder)
    for line in broken:
        print(line, file=sys.stderr)
    print(f"{len(broken)} broken link(s) in {folder}")
    return 1 if broken else 0


COMMAND = ("linkcheck", "check every internal link of a built site", add_arguments, run)
