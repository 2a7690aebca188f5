"""A persistent cache of read and checked stories, in `.cache/check/` beside `content/`.

A story file is parsed and checked again only when its bytes changed; everything that
shapes a checked story (the generator's code, the versions of the Thai and gazetteer
packages, `site_config.yml` and the registry files) is in the name of the cache file, so
any change there starts a new, empty cache. The folder is ignored by git and safe to delete.

    with check_cache(root) as cache:
        checked = check_project(root, strict, read=cache.read, check=cache.check,
                                scan=cache.scan, markup=cache.markup, rows=cache.rows)

or in one line, `checked = check_with_cache(check_project, root, strict)`.

The results, warnings and errors are the same as without the cache, in the same order.
Story bodies are not kept (they are most of the bytes): they come from the files, which are
read anyway to see whether they changed.
Cache files are signed with a key kept outside the project (`~/.cache/wongrian/cache-key`)
and hold only the model's classes: a file committed to a repository or copied from another
machine is ignored, never unpickled into anything else.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from .. import __version__
from ..errors import ContentError, Problems
from ..files import relative
from ..indicators.tables import data_paths, read_rows
from ..load import RawStory, parse_story, read_story, story_body
from ..model import Story
from ..privacy import Allowed, scan_story
from ..registry import Resolvers
from ..sanitize import warn_dropped_markup
from ..stories import check_story
from ..thai import count_words
from .keys import SHAPING_PACKAGES, hash_code
from .readahead import read_ahead, sharing_wanted
from .signed import ignored_by_git, read_signed, worth_rewriting, write_signed
from .slugs import load_slugs, save_slugs

CACHE_DIR = Path(".cache") / "check"
FORMAT = 3  # bump when the layout of the cache file changes
T = TypeVar("T")
PLAIN_CELLS = (str, int, float, bool, type(None))  # spreadsheet cells kept in the cache


def cache_key(root: Path) -> str:
    """Hash of everything besides the story file that shapes a checked story."""
    key = hashlib.blake2b(f"{FORMAT} {__version__}".encode(), digest_size=16)
    hash_code(key, SHAPING_PACKAGES)
    registry = root / "content" / "registry"
    inputs = [root / "site_config.yml"] + (sorted(registry.rglob("*")) if registry.exists() else [])
    for path in inputs:
        if path.is_file():
            key.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return key.hexdigest()


Found = tuple[list[ContentError], list[ContentError]]  # errors, warnings


@dataclass
class _Entry:
    """One story file: its digest, how it read, and (once checked) how it checked, what the
    personal-data scan and the sanitiser found in it."""

    digest: bytes
    raw: RawStory | None
    read: Found
    story: object = None
    checked: Found | None = None
    scanned: Found | None = None
    marked: Found | None = None


NOT_COUNTED = -1  # the words of a story checked by `wongrian check` (counted by a build)


def _uncounted(entry: _Entry) -> bool:
    return isinstance(entry.story, Story) and entry.story.words == NOT_COUNTED


def _not_counted(body: str) -> int:
    return NOT_COUNTED


def _replaced(obj, **changes):
    """`dataclasses.replace` for the cache's dataclasses (none has `__post_init__` or
    `__slots__`), without running `__init__`: a tenth of the time, for 6,000 copies a build."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__, **changes)
    return new


def _without_body(entry: _Entry) -> _Entry:
    """The entry as kept in the cache file: without the story's body."""
    if entry.raw is None:
        return entry
    story = _replaced(entry.story, body="") if isinstance(entry.story, Story) else entry.story
    return _replaced(entry, raw=_replaced(entry.raw, body=""), story=story)


def _with_body(entry: _Entry, data: bytes) -> _Entry:
    """A kept entry with the body of its file (whose bytes are the ones it was made from)."""
    if entry.raw is None:
        return entry
    body = story_body(data)
    story = _replaced(entry.story, body=body) if isinstance(entry.story, Story) else entry.story
    return _replaced(entry, raw=_replaced(entry.raw, body=body), story=story)


def _replay(found: Found, into: Problems) -> None:
    into.errors.extend(found[0])
    into.warnings.extend(found[1])


# Only the classes a cache file may hold are ever loaded from it, and only from a file this
# machine signed: a planted file cannot make the unpickler call anything else.
_ALLOWED = {
    ("generator.cache.check", "_Entry"), ("generator.load", "RawStory"),
    ("generator.yamlsource", "Lines"), ("generator.model", "Story"),
    ("generator.model", "SeriesRef"), ("generator.errors", "ContentError"),
    ("datetime", "date"), ("datetime", "datetime"), ("builtins", "set"),
    ("builtins", "frozenset"),
}


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a check cache")
        return super().find_class(module, name)


