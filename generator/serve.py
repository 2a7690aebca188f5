"""`wongrian serve`: build, serve site/ on localhost, and rebuild when content changes."""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
import time
from pathlib import Path

from .errors import ContentErrors

WATCHED = ("content", "theme", "site_config.yml")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    parser.add_argument("--out", default=None, help="folder to build into (default: site/)")


def rebuild(root: Path, out: Path) -> None:
    from .build import build
    from .cli import print_problems

    started = time.perf_counter()
    try:
        result = build(root, out)
    except ContentErrors as exc:
        print_problems(exc.errors)
        print("not rebuilt: fix the errors above | ยังไม่สร้างใหม่ แก้ข้อผิดพลาดข้างบนก่อน", flush=True)
        return
    print(f"rebuilt {result.pages} pages in {time.perf_counter() - started:.2f} s", flush=True)


def watch(root: Path, out: Path) -> None:
    """Rebuild once per burst of file changes under content/, theme/ or the config."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    changed = threading.Event()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if not event.is_directory and "/.build-tmp-" not in str(event.src_path):
                changed.set()

    observer = Observer()
    for name in WATCHED:
        path = root / name
        if path.exists():
            observer.schedule(Handler(), str(path if path.is_dir() else root), recursive=path.is_dir())
    observer.start()
    try:
        while True:
            changed.wait()
            time.sleep(0.15)  # let an editor finish writing
            changed.clear()
            rebuild(root, out)
    finally:
        observer.stop()


def run(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    out = Path(args.out).resolve() if args.out else root / "site"
    rebuild(root, out)
    threading.Thread(target=watch, args=(root, out), daemon=True).start()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:  # follow the swapped-in folder
            self.directory = str(out)
            return super().translate_path(path)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port),
                                             functools.partial(Handler, directory=str(out)))
    print(f"serving http://127.0.0.1:{args.port}/ — Ctrl+C to stop | กด Ctrl+C เพื่อหยุด", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


COMMAND = ("serve", "preview the site on localhost, rebuilding on change", add_arguments, run)
