"""The memory a cold build holds, all its processes together (issue 11's 1.5 GiB at 10,000).

    python -m bench.memory [--size 10000] [--repeat 3] [--peerbench DIR] [--no-write]

A build forks copies of itself for the second core. A copy's RSS counts the pages it shares
with the build, so the tree's summed RSS counts them several times, and the largest process
alone leaves the copies' own memory out. PSS (Linux's proportional set size) divides each page
among the processes that map it: summed over the tree, it is what the build holds. It is read
from /proc/<pid>/smaps_rollup every POLL seconds during cold builds of the peer corpus
(`bench.peer`'s project), which are not timed: reading a large process's rollup takes the
kernel a millisecond or two. The peak moves by tens of MiB from build to build (which copy
holds what at the moment): the builds are repeated and the highest is reported. Writes the
"Memory of a cold build" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.peer import PEERBENCH, WORK, prepare, set_aside
from bench.results import write_section

POLL = 0.05


def rollup(pid: int) -> dict[str, int]:
    """Rss and Pss of a process, in bytes (empty when it is gone)."""
    found = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as source:
            for line in source:
                name, _, value = line.partition(":")
                if name in ("Rss", "Pss"):
                    found[name] = int(value.split()[0]) * 1024
    except OSError:
        pass
    return found


def tree(pid: int) -> list[int]:
    """The process and its descendants (from /proc/<pid>/task/*/children)."""
    found, todo = [], [pid]
    while todo:
        at = todo.pop()
        found.append(at)
        for task in Path(f"/proc/{at}/task").glob("*/children"):
            try:
                todo += [int(child) for child in task.read_text().split()]
            except OSError:
                pass
    return found


def watch(cmd: list[str]) -> dict:
    """Run `cmd`; the peak of the tree's summed PSS (with each process's PSS then), of its
    summed RSS, and of the largest process's RSS, in MiB; and the summed PSS every second."""
    mib = 1 << 20
    peak = {"pss": 0, "at": 0.0, "each": [], "rss": 0, "largest": 0, "seconds": []}
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while proc.poll() is None:
        rollups = [rollup(pid) for pid in tree(proc.pid)]
        pss = sum(r.get("Pss", 0) for r in rollups)
        rss = [r.get("Rss", 0) for r in rollups]
        now = time.perf_counter() - started
        if pss > peak["pss"]:
            peak.update(pss=pss, at=now, each=[round(r.get("Pss", 0) / mib) for r in rollups if r])
        peak["rss"] = max(peak["rss"], sum(rss))
        peak["largest"] = max(peak["largest"], max(rss, default=0))
        if now >= len(peak["seconds"]):
            peak["seconds"].append(round(pss / mib))
        time.sleep(POLL)
    if proc.returncode:
        message = proc.stderr.read().decode(errors="replace")[-3000:]
        raise SystemExit(f"failed: {' '.join(cmd)}\n{message}")
    peak["wall"] = time.perf_counter() - started
    return {k: round(v / mib) if k in ("pss", "rss", "largest") else v for k, v in peak.items()}


def report(size: int, runs: list[dict], command: str) -> str:
    found = max(runs, key=lambda run: run["pss"])
    each = " + ".join(f"{p} MiB" for p in found["each"])
    seconds = ", ".join(str(p) for p in found["seconds"][::2])
    return "\n".join([
        f"Command: `{command}` ({len(runs)} cold builds of the peer harness corpus, {size:,} "
        f"stories; PSS and RSS read every {POLL * 1000:.0f} ms, so the {found['wall']:.0f} s "
        "of a build are not a timing). The build with the highest peak:",
        "",
        f"| at {size:,} stories | peak |",
        "|---|---:|",
        f"| PSS, all processes together (what the build holds) | **{found['pss']} MiB** "
        f"(each build: {', '.join(str(run['pss']) for run in runs)}) |",
        f"| ... at {found['at']:.0f} s, process by process | {each} |",
        f"| RSS of the largest process | {found['largest']} MiB |",
        f"| RSS summed over the processes (shared pages counted in each) | {found['rss']} MiB |",
        "",
        f"Summed PSS every two seconds (MiB): {seconds}.",
        "",
        "Goal (issue 11): 1.5 GiB (1,536 MiB) at 10,000 stories."])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peerbench", type=Path, default=PEERBENCH)
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md")
    args = parser.parse_args()
    if not Path("/proc/self/smaps_rollup").exists():
        raise SystemExit("bench.memory reads /proc/<pid>/smaps_rollup (Linux 4.14 or later)")
    _, project, out = prepare(args.size, args.peerbench.resolve())
    runs = []
    for _ in range(args.repeat):
        set_aside(project / "site", project / ".cache", out)
        runs.append(watch([sys.executable, "-m", "generator.cli", "build", "--root", str(project),
                           "--out", str(out)]))
        print(f"peak PSS {runs[-1]['pss']} MiB", flush=True)
    text = report(args.size, runs, " ".join(["python -m bench.memory", *sys.argv[1:]]))
    if not args.no_write:
        write_section("Memory of a cold build (issue 11)", text)
    print(text)
    shutil.rmtree(WORK / "trash", ignore_errors=True)


if __name__ == "__main__":
    main()