class CheckCache:
    """`read`, `check`, `scan`, `markup` and `rows` hooks for `check_project` backed by the
    cache file; `save()` after. The scan's allow-list comes from site_config.yml, part of the
    key."""

    def __init__(self, root: Path, workers: int | None = None, count_words: bool = True):
        """`workers`: processes beside this one that make the entries it lacks (0: none; one
        is used; default: one when there is a second core, see `readahead`)."""
        self.root = root.resolve()
        self.count_words = count_words  # False: stories keep NOT_COUNTED (`wongrian check`)
        self.folder = self.root / CACHE_DIR
        self.key = cache_key(self.root)
        self.entries, self.tables = self._load()
        load_slugs(self.root, self.key)
        self.used: dict[str, _Entry] = {}
        self.tables_used: dict[bytes, tuple] = {}
        self.sheets: dict[Path, tuple[bytes, list | None]] = {}  # opened ahead by the copy
        self.share = sharing_wanted() if workers is None else workers > 0
        self.prepared: dict[str, _Entry] = {}  # entries `readahead` made, with their bodies
        self.reads = self.checks = 0  # files really parsed / checked (not from the cache)
        self.counted = 0  # stories checked by `wongrian check` whose words this run counted
        self.changed = False  # anything computed that the cache file does not hold yet

    @property
    def path(self) -> Path:
        return self.folder / f"{self.key}.pickle"

    def _load(self) -> tuple[dict[str, _Entry], dict[bytes, tuple]]:
        try:
            data = read_signed(self.path)
            if data is None:
                return {}, {}
            entries, tables = _SafeUnpickler(io.BytesIO(data)).load()
        except Exception:  # missing, stale, damaged or unsigned: start empty (it is optional)
            return {}, {}
        if not isinstance(entries, dict) or not isinstance(tables, dict):
            return {}, {}
        return ({k: v for k, v in entries.items() if isinstance(k, str) and isinstance(v, _Entry)},
                {k: v for k, v in tables.items() if isinstance(k, bytes) and isinstance(v, tuple)})

    def read(self, path: Path, root: Path, problems: Problems) -> RawStory | None:
        """`load.read_story`, from the cache when the file's bytes are unchanged."""
        source = relative(path, root)
        entry = self.prepared.pop(source, None)
        if entry is not None:  # made by `readahead` from the bytes it read
            self.used[source] = entry
            _replay(entry.read, problems)
            return entry.raw
        try:
            data = path.read_bytes()
        except OSError:  # gone or unreadable: reported as without the cache, never kept
            return read_story(path, root, problems)
        digest = hashlib.blake2b(data, digest_size=16).digest()
        entry = self.entries.get(source)
        if entry is None or entry.digest != digest:
            found = Problems()
            raw = parse_story(source, data, found)
            entry = _Entry(digest, raw, (found.errors, found.warnings))
            self.reads += 1
            self.changed = True
        else:
            entry = _with_body(entry, data)
        self.used[source] = entry
        _replay(entry.read, problems)
        return entry.raw

    def check(self, raw: RawStory, resolvers: Resolvers, problems: Problems):
        """`stories.check_story`, from the cache when the story was checked before."""
        entry = self.used.get(raw.source)
        if entry is None or entry.raw is not raw:  # not read through this cache
            return check_story(raw, resolvers, problems)
        if entry.checked is None:
            found = Problems()
            entry.story = check_story(raw, resolvers, found,
                                      count=count_words if self.count_words else _not_counted)
            entry.checked = (found.errors, found.warnings)
            self.checks += 1
            self.changed = True
        elif self.count_words and _uncounted(entry):
            entry.story = _replaced(entry.story, words=count_words(raw.body))
            self.counted += 1
            self.changed = True
        _replay(entry.checked, problems)
        return entry.story

    def _cached(self, raw: RawStory, field: str, step: Callable[[Problems], None],
                problems: Problems) -> None:
        """Run `step` for a story read through this cache once, keep what it found in
        `field` of the entry, and replay that (a story read otherwise: `step` again)."""
        entry = self.used.get(raw.source)
        if entry is None or entry.raw is not raw:
            return step(problems)
        if getattr(entry, field) is None:
            found = Problems()
            step(found)
            setattr(entry, field, (found.errors, found.warnings))
            self.changed = True
        _replay(getattr(entry, field), problems)

    def scan(self, raw: RawStory, allowed: Allowed, problems: Problems) -> None:
        """`privacy.scan_story`, from the cache when the story was scanned before."""
        self._cached(raw, "scanned", lambda into: scan_story(raw, allowed, into), problems)

    def markup(self, raws: list[RawStory], problems: Problems) -> None:
        """`sanitize.warn_dropped_markup`, from the cache for stories looked at before."""
        for raw in raws:
            self._cached(raw, "marked", lambda into: warn_dropped_markup([raw], into), problems)

    def make_entries(self, paths: list[Path], allowed: Allowed,
                     resolvers: Resolvers) -> dict[str, _Entry | None]:
        """Each story file's whole entry, by source, made by the steps `check_project` takes
        (`readahead` makes them ahead); None when the file could not be read. Each step runs
        for all the files in turn: the same code many times in a row is faster (the
        processor's caches stay warm)."""
        raws = [self.read(path, self.root, Problems()) for path in paths]
        for step in (lambda raw: self.scan(raw, allowed, Problems()),
                     lambda raw: self.markup([raw], Problems()),
                     lambda raw: self.check(raw, resolvers, Problems())):
            for raw in raws:
                if raw is not None:
                    step(raw)
        return {source: self.used.pop(source, None)
                for source in (relative(path, self.root) for path in paths)}

    def made_ahead(self, entries: dict[str, _Entry | None]) -> None:
        """Entries `readahead` made: `read` takes them instead of reading the files again."""
        self.prepared.update((k, e) for k, e in entries.items() if e is not None)
        self.changed = self.changed or bool(entries)

    def ahead(self, paths: list[Path], config, resolvers: Resolvers) -> None:
        """Before `paths` are read one by one: the entries this cache lacks, made on two cores
        (`readahead.read_ahead`)."""
        read_ahead(self, paths, config, resolvers)

    @staticmethod
    def uncounted(entry: _Entry) -> bool:
        return _uncounted(entry)

    def open_sheets(self) -> dict[Path, tuple[bytes, list | None]]:
        """The spreadsheets this cache does not hold, opened (in the copy `readahead` forks,
        while this process reads stories): {path: (digest, rows, or None when it failed)}."""
        sheets = {}
        for path in data_paths(self.root):
            if path.suffix.lower() == ".xlsx":
                try:
                    digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
                except OSError:
                    continue
                if digest not in self.tables:
                    try:
                        sheets[path.resolve()] = (digest, read_rows(path))
                    except Exception:  # noqa: BLE001 - opened again, so that the error
                        sheets[path.resolve()] = (digest, None)  # is reported as usual
        return sheets

    def _rows_read_ahead(self, path: Path, digest: bytes) -> list | None:
        digest_then, rows = self.sheets.get(path.resolve(), (None, None))
        return rows if digest_then == digest else None

    def rows(self, path: Path) -> list[tuple[int, tuple]]:
        """`indicators.tables.read_rows`, from the cache for a spreadsheet (.xlsx) whose bytes
        are unchanged: opening one costs a third of a second, a CSV file next to nothing."""
        if path.suffix.lower() != ".xlsx":
            return read_rows(path)
        digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        rows = self.tables.get(digest)
        if rows is None:
            ahead = self._rows_read_ahead(path, digest)
            rows = tuple(read_rows(path) if ahead is None else ahead)  # damaged: raises
            if not all(type(cell) in PLAIN_CELLS for _, cells in rows for cell in cells):
                return list(rows)
            self.changed = True
        self.tables_used[digest] = rows
        return list(rows)

    def save(self) -> None:
        """Write the entries of the files seen in this run, and new slugs; drop older cache
        files. A file that is only a few stories behind is left as it is (`worth_rewriting`:
        they are read again next time, which costs less than writing every entry)."""
        save_slugs(self.root, self.key)
        complete = {k: e for k, e in self.used.items() if e.raw is None or e.checked is not None}
        same_tables = self.tables_used.keys() == self.tables.keys()
        if not complete or (not self.changed and complete.keys() == self.entries.keys()
                            and same_tables):
            return
        if self.entries and same_tables and not worth_rewriting(self.reads + self.counted,
                                                                len(complete)):
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        ignored_by_git(self.root / ".cache")
        kept = {k: _without_body(e) for k, e in complete.items()}
        write_signed(self.path, pickle.dumps((kept, self.tables_used),
                                             protocol=pickle.HIGHEST_PROTOCOL))
        for old in self.folder.glob("*.pickle"):
            if old != self.path:
                old.unlink(missing_ok=True)


@contextmanager
def check_cache(root: Path, workers: int | None = None,
                count_words: bool = True) -> Iterator[CheckCache]:
    """A `CheckCache` for the project at `root`, saved when the block ends (even on errors)."""
    cache = CheckCache(root, workers, count_words)
    try:
        yield cache
    finally:
        try:
            cache.save()
        except OSError:  # `.cache` a file, or read-only: the stories are checked again next time
            pass


def check_with_cache(check_project: Callable[..., T], root: Path, strict: bool = False,
                     enabled: bool = True, count_words: bool = True) -> T:
    """`check_project(root, strict)` through the check cache (`enabled=False`: without it).
    Without `count_words` (`wongrian check`: reading times are a build's business) the
    stories' words are NOT_COUNTED; the next build through the cache counts them."""
    if not enabled:
        return check_project(root, strict)
    with check_cache(root, count_words=count_words) as cache:
        return check_project(root, strict, read=cache.read, check=cache.check, scan=cache.scan,
                             markup=cache.markup, rows=cache.rows, ahead=cache.ahead)
