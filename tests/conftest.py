"""Shared fixtures: small inline sites, the built sample site, and a real Chromium."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

MINIMAL_CONFIG = """\
site:
  title: วงเรียนรู้ทดสอบ
  description: เว็บทดสอบ
  url: https://example.org/test/
registries:
  agencies: agencies.yml
  areas: areas.yml
  villages: villages.yml
areas:
  provinces: ["80"]
repository:
  url: https://github.com/example/test
"""


def story_text(title="วงเรียนรู้ทดสอบ", date="2008-05-03", circle="tambon",
               roles=("คุณอำนวย",), author="คุณอำนวย พช.อำเภอเมือง",
               agencies=("พช.อำเภอเมือง",), areas=("ต.ท่าซัก อ.เมือง",), tags=("ทดสอบ",),
               body="## เรื่องเล่า\n\nเนื้อเรื่องทดสอบสั้น ๆ\n", **extra) -> str:
    """A story file's text; `extra` adds raw front-matter lines (key: yaml-value)."""
    def yaml_list(items):
        return "[" + ", ".join(f'"{i}"' for i in items) + "]"
    lines = ["---", f"title: {title}", f"date: {date}", f"circle: {circle}",
             f"roles: {yaml_list(roles)}", f"author: {author}",
             f"agencies: {yaml_list(agencies)}", f"areas: {yaml_list(areas)}",
             f"tags: {yaml_list(tags)}"]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n---\n\n" + body


@pytest.fixture
def tmp_site(tmp_path):
    """Make a small project: `tmp_site(files={"content/stories/a.md": text, ...})`.

    The real registries are copied in unless `files` replaces them.
    """
    def make(files: dict[str, str] | None = None, config: str = MINIMAL_CONFIG) -> Path:
        root = tmp_path / "project"
        (root / "content" / "stories").mkdir(parents=True, exist_ok=True)
        shutil.copytree(ROOT / "content" / "registry", root / "content" / "registry",
                        dirs_exist_ok=True)
        (root / "site_config.yml").write_text(config, encoding="utf-8")
        for rel, text in (files or {}).items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text,
                            encoding="utf-8")
        return root
    return make


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The sample site (content/ of this repository) built once per test session."""
    from generator.build import build

    out = tmp_path_factory.mktemp("sample") / "site"
    result = build(ROOT, out)
    return result


@pytest.fixture(scope="session")
def sample_bundle(sample_site, tmp_path_factory):
    """The offline bundle (zip) of the sample site, made once per test session."""
    from generator.bundle import make_bundle

    return make_bundle(sample_site.site, sample_site.out_dir, tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright; skipped only where chromium is not installed."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def offline_page(browser):
    """A page whose requests to anything but file:// and 127.0.0.1 are aborted and counted."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.external_requests = []

    def route(route):
        url = route.request.url
        if url.startswith(("file://", "http://127.0.0.1", "http://localhost", "data:", "blob:")):
            route.continue_()
        else:
            page.external_requests.append(url)
            route.abort()

    context.route("**/*", route)
    yield page
    context.close()


@pytest.fixture(scope="session")
def http_root():
    """Serve folders over http on 127.0.0.1: `url = http_root(folder)`; stopped at the end."""
    import functools
    import http.server
    import threading

    servers = []

    def serve(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server in servers:
        server.shutdown()


import http.server as _http  # noqa: E402


class _QuietHandler(_http.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


HOSTILE = Path(__file__).parent / "hostile"


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory):
    """tests/hostile/ (every attack a contribution can carry) built once per test session.

    The real registries are copied in first; the fixture's own agencies.yml replaces them."""
    from generator.build import build

    root = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(ROOT / "content" / "registry", root / "content" / "registry")
    shutil.copytree(HOSTILE, root, dirs_exist_ok=True)
    return build(root, root / "site")
