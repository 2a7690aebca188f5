"""Page weights and load times of the sample site in Chromium, as a reader on a phone sees them.

    python -m bench.weights [--site DIR] [--runs 3]

Builds the sample site (or takes a built one), serves it gzipped on 127.0.0.1 and opens five
kinds of page in Chromium throttled with CDP to "fast 3G" (562.5 ms latency, 1.44 Mbit/s down,
675 kbit/s up: Chrome DevTools' preset) and a 4× CPU slowdown. Weight is the sum of the gzipped
bytes of every file the page loads before anyone clicks (HTML, CSS, scripts, fonts, images,
data); times are the median of the runs. Writes the "Page weight" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import statistics
import tempfile
import threading
from pathlib import Path

from bench.results import write_section

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
FAST_3G = {"offline": False, "latency": 562.5, "downloadThroughput": 1_474_560 / 8,
           "uploadThroughput": 675_000 / 8}
CPU_SLOWDOWN = 4
PHONE, WIDE = (390, 844), (1366, 768)
PAGES = [("หน้าแรก", "index.html", PHONE), ("บันทึก", None, PHONE),
         ("ตำบล (ต.ท่าซัก)", "area/800121.html", PHONE),
         ("เครือข่าย (โทรศัพท์: ภาพเปิดเมื่อกดปุ่ม)", "network/index.html", PHONE),
         ("เครือข่าย (จอกว้าง: ภาพโหลดทันที)", "network/index.html", WIDE),
         ("แผนที่ศักยภาพ", "indicators/index.html", PHONE)]
TIMING = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  return {dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
          fcp: paint ? paint.startTime : null};
}"""


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it (as a real web server would)."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def gzipped_size(folder: Path, base: str, url: str) -> tuple[int, int]:
    """(raw bytes, gzipped bytes) of one requested file of the site; (0, 0) for others."""
    if not url.startswith(base):
        return 0, 0
    path = folder / url[len(base):].split("#")[0].split("?")[0]
    if not path.is_file():
        return 0, 0
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 6, mtime=0))


def measure(browser, folder: Path, base: str, path: str, size: tuple[int, int]) -> dict:
    """One throttled load of one page: weights of what it loaded and its timings (ms)."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    urls: list[str] = []
    page.on("requestfinished", lambda r: urls.append(r.url))
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", FAST_3G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.goto(base + path, wait_until="load", timeout=120_000)
    page.wait_for_load_state("networkidle", timeout=120_000)
    timing = page.evaluate(TIMING)
    sizes = [gzipped_size(folder, base, u) for u in dict.fromkeys(urls)]
    context.close()
    return {"requests": len(urls), "raw": sum(s[0] for s in sizes),
            "gzip": sum(s[1] for s in sizes), "sitemap": any("sitemap" in u for u in urls), **timing}


def first_story(folder: Path) -> str:
    return min(str(p.relative_to(folder)) for p in (folder / "story").rglob("*.html"))


def run(folder: Path, runs: int) -> str:
    from playwright.sync_api import sync_playwright

    server, base = serve(folder)
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for label, path, size in PAGES:
                path = path or first_story(folder)
                results = [measure(browser, folder, base, path, size) for _ in range(runs)]
                median = lambda key: statistics.median(r[key] for r in results)  # noqa: E731
                first = results[0]
                rows.append(f"| {label} (`{path}`) | {first['requests']} | {first['raw'] // 1024:,} "
                            f"| **{first['gzip'] // 1024:,}** | {median('fcp'):,.0f} "
                            f"| {median('dcl'):,.0f} | {median('load'):,.0f} "
                            f"| {'มี' if any(r['sitemap'] for r in results) else 'ไม่มี'} |")
            browser.close()
    finally:
        server.shutdown()
    return "\n".join([
        "`python -m bench.weights` — the sample site, Chromium at 390×844 (a phone) unless "
        "marked, fast 3G "
        f"(562.5 ms, 1.44 Mbit/s) and {CPU_SLOWDOWN}× CPU slowdown via CDP, files served gzipped, "
        f"cache off; times are the median of {runs} loads (ms after navigation start). "
        "Weight: every file loaded before the reader clicks. The machine is shared, so times "
        "vary by ±20 %; weights do not.", "",
        "| หน้า | คำขอ | KB (ไม่บีบอัด) | KB gzip | first contentful paint | DOMContentLoaded | load | ขอ sitemap.xml |",
        "|---|---:|---:|---:|---:|---:|---:|---|", *rows])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the sample)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if args.site:
        body = run(args.site, args.runs)
    else:
        from generator.build import build

        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "site"
            build(ROOT, out)
            body = run(out, args.runs)
    write_section("Page weight (issue 12)", body)
    print(body)


if __name__ == "__main__":
    main()
