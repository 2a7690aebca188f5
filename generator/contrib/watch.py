"""Watching the project for saves and applying them to the live preview of `wongrian serve`,
while the site is served over HTTP."""

from __future__ import annotations

import functools
import http.server
import os
import signal
import threading
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..errors import ContentErrors
from ..files import is_ignored

if TYPE_CHECKING:
    from .serve import Preview

WATCHED = ("content", "theme", "site_config.yml")
SETTLE = 0.05  # seconds to let an editor finish writing
WRITES = ("created", "modified", "moved", "deleted", "closed")  # watchdog event types


class Watcher:
    """Collects the paths (relative to the project) of files saved under the watched folders."""

    def __init__(self, root: Path):
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        self.root, self.changed, self.event = root.resolve(), set(), threading.Event()
        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                if event.is_directory or event.event_type not in WRITES:
                    return  # reading a file (as every build does) is an event too: ignore it
                for path in (event.src_path, getattr(event, "dest_path", "")):
                    if path:
                        watcher.saw(Path(str(path)))

        self.observer = Observer()
        for name in WATCHED:
            path = root / name
            if path.exists():
                self.observer.schedule(Handler(), str(path if path.is_dir() else root),
                                       recursive=path.is_dir())
        self.observer.start()

    def saw(self, path: Path) -> None:
        try:  # the folder resolved, not the file: a saved link is a change of the project
            rel = (path.parent.resolve() / path.name).relative_to(self.root).as_posix()
        except ValueError:
            return
        if rel == "site_config.yml" or rel.startswith(("content/", "theme/")):
            if not is_ignored(Path(rel).name):
                self.changed.add(rel)
                self.event.set()

    def wait(self, timeout: float) -> set[str]:
        """The paths saved since the last call, once a burst of saves has settled."""
        if not self.event.wait(timeout):
            return set()
        time.sleep(SETTLE)
        self.event.clear()
        changed, self.changed = self.changed, set()
        return changed

    def stop(self) -> None:
        self.observer.stop()


def _attempt(preview: Preview, step, not_done: str):
    """`step()`'s report, or None after printing why it failed (the site keeps being served;
    after an unexpected failure the next save builds everything again)."""
    from ..cli import print_problems

    try:
        return step()
    except ContentErrors as exc:
        print_problems(exc.errors)
        print(not_done, flush=True)
    except Exception:  # noqa: BLE001 - keep serving
        traceback.print_exc()
        preview.ready = False
    return None


def update(preview: Preview, changed: set[str]) -> None:
    """Apply one burst of saves and say what it did."""
    report = _attempt(preview, lambda: preview.refresh(changed),
                      "not updated: fix the errors above | ยังไม่ปรับปรุง แก้ข้อผิดพลาดข้างบนก่อน")
    if report is not None:
        kind = "rebuilt everything" if report.full else "updated"
        print(f"{kind}: {report.pages} pages, {report.files} files in {report.seconds:.2f} s "
              f"| ปรับปรุงแล้ว {report.pages} หน้า", flush=True)


def get_ready(preview: Preview) -> None:
    """Load the live state for saves (`Preview.start`) while the published site is served."""
    report = _attempt(preview, preview.start,
                      "not ready: fix the errors above | ยังไม่พร้อม แก้ข้อผิดพลาดข้างบนก่อน")
    if report is not None:
        print(f"ready for saves in {report.seconds:.1f} s | พร้อมรับการแก้ไขแล้ว", flush=True)


def watch(preview: Preview, watcher: Watcher, stop: threading.Event,
          published: bool = False) -> None:
    """Apply saves as they come; in between, take the features' results and render them.
    With `published`, first get ready for saves (saves made meanwhile are applied after)."""
    if published:
        get_ready(preview)
    while not stop.is_set():
        busy = preview.job is not None or bool(preview.pending or preview.restyled)
        changed = watcher.wait(0.05 if busy else 0.5)
        if changed:
            update(preview, changed)
            continue
        try:
            if preview.poll_features():
                print(f"features done: {len(preview.pending)} pages to render", flush=True)
            elif (preview.pending or preview.restyled) and not preview.render_pending():
                print("all pages up to date | ทุกหน้าเป็นปัจจุบันแล้ว", flush=True)
        except Exception:  # noqa: BLE001
            traceback.print_exc()
            preview.ready = False


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


def site_path(root: Path) -> str:
    """The path of site.url ("/wongrian/"), where MkDocs points the 404 page's links
    (for any depth of a missing address); "" when the site is at a host's root."""
    from ..config import load_config
    from ..errors import Problems

    path = urlsplit(load_config(root, Problems()).site.get("url") or "").path.rstrip("/") + "/"
    return "" if path == "/" else path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site without a log line per request (the updates are what to read); a page
    that does not exist gets the site's own (Thai) 404 page, and a folder no listing. The
    site is at `/`, and at the path of site.url (`prefix`) too, where the 404 page links."""

    def __init__(self, *args, prefix: str = "", **kwargs):
        self.prefix = prefix  # (set first: the base class answers the request in __init__)
        super().__init__(*args, **kwargs)

    def log_message(self, *args) -> None:
        pass

    def translate_path(self, path: str) -> str:
        # the 404 page links to the site's path (`prefix`, from site.url): served here too
        found = super().translate_path(path)
        if self.prefix and path.startswith(self.prefix) and not os.path.exists(found):
            return super().translate_path("/" + path[len(self.prefix):])
        return found

    def list_directory(self, path):
        self.send_error(404)
        return None

    def send_head(self):
        # a NUL (`%00`) in the address made open() raise ValueError: a traceback, no answer
        if "\0" in self.translate_path(self.path):
            self.send_error(404)
            return None
        return super().send_head()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve_site(root: Path, out: Path, port: int) -> int:
    """`wongrian serve`: publish the site, serve it on 127.0.0.1:`port`, and apply saves
    (`watch`, in a thread) until Ctrl+C or SIGTERM."""
    from ..cli import print_problems
    from .serve import Preview

    try:  # the port first: a busy one is said before a build is spent
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", port),
            functools.partial(_QuietHandler, directory=str(out), prefix=site_path(root)))
    except OSError as exc:
        print(f"cannot serve on port {port} ({exc.strerror}): another program may use it — try "
              f"--port {port + 1 if port < 65535 else 8000} | ใช้พอร์ต {port} ไม่ได้ อาจมีโปรแกรมอื่นใช้อยู่ "
              f"— ลอง --port {port + 1 if port < 65535 else 8000}", flush=True)
        return 1
    preview, watcher = Preview(root, out), Watcher(root)  # watching before anything is read
    try:
        report = preview.publish()
        print(f"built {report.pages} pages in {report.seconds:.1f} s", flush=True)
        published = True
    except ContentErrors as exc:
        print_problems(exc.errors)
        print("not built: fix the errors above, then save | ยังไม่สร้างเว็บ แก้ข้อผิดพลาดแล้วบันทึกไฟล์",
              flush=True)
        published = False
    stop = threading.Event()
    watching = threading.Thread(target=watch, args=(preview, watcher, stop, published), daemon=True)
    watching.start()
    out.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by another program: clean up too
    print(f"serving http://127.0.0.1:{port}/ — Ctrl+C to stop | กด Ctrl+C เพื่อหยุด", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        watcher.stop()
        watching.join(timeout=10)  # let an update in progress finish before the state is kept
        preview.close()
    return 0
