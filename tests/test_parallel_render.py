"""MkDocs' pages shared out between the build and a forked copy (`engine.parallel`)."""

import os
import time
from pathlib import Path
from types import SimpleNamespace

from generator.engine import parallel


def pages_of(folder: Path, sizes: list[int]) -> list:
    pages = []
    for n, size in enumerate(sizes):
        source = folder / f"page-{n}.md"
        source.write_text("ก" * size, encoding="utf-8")
        pages.append(SimpleNamespace(file=SimpleNamespace(src_uri=source.name,
                                                          abs_src_path=str(source))))
    return pages


def test_every_page_is_rendered_once_and_the_copys_are_returned(tmp_path):
    pages = pages_of(tmp_path, [5, 4000, 12, 800, 800, 3, 90_000, 1, 7, 2500] * 3 * parallel.BATCH)
    out = tmp_path / "out"
    out.mkdir()

    def render(batch) -> None:
        assert 0 < len(batch) <= parallel.BATCH
        for page in batch:
            (out / f"{page.file.src_uri}.{os.getpid()}").write_text("html")
            time.sleep(0.001)

    def first() -> None:  # (the copy gets a head start: it surely takes some pages)
        ran.append(os.getpid())
        time.sleep(0.05)

    ran = []
    theirs = parallel.render_in_two(pages, render, [], first=first)
    made = {}
    for path in out.iterdir():
        name, pid = path.name.rsplit(".", 1)
        made.setdefault(name, []).append(int(pid))
    assert sorted(made) == sorted(p.file.src_uri for p in pages)
    assert all(len(pids) == 1 for pids in made.values())  # once, by one of the two
    assert theirs == {name for name, pids in made.items() if pids[0] != os.getpid()}
    assert ran == [os.getpid()] and 0 < len(theirs) < len(pages)


def test_a_page_that_fails_here_stops_the_copy(tmp_path):
    pages = pages_of(tmp_path, [100] * 40 * parallel.BATCH)

    def render(batch) -> None:
        if any(page.file.src_uri == "page-0.md" for page in batch):
            raise ValueError("broken page")
        time.sleep(0.01)  # (else the copy may take every batch, the first too, before this
        # process takes one: it fails there, and this process sees the copy's error)

    try:
        parallel.render_in_two(pages, render, [])
    except ValueError as exc:
        assert str(exc) == "broken page"
    else:
        raise AssertionError("the error was lost")
