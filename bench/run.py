"""Build benchmark: time and peak memory of `wongrian build` at 500 and 2,000 synthetic stories.

    python -m bench.run [--sizes 500 2000]

Writes the "Build" section of bench/RESULTS.md. Each build runs in a fresh process; peak
RSS is that process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from bench.corpus import make_corpus
from bench.results import write_section

OUT = Path(__file__).resolve().parent / "out"


def measure_build(project: Path) -> tuple[float, float, int]:
    """(seconds, peak RSS in MiB, pages) of one `wongrian build` in a child process."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "build", "--root", str(project),
                             "--out", str(project / "site")], stdout=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    output = proc.stdout.read() if proc.stdout else ""
    if status != 0:
        raise SystemExit(f"build failed for {project}:\n{output}")
    pages = int(output.split(" pages")[0].rsplit(" ", 1)[-1]) if " pages" in output else 0
    return elapsed, usage.ru_maxrss / 1024, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        project = make_corpus(OUT / f"corpus-{size}", size)
        seconds, rss, pages = measure_build(project)
        rows.append((size, pages, seconds, rss))
        print(f"{size} stories: {pages} pages, {seconds:.1f} s, peak RSS {rss:.0f} MiB", flush=True)
    lines = ["Command: `python -m bench.run` (synthetic corpus from `bench/corpus.py`, ~900 Thai "
             f"words per story; Python {platform.python_version()}, {os.cpu_count()} cores). The whole "
             "`wongrian build`: checking, pages, network, indicators, search index and MkDocs.", "",
             "| stories | pages | build time | peak RSS |", "|---:|---:|---:|---:|"]
    lines += [f"| {n:,} | {p:,} | {s:.1f} s | {r:.0f} MiB |" for n, p, s, r in rows]
    if len(rows) >= 2:
        ratio = rows[-1][2] / rows[0][2]
        growth = rows[-1][0] / rows[0][0]
        lines += ["", f"Time ratio {rows[-1][0]:,} / {rows[0][0]:,} stories: {ratio:.2f}× "
                      f"for {growth:.0f}× the stories (target: at most 4.5×)."]
    write_section("Build", "\n".join(lines))


if __name__ == "__main__":
    main()
