"""Network graph benchmark: graph build time and the network page's load-to-interactive in
Chromium at 500 and 2,000 synthetic stories.

    python -m bench.graph_bench [--sizes 500 2000] [--runs 5]

Writes the "Network graph" section of bench/RESULTS.md. Load-to-interactive is the time from
navigation start until the graph is drawn with its filters wired (`window.wrNetwork.ready`),
median of `--runs` fresh page loads, over http (127.0.0.1) and from file://.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.corpus import make_corpus
from bench.results import write_section

OUT = Path(__file__).resolve().parent / "out"
CHROMIUM = "/usr/bin/chromium"


def time_graph_stage(project: Path) -> dict:
    """Seconds spent in each step of the network feature, and the graph's size."""
    from generator.network import graph as net_graph, layout as net_layout, metrics as net_metrics
    from generator.build import check_project, make_site
    from generator.network.pages import feature
    from generator.pages import render_docs

    site = make_site(check_project(project))
    docs = render_docs(site)
    clock = time.perf_counter
    t0 = clock()
    network = net_graph.build_network(site)
    t1 = clock()
    net_metrics.compute_metrics(network)
    t2 = clock()
    net_layout.layout(network)
    t3 = clock()
    feature(site, docs)
    t4 = clock()
    return {"nodes": network.graph.number_of_nodes(), "ties": network.graph.number_of_edges(),
            "pairs": network.projection.number_of_edges(), "build": t1 - t0,
            "metrics": t2 - t1, "layout": t3 - t2, "feature": t4 - t3}


def build_site(project: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator.cli", "build", "--root", str(project),
                    "--out", str(project / "site")], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def load_times(url: str, runs: int) -> dict:
    """Median ms to interactive, to the load event, and of one filter change, over `runs`."""
    from playwright.sync_api import sync_playwright

    ready, loaded, filtered = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox",
                                                                      "--disable-gpu"])
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1300, "height": 1000})
            page = context.new_page()
            page.goto(url)
            page.wait_for_selector("#wr-network[data-ready='1']", timeout=60000)
            ready.append(page.evaluate("window.wrNetwork.ready"))
            loaded.append(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"))
            filtered.append(page.evaluate("""() => {
                const s = document.getElementById('wr-amphoe'); s.selectedIndex = 1;
                const t = performance.now(); window.wrNetwork.apply(); return performance.now() - t; }"""))
            context.close()
        browser.close()
    return {"ready": statistics.median(ready), "load": statistics.median(loaded),
            "filter": statistics.median(filtered)}


def sizes_kib(site: Path) -> dict:
    kib = lambda rel: (site / rel).stat().st_size / 1024  # noqa: E731
    return {"page": kib("network/index.html"), "data": kib("network/graph-data.js"),
            "lib": kib("assets/network/cytoscape.min.js"), "svg": kib("network/network.svg")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        project = make_corpus(OUT / f"graph-{size}", size)
        stage = time_graph_stage(project)
        total = build_site(project)
        server, base = serve(project / "site")
        try:
            http_times = load_times(base + "network/index.html", args.runs)
        finally:
            server.shutdown()
        file_times = load_times((project / "site" / "network" / "index.html").as_uri(), args.runs)
        rows.append((size, stage, total, http_times, file_times, sizes_kib(project / "site")))
        print(size, stage, f"{total:.1f}s", http_times, file_times, flush=True)
    write_section("Network graph", report(rows, args.runs, os.getloadavg()[0]))


def report(rows, runs: int, load: float) -> str:
    lines = [f"Command: `python -m bench.graph_bench` (synthetic corpus from `bench/corpus.py`; "
             f"Python {platform.python_version()}, {os.cpu_count()} cores, Debian chromium "
             f"headless; medians of {runs} fresh page loads; load average {load:.1f} at the end "
             "of the run: the machine was shared with other jobs, so times are upper bounds).", "",
             "| stories | nodes | agency–area ties | agency pairs | graph + metrics + layout | "
             "network feature (pages, SVGs, exports) | whole build |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    for size, st, total, _, _, _ in rows:
        lines.append(f"| {size:,} | {st['nodes']} | {st['ties']:,} | {st['pairs']:,} | "
                     f"{st['build'] + st['metrics'] + st['layout']:.2f} s (layout {st['layout']:.2f} s) | "
                     f"{st['feature']:.2f} s | {total:.1f} s |")
    lines += ["", "Network page (`network/index.html`) in Chromium:", "",
              "| stories | load-to-interactive, http | load-to-interactive, file:// | load event, http "
              "| one filter change | page HTML | graph-data.js | cytoscape.min.js | network.svg (no-JS) |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size, _, _, web, local, kib in rows:
        lines.append(f"| {size:,} | {web['ready']:.0f} ms | {local['ready']:.0f} ms | "
                     f"{web['load']:.0f} ms | {web['filter']:.0f} ms | {kib['page']:.0f} KiB | "
                     f"{kib['data']:.0f} KiB | {kib['lib']:.0f} KiB | {kib['svg']:.0f} KiB |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
