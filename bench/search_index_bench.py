"""CPU time of the search stage of `wongrian build` (the index), cold and warm, without MkDocs.

    python -m bench.search_index_bench /tmp/wongrian-peer-bench/wongrian-2000 [--repeat 3]
    python -m bench.search_index_bench . --reference     # also the one-gram-at-a-time reference

Checks and renders the project as a build does (the check cache in its .cache/ is used), then
times `search.pages.feature`: cold (nothing cached), cold while filling the grams memo (a build
with .cache/build/), and warm after one story's body changed (only that story's grams are cut
again). Prints CPU seconds (best of --repeat), and checks that every run gives the same files.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import time
from pathlib import Path


def _fresh(docs):
    return dataclasses.replace(docs, files=dict(docs.files), css=list(docs.css), js=list(docs.js))


def _digest(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(n for n in files if n.startswith("search/")):
        digest.update(name.encode() + b"\0" + files[name])
    return digest.hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reference", action="store_true", help="time build_index_by_regex too")
    args = parser.parse_args()

    from generator.build import FEATURES, check_project, make_site
    from generator.cache.check import check_with_cache
    from generator.feed import render_feeds
    from generator.pages import render_docs
    from generator.paths import story_path
    from generator.search import index, memo
    from generator.search.pages import feature

    site = make_site(check_with_cache(check_project, args.root.resolve()))
    docs = render_docs(site)
    docs.files.update(render_feeds(site, story_path))
    for other in FEATURES:
        if other is not feature:
            other(site, docs)
    story = site.stories[len(site.stories) // 2]
    edited = dataclasses.replace(site, stories=tuple(
        dataclasses.replace(s, body=s.body + "\n\nย่อหน้าที่เพิ่ม") if s is story else s
        for s in site.stories))

    def run(what: str, prepare, target=site) -> None:
        best, digest = float("inf"), ""
        for _ in range(args.repeat):
            prepare()
            out = _fresh(docs)
            start = time.process_time()
            feature(target, out)
            best = min(best, time.process_time() - start)
            digest = _digest(out.files)
        print(f"{what:<36} {best:6.2f} s CPU   {digest}")

    def cold() -> None:
        memo.memo.clear()
        memo.keep = False

    def filling() -> None:
        memo.memo.clear()
        memo.keep = True

    def warm() -> None:
        filling()
        feature(site, _fresh(docs))  # the memo of the last build, before the edit

    print(f"{len(site.stories)} stories")
    run("cold", cold)
    run("cold, filling the memo", filling)
    run("warm, one story's body changed", warm, edited)
    run("same edit, cold (for the digest)", cold, edited)
    if args.reference:
        docs_ = index.search_docs(site, docs.pages)
        start = time.process_time()
        index.index_files(index.build_index_by_regex(docs_))
        print(f"{'reference build_index_by_regex':<36} {time.process_time() - start:6.2f} s CPU")


if __name__ == "__main__":
    main()
