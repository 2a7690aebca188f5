"""Wongrian beside Hugo on the peer harness corpus (`make bench`): ratios, memory, check times.

    python -m bench.peer [--size 2000] [--repeat 3] [--peers material-docs,material-blog]
                         [--peerbench ../shared/peerbench]

The corpus and the Hugo site come from the shared peer harness (`gen_corpus.py`,
`adapters.py`), the Wongrian project from its `wongrian_adapter.py`. Every round runs, in this
order: Hugo cold, the other peers asked for (`--peers material-docs,material-blog`: the
harness's mkdocs-material sites, stories as plain pages or as blog posts), Wongrian cold build
(no `site/`, no `.cache/`), Wongrian warm build (nothing changed), Wongrian after one story's
body changed, `wongrian check` cold and warm. Rounds are
repeated and the minimum wall time of each is compared (the machine is shared). Peak RSS is
the largest process of the tree (wait4) and, with psutil, the summed RSS of the tree.
Writes the "Peer comparison" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Sequence

from bench.results import write_section

ROOT = Path(__file__).resolve().parent.parent
PEERBENCH = ROOT.parent / "shared" / "peerbench"
WORK = Path(os.environ.get("TMPDIR", "/tmp")) / "wongrian-peer-bench"


def peer_modules(folder: Path):
    """gen_corpus and adapters from the peer harness; a clear stop when it is not there."""
    if not (folder / "adapters.py").exists():
        raise SystemExit(f"peer harness not found at {folder}: it lives in ../shared/peerbench "
                         "beside the repository (give another place with --peerbench)")
    sys.path.insert(0, str(folder))
    import adapters
    import gen_corpus
    return gen_corpus, adapters


def tree_rss(pid: int) -> int:
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root] + root.children(recursive=True)
    except psutil.Error:
        return 0
    total = 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            pass
    return total


def measure(cmd: list[str], log: Path, env: dict | None = None) -> dict:
    """Wall and CPU seconds (the process and its children), peak RSS (largest process; the
    summed tree with psutil) of one command."""
    poll = importlib.util.find_spec("psutil") is not None
    started = time.perf_counter()
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        peak_tree = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if poll:
                peak_tree = max(peak_tree, tree_rss(proc.pid))
            time.sleep(0.02)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{log.read_text(errors='replace')[-3000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024,
            "tree": peak_tree / 2**20 or None}


def set_aside(*dirs: Path) -> None:
    """Move old output away instead of deleting it during the timings (see peerbench's run.py:
    on ext4 new inodes near recently freed ones make the next build slower)."""
    for folder in dirs:
        if folder.exists():
            trash = WORK / "trash"
            trash.mkdir(parents=True, exist_ok=True)
            folder.rename(trash / f"{folder.name}-{time.time_ns()}")


def edit_one_story(project: Path, round_no: int) -> Path:
    """Change the body of the first story (a sentence at the end); front matter untouched."""
    path = sorted((project / "content" / "stories").rglob("*.md"))[0]
    text = path.read_text(encoding="utf-8").rstrip("\n")
    base = text.split("\n\nแก้ไขรอบที่ ")[0]
    path.write_text(f"{base}\n\nแก้ไขรอบที่ {round_no} ชาวบ้านเพิ่มบันทึกเรื่องนี้\n", encoding="utf-8")
    return path


def prepare(size: int, peerbench: Path, peers: Sequence[str] = ()
            ) -> tuple[dict[str, tuple[list[str], Path]], Path, Path]:
    """({peer: (build command, its output)}, Wongrian project, Wongrian output) at `size`
    stories; the peers are Hugo and `peers` (names of the harness's adapters)."""
    gen_corpus, adapters = peer_modules(peerbench)
    unknown = [p for p in peers if p not in adapters.ADAPTERS]
    if unknown:
        raise SystemExit(f"unknown peer {', '.join(unknown)}: the harness has "
                         f"{', '.join(adapters.ADAPTERS)}")
    corpus = WORK / f"corpus-{size}" / "stories.jsonl"
    if not corpus.exists():
        gen_corpus.main([str(size), str(corpus.parent)])
    stories, commands = adapters.load(corpus), {}
    for peer in ["hugo", *peers]:
        site, out = WORK / f"{peer}-{size}", WORK / f"{peer}-{size}-out"
        set_aside(site, out)
        commands[peer] = adapters.ADAPTERS[peer](stories, site, out), out
    project = WORK / f"wongrian-{size}"
    set_aside(project)
    subprocess.run([sys.executable, str(peerbench / "wongrian_adapter.py"), "--prep", str(ROOT),
                    str(corpus), str(project)], check=True, capture_output=True)
    return commands, project, WORK / f"wongrian-{size}-out"


def one_round(round_no: int, peers: dict[str, tuple[list[str], Path]], project: Path,
              out: Path) -> dict:
    logs = WORK / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    cli = [sys.executable, "-m", "generator.cli"]
    build = cli + ["build", "--root", str(project), "--out", str(out)]
    check = cli + ["check", "--root", str(project)]
    runs = {}
    set_aside(*(peer_out for _, peer_out in peers.values()), project / "site", out,
              project / ".cache")
    os.sync()
    for peer, (command, _) in peers.items():
        runs[f"{peer} cold build"] = measure(command, logs / f"{peer}.log",
                                             dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    runs["wongrian cold build"] = measure(build, logs / "cold.log")
    runs["wongrian warm build"] = measure(build, logs / "warm.log")
    edit_one_story(project, round_no)
    runs["wongrian one-story edit"] = measure(build, logs / "edit.log")
    set_aside(project / ".cache")
    runs["wongrian check cold"] = measure(check, logs / "check-cold.log")
    runs["wongrian check warm"] = measure(check, logs / "check-warm.log")
    return runs


def report(size: int, rounds: list[dict], loads: list[str], command: str) -> str:
    names = list(rounds[0])
    best = {n: min(r[n]["wall"] for r in rounds) for n in names}
    hugo = best["hugo cold build"]
    lines = [f"Command: `{command}` ({len(rounds)} interleaved rounds; minimum wall time of each; "
             f"peer harness corpus, {size:,} stories; Python {platform.python_version()}, "
             f"{os.cpu_count()} cores; load average {loads[0]} before, {loads[-1]} after; "
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}).", "",
             "| at %s stories | min wall | all rounds | × Hugo cold | min CPU | peak RSS (largest "
             "process) | peak RSS (process tree) |" % f"{size:,}", "|---|---:|---:|---:|---:|---:|---:|"]
    for name in names:
        walls = ", ".join(f"{r[name]['wall']:.1f}" for r in rounds)
        rss = max(r[name]["rss"] for r in rounds)
        trees = [r[name]["tree"] for r in rounds if r[name]["tree"]]
        tree = f"{max(trees):.0f} MiB" if trees else "—"
        cpu = min(r[name]["cpu"] for r in rounds)
        lines.append(f"| {name} | {best[name]:.2f} s | {walls} | {best[name] / hugo:.2f}× "
                     f"| {cpu:.1f} s | {rss:.0f} MiB | {tree} |")
    others = [n for n in names if n.endswith(" cold build") and n not in
              ("hugo cold build", "wongrian cold build")]
    if others:
        lines += ["", "Wongrian's cold build against the other peers (minimum wall time): " +
                  "; ".join(f"{best['wongrian cold build'] / best[n]:.2f}× "
                            f"{n.removesuffix(' cold build')}" for n in others) + "."]
    lines += ["", "Goals (issue 11): cold ≤ 3× Hugo, warm ≤ 1×, one-story edit ≤ 1.5×; "
              "`wongrian check` ≤ 3 s cold, ≤ 1 s warm. CPU = user + system seconds of the "
              "command and the processes it waited for (the fairer figure on a busy machine)."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peers", default="", help="more peers from the harness, each round "
                        "after Hugo: material-docs, material-blog (comma-separated)")
    parser.add_argument("--peerbench", type=Path, default=PEERBENCH)
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md")
    args = parser.parse_args()
    command = "make bench" if len(sys.argv) == 1 else "python -m bench.peer " + " ".join(sys.argv[1:])
    peers, project, out = prepare(args.size, args.peerbench.resolve(),
                                  [p.strip() for p in args.peers.split(",") if p.strip()])
    loads, rounds = [os.getloadavg()], []
    for round_no in range(1, args.repeat + 1):
        rounds.append(one_round(round_no, peers, project, out))
        loads.append(os.getloadavg())
        print(f"round {round_no}: " + ", ".join(f"{k} {v['wall']:.1f} s" for k, v in rounds[-1].items()),
              flush=True)
        text = report(args.size, rounds, [f"{load[0]:.1f}" for load in loads], command)
        if not args.no_write:  # after every round: a long run stopped early still leaves figures
            write_section("Peer comparison (make bench)", text)
    print(text)
    shutil.rmtree(WORK / "trash", ignore_errors=True)


if __name__ == "__main__":
    main()
