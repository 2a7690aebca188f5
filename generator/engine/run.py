"""Build a docs tree with MkDocs: its own sequence of steps, with the pages rendered by two
processes, and every file written atomically."""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from pathlib import Path

from . import parallel
from .converter import one_converter
from ..forked import batches, can_fork
from ..cache import templates as compiled
from ..names import temporary_name
from .plugins import nav_memo_plugin, prerendered_plugin, search_index


def run_mkdocs(config_file: Path, build_epoch: int, dirty: bool = False) -> list[str]:
    """Build the site; returns MkDocs' warnings. Output is reproducible.
    `dirty`: render only pages whose Markdown is newer than their HTML (a warm cache, whose
    files are replaced, never rewritten in place: the published site may share them)."""
    from mkdocs.config import load_config

    with collecting(build_epoch) as warnings, one_converter():  # no "now" in sitemap.xml
        config = load_config(str(config_file))
        config.plugins["wongrian/prerendered"] = prerendered_plugin()
        config.plugins["wongrian/nav-memo"] = nav_memo_plugin()
        with atomic_writes(config.docs_dir):
            build(config, dirty)
    return sorted(w for w in warnings if "'dirty' build" not in w)  # (whichever process made it)


def build(config, dirty: bool = False, keep: bool = False, render: bool = True) -> set[str]:
    """MkDocs' `build()` step by step (mkdocs.commands.build, 1.6), except that the pages are
    read, rendered and written by this process and a forked copy, each doing half. A page's
    HTML depends on its own Markdown and on the nav, whose pages both processes read.
    `keep`: this process keeps its pages' content (for `LiveBuild`); returns the pages the copy
    rendered (not populated here). Without `render`, everything up to rendering is done (the
    site folder holds this build already): every page is returned."""
    from mkdocs import utils
    from mkdocs.commands import build as mk
    from mkdocs.structure.files import InclusionLevel, set_exclusions
    from mkdocs.structure.pages import Page

    if config.validation.links.anchors >= logging.WARNING or search_index(config) is not None \
            or not can_fork():  # anchors across pages, or one index of every page
        mk.build(config, dirty=dirty)
        return set()
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    if not dirty and render:
        utils.clean_directory(config.site_dir)
    files = mk.get_files(config)
    env = config.theme.get_env()
    env.bytecode_cache = compiled.MKDOCS  # Material's templates compiled once per machine
    env.auto_reload = False  # nor checked on disk at every include of every page (a stat each)
    add_theme_files(files, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = config.plugins.on_nav(mk.get_navigation(files, config), config=config, files=files)
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    for file in doc_files:
        if file.page is None:
            Page(None, file, config)
    in_nav = {id(page) for page in nav.pages}
    for page in nav.pages:  # titles and metadata the nav of every page shows
        mk._populate_page(page, config, files, dirty)
    env = config.plugins.on_env(env, config=config, files=files)
    if not render:
        return {file.src_uri for file in doc_files}

    def render(batch: list) -> None:
        """A batch of pages: each of MkDocs' steps (read and convert the Markdown, then the
        theme, then the files) for all of them in turn. Running the same code many times in
        a row is faster (the processor's caches stay warm): alternating the steps page by
        page took 16 % more CPU at 2,000 stories, and writing each file after its theme 7 %."""
        for page in batch:
            if id(page) not in in_nav:
                mk._populate_page(page, config, files, dirty)
        with _writes_held() as held:
            for page in batch:
                mk._build_page(page, config, doc_files, nav, env, dirty)
                if not keep:
                    page.content = page.markdown = None  # the page is written: keep memory flat
        for content, path in held:
            _write_atomic(content, path)

    def static() -> None:
        files.copy_static_files(dirty=dirty, inclusion=InclusionLevel.is_included)
        for template in config.theme.static_templates:
            mk._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mk._build_extra_template(template, files, config, nav)

    pages = [f.page for f in doc_files if not dirty or f.is_modified()]
    warnings = _handler().into
    theirs: set[str] = set()
    if parallel.markdown_size(pages) > parallel.PARALLEL_BYTES:
        theirs = parallel.render_in_two(pages, render, warnings, first=static)
    else:
        static()
        for batch in batches(pages, parallel.BATCH):
            render(batch)
    config.plugins.on_post_build(config=config)
    return theirs


def add_theme_files(files, config) -> None:
    """`files.add_files_from_theme(env, config)` (MkDocs 1.6) without walking the folders whose
    files it skips anyway (a name starting with "."; Material's 14,000 icons are under
    `.icons`): the same files, in the same order, in a fraction of the time."""
    import fnmatch

    from mkdocs import utils
    from mkdocs.structure.files import File

    patterns = [".*", "*/.*", "*.py", "*.pyc", "*.html", "*readme*", "mkdocs_theme.yml",
                "locales/*", *(f"*{x}" for x in utils.markdown_extensions),
                *config.theme.static_templates]
    found = set()
    for folder in config.theme.dirs:
        for at, dirs, names in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            rel = os.path.relpath(at, folder)
            found.update(n if rel == "." else f"{rel}/{n}".replace(os.sep, "/") for n in names)
    for path in sorted(found):
        if any(fnmatch.fnmatch(path.lower(), pattern) for pattern in patterns):
            continue
        if files.get_file_from_path(path) is None:
            for folder in config.theme.dirs:
                if os.path.isfile(os.path.join(folder, path)):
                    files.append(File(path, folder, config.site_dir, config.use_directory_urls))
                    break


def _handler() -> "_Collect":
    """The warning collector `collecting()` installed."""
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, _Collect):
            return handler
    raise RuntimeError("build() runs inside collecting()")


class _Collect(logging.Handler):
    def __init__(self, into: list[str]):
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())


_LINK_FROM = ""  # the docs tree being built (its files may be hard-linked into the site)


@contextmanager
def atomic_writes(docs_dir: str = ""):
    """Each output file is replaced in one step while the site is being served, so that a
    reader never gets half a page."""
    from mkdocs import utils

    global _LINK_FROM
    saved = utils.write_file, utils.copy_file, _LINK_FROM
    utils.write_file, utils.copy_file = _write_atomic, _copy_atomic
    _LINK_FROM = os.path.join(os.path.abspath(docs_dir), "") if docs_dir else ""
    try:
        yield
    finally:
        utils.write_file, utils.copy_file, _LINK_FROM = saved


_held: list[tuple[bytes, str]] | None = None  # files to write once the block is done


@contextmanager
def _writes_held():
    """The files MkDocs writes while the block runs, held (in the list it gives) instead."""
    global _held
    _held = held = []
    try:
        yield held
    finally:
        _held = None


def _temporary(output_path: str) -> str:
    """This process's temporary name beside `output_path` (names.temporary_name)."""
    head, name = os.path.split(output_path)
    return os.path.join(head, temporary_name(name, f".{os.getpid()}"))


def _write_atomic(content: bytes, output_path: str) -> None:
    if _held is not None:
        _held.append((content, output_path))
        return
    os.makedirs(os.path.dirname(output_path), exist_ok=True)
    temporary = _temporary(output_path)
    with open(temporary, "wb") as out:
        out.write(content)
    os.replace(temporary, output_path)


def _copy_atomic(source_path: str, output_path: str) -> None:
    """A static file into the site; one of the generated docs tree as a hard link where the file
    system allows (those files are replaced, never rewritten, so the two names never disagree;
    the theme's own files are copied)."""
    if os.path.isdir(output_path):
        output_path = os.path.join(output_path, os.path.basename(source_path))
    os.makedirs(os.path.dirname(output_path), exist_ok=True)
    temporary = _temporary(output_path)
    try:
        if not (_LINK_FROM and os.path.abspath(source_path).startswith(_LINK_FROM)):
            raise OSError("copy")
        os.link(source_path, temporary, follow_symlinks=False)
    except OSError:
        with open(source_path, "rb") as source:
            _write_atomic(source.read(), output_path)
        return
    os.replace(temporary, output_path)


@contextmanager
def collecting(build_epoch: int):
    """MkDocs' warnings while the block runs, with the pinned build date."""
    os.environ["SOURCE_DATE_EPOCH"] = str(build_epoch)
    warnings: list[str] = []
    handler = _Collect(warnings)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield warnings
    finally:
        logger.removeHandler(handler)
