"""The build cache, for warm builds: `.cache/build/` beside the content keeps the docs tree
MkDocs built last time and its output. A build writes only the docs files whose bytes changed,
MkDocs re-renders only those pages (its `dirty` mode) and the output is published by hard
links; content that did not change at all skips the build. Safe to delete; anything that shapes
every page (the MkDocs config, the generator, the theme, the installed MkDocs and Material:
`keys.code_version`) starts the cache afresh."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..names import temporary_name
from ..output import WAIT, claim
from .keys import code_version, content_fingerprint
from .signed import dump_signed, load_signed, read_signed, write_signed

CACHE = Path(".cache") / "build"
BODIES = "bodies.pickle"  # rendered story bodies
RELATED = "related.pickle"  # each story's related stories, by the page tree's shape


@dataclass
class State:
    """What the cache holds: the key of its MkDocs tree, each docs file's hash, the stamp of
    both trees as the last build left them (`tree_stamp`), the last published build (its
    fingerprint, output folder and that folder's identity)."""

    tree_key: str = ""
    docs: dict[str, str] = field(default_factory=dict)
    stamp: str = ""
    fingerprint: str = ""
    published: dict = field(default_factory=dict)
    summary: dict = field(default_factory=dict)
    made_from: dict[str, str] = field(default_factory=dict)  # see `made`


class BuildCache:
    """The cache folder of one project, held under an exclusive lock while a build uses it."""

    def __init__(self, root: Path):
        self.root = root
        self.fingerprint = ""  # of the content, once `reuse` took it (for `record`)
        self.folder = root / CACHE
        self.docs_dir, self.site_dir = self.folder / "docs", self.folder / "site"
        self._lock = None
        self.state = State()
        self._listed: dict[Path, set[str]] = {}  # `published`'s folder listings
        self._related_shape = ""  # of the related stories `load_related` found

    @property
    def held(self) -> bool:
        return self._lock is not None

    def acquire(self, create: bool = True) -> bool:
        """Take the cache for this build; False when another build holds it (build cold then),
        or when it does not exist yet and `create` is false (a failed check writes nothing)."""
        if self.held:
            return True
        if not create and not self.folder.is_dir():
            return False
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._lock = open(self.folder / "lock", "w")
        except OSError:  # `.cache` a file, or read-only: this build makes everything afresh
            return False
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock.close()
            self._lock = None
            return False
        self.state = self._read_state()
        return True

    def release(self) -> None:
        if self._lock:
            self._lock.close()
            self._lock = None

    def _read_state(self) -> State:
        """The state this machine wrote; anything else (a file committed with the content, or
        copied from elsewhere) is not trusted, and the cached trees are built afresh."""
        data = read_signed(self.folder / "state.json")
        try:
            return State(**json.loads(data)) if data is not None else State()
        except (ValueError, TypeError):
            return State()

    def save(self) -> None:
        write_signed(self.folder / "state.json",
                     json.dumps(self.state.__dict__, ensure_ascii=False).encode("utf-8"))

    def load_bodies(self) -> dict[str, str]:
        """Rendered story bodies of the last build (see `body.render_body`)."""
        saved = load_signed(self.folder / BODIES)
        if not (isinstance(saved, dict) and saved.get("version") == code_version()
                and isinstance(saved.get("bodies"), dict)):
            return {}
        return {k: v for k, v in saved["bodies"].items()
                if isinstance(k, str) and isinstance(v, str)}

    def save_bodies(self, bodies: dict[str, str]) -> None:
        """Pickled into the file as it is written (no JSON text of hundreds of MB to make
        first), signed."""
        dump_signed(self.folder / BODIES, {"version": code_version(), "bodies": bodies})
        (self.folder / "bodies.json").unlink(missing_ok=True)  # as earlier versions kept them

    def load_related(self, shape: str) -> dict[str, tuple[str, ...]] | None:
        """Each story's related stories as the last build of this page tree's `shape` found
        them (they come from the stories' front matter and the config, both in the shape);
        None when it had another shape."""
        saved = load_signed(self.folder / RELATED)
        related = saved.get("related") if isinstance(saved, dict) and saved.get("shape") == shape \
            else None
        if not (isinstance(related, dict) and all(
                isinstance(k, str) and isinstance(v, tuple) for k, v in related.items())):
            return None
        self._related_shape = shape
        return related

    def save_related(self, shape: str, related: Mapping[str, tuple[str, ...]]) -> None:
        """Keep the related stories for the next build of this `shape` (unless found there)."""
        if shape != self._related_shape:
            dump_signed(self.folder / RELATED, {"shape": shape, "related": dict(related)})
            self._related_shape = shape

    def load_search(self) -> None:
        """The search index's memo of each document's grams (`search/memo.py`)."""
        from ..search import memo

        memo.load(self.folder / "search.bin", code_version())
        memo.save_to = (self.folder / "search.bin", code_version())  # see `save_search`

    def load_search_head(self) -> None:
        """Which shape the search memo's documents are of (`search/memo.py`), not the memo."""
        from ..search import memo

        memo.load_head(self.folder / "search.bin", code_version())

    def save_search(self) -> None:
        """Write the memo, unless the search index wrote it as soon as it had cut the grams."""
        from ..search import memo

        if memo.save_to is not None:
            memo.save(*memo.save_to)

    # -- the unchanged case ----------------------------------------------------------------------
    def reuse(self, out_dir: Path, strict: bool = False, wait: float = WAIT) -> dict | None:
        """The last build's summary when nothing changed since (`unchanged`) and there is
        nothing to build (`strict` and warnings: there is), the cache let go of; else None,
        the cache held when it exists (`acquire`) and the content's fingerprint taken for
        `record`. Needs none of the pipeline's modules: `wongrian build` imports those only
        when this says no (they were 0.3 s of a 0.5 s build of unchanged content)."""
        self.fingerprint = content_fingerprint(self.root)
        summary = self.unchanged(self.fingerprint, out_dir) if self.acquire(create=False) \
            else None
        if not summary or (strict and summary["warnings"]):
            return None
        try:
            with claim(out_dir, wait):  # nothing to build, unless another build is writing
                return summary
        finally:
            self.release()

    def unchanged(self, fingerprint: str, out_dir: Path) -> dict | None:
        """The summary of the last build when nothing changed and its output is still in place."""
        published = self.state.published
        if not fingerprint or fingerprint != self.state.fingerprint or not published:
            return None
        try:
            info = out_dir.stat()
        except OSError:
            return None
        same = published == {"path": str(out_dir), "ino": info.st_ino, "dev": info.st_dev}
        return self.state.summary if same else None

    def record(self, fingerprint: str, out_dir: Path, summary: dict) -> None:
        info = out_dir.stat()
        self.state.fingerprint, self.state.summary = fingerprint, summary
        self.state.published = {"path": str(out_dir), "ino": info.st_ino, "dev": info.st_dev}
        self.save()

    # -- the docs tree ---------------------------------------------------------------------------
    def intact(self) -> bool:
        """Whether both trees are as the last build left them (`seal`): a file written since,
        such as a page of the published site edited in place (they are the same files), is
        not trusted, and the trees are made afresh."""
        return bool(self.state.stamp) and self.state.stamp == tree_stamp(self.docs_dir,
                                                                          self.site_dir)

    def seal(self) -> None:
        """Record the trees as this build leaves them (for `intact`)."""
        self.state.stamp = tree_stamp(self.docs_dir, self.site_dir)
        self.save()

    def published(self, rel: str, digest: str) -> bool:
        """Whether the docs tree and MkDocs' output hold this file with this SHA-1 (each
        folder listed once, not a file looked up at a time: thousands of search files)."""
        if self.state.docs.get(rel) != digest:
            return False
        folder, _, name = rel.rpartition("/")
        return all(name in self._names(top / folder) for top in (self.docs_dir, self.site_dir))

    def _names(self, folder: Path) -> set[str]:
        """The files of `folder` (listed on first use; the build holds the cache's lock)."""
        names = self._listed.get(folder)
        if names is None:
            try:
                names = {e.name for e in os.scandir(folder) if e.is_file(follow_symlinks=False)}
            except OSError:
                names = set()
            self._listed[folder] = names
        return names

    def made(self, rel: str, key: str) -> str | None:
        """The SHA-1 of the docs file `rel` when the last `sync_folder` recorded it as made
        from the inputs whose hash is `key` (a search text: `search.pages.write_files`)."""
        return self.state.docs.get(rel) if self.state.made_from.get(rel) == key else None

    def sync_folder(self, folder: str, staged: Path, digests: Mapping[str, str],
                    made_from: Mapping[str, str] = {}) -> None:
        """Make the folder `folder` of the cached docs tree and of MkDocs' output hold exactly
        the files `digests` names (with their SHA-1s), static files MkDocs did not see
        (`sync(later=folder)`): those written under `staged` are moved in, each replacing the
        old one, never rewriting it in place (published sites share them); the others are in
        place (`published`). `made_from`: the input hashes of those files (see `made`).
        `staged` is removed. A folder made afresh (a first build) is moved in whole."""
        self.state.made_from = {rel: key for rel, key in made_from.items() if rel in digests}
        if self._fresh(folder) and _holds_exactly(staged, folder, digests):
            self.docs_dir.mkdir(parents=True, exist_ok=True)
            os.replace(staged / folder, self.docs_dir / folder)  # one step, not one a file
            link_tree(self.docs_dir / folder, self.site_dir / folder)
            self.state.docs.update(digests)
        else:
            self._sync_files(folder, staged, digests)
        shutil.rmtree(staged, ignore_errors=True)
        self.save()

    def _sync_files(self, folder: str, staged: Path, digests: Mapping[str, str]) -> None:
        """`sync_folder` file by file: what is gone deleted, what was staged moved in."""
        for rel in sorted(rel for rel in self.state.docs if rel.startswith(folder + "/")
                          and rel not in digests):
            (self.docs_dir / rel).unlink(missing_ok=True)
            _unlink_output(self.site_dir, rel)
            del self.state.docs[rel]
        for rel, digest in sorted(digests.items()):
            if (staged / rel).exists():
                source, output = self.docs_dir / rel, self.site_dir / rel
                source.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged / rel, source)
                output.parent.mkdir(parents=True, exist_ok=True)
                _link_or_copy(source, output)  # as MkDocs publishes a static file
                self.state.docs[rel] = digest
            elif not self.published(rel, digest):
                raise FileNotFoundError(f"{rel} was neither made nor in place")

    def _fresh(self, folder: str) -> bool:
        """Whether neither the docs tree nor MkDocs' output holds anything of `folder`."""
        return not any(rel.startswith(folder + "/") for rel in self.state.docs) \
            and not (self.docs_dir / folder).exists() and not (self.site_dir / folder).exists()

    def sync(self, tree_key: str, files: Mapping[str, bytes], later: str = "") -> bool:
        """Make the cached docs tree hold exactly `files`, writing only what changed and
        deleting the output of what was removed; files under the folder `later` are left as
        they are, for `sync_folder` after MkDocs. What a file was made from (`files.made_from`,
        if `files` can tell) is recorded for `made`. Returns whether MkDocs may build 'dirty'."""
        warm = tree_key == self.state.tree_key and self.docs_dir.is_dir() \
            and self.site_dir.is_dir() and self.intact()
        if not warm:
            for tree in (self.docs_dir, self.site_dir):
                _remove(tree)
            self.state = State(tree_key=tree_key)
        kept = {rel: h for rel, h in self.state.docs.items() if later and rel.startswith(later + "/")}
        for rel in sorted(set(self.state.docs) - set(files) - set(kept)):
            (self.docs_dir / rel).unlink(missing_ok=True)
            _unlink_output(self.site_dir, rel)
        hashes = dict(kept)
        made_from = getattr(files, "made_from", lambda rel: None)
        made = {rel: key for rel, key in self.state.made_from.items() if rel in kept}
        for rel in sorted(files):  # one file's bytes at a time (see `build.DocsTree`)
            data = files[rel]
            hashes[rel] = hashlib.sha1(data).hexdigest()
            key = made_from(rel)
            if key is not None:
                made[rel] = key
            if self.state.docs.get(rel) != hashes[rel] or not (self.docs_dir / rel).exists():
                target = self.docs_dir / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                _replace(target, data)
        (self.site_dir / "sitemap.xml.gz").unlink(missing_ok=True)  # MkDocs writes it in place
        self.state.docs = hashes
        self.state.made_from = made  # (the other files this sync may have rewritten)
        self.state.tree_key = tree_key
        self.state.fingerprint = self.state.stamp = ""  # until this build is published, sealed
        self.save()
        return warm


def tree_stamp(*folders: Path) -> str:
    """A hash of the path, size, modification time and inode of every file under `folders`
    (one stat a file: 12,000 files in 0.1 s)."""
    digest = hashlib.blake2b(digest_size=16)
    for top in folders:
        digest.update(b"\1")
        for folder, dirs, files in os.walk(top):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                info = os.lstat(path)
                digest.update(f"{os.path.relpath(path, top)}\0{info.st_size} {info.st_mtime_ns} "
                              f"{info.st_ino}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _remove(path: Path) -> None:
    """`path` gone, whether a folder or (a damaged cache) a file or link."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _replace(target: Path, data: bytes) -> None:
    temporary = target.with_name(temporary_name(target.name))
    temporary.write_bytes(data)
    os.replace(temporary, target)


def _holds_exactly(staged: Path, folder: str, digests: Mapping[str, str]) -> bool:
    """Whether `staged/folder` holds these files (`folder/…` paths) and nothing else."""
    return set(digests) == {os.path.relpath(os.path.join(top, name), staged)
                            for top, _, names in os.walk(staged / folder) for name in names}


def _link_or_copy(source: Path, target: Path) -> None:
    """`target` replaced by a hard link to `source`, or by a copy where links cannot be made."""
    temporary = target.with_name(temporary_name(target.name))
    try:
        temporary.unlink(missing_ok=True)
        os.link(source, temporary)
    except OSError:
        shutil.copyfile(source, temporary)
    os.replace(temporary, target)


def _unlink_output(site_dir: Path, rel: str) -> None:
    output = site_dir / (rel[:-3] + ".html" if rel.endswith(".md") else rel)
    output.unlink(missing_ok=True)


def link_tree(source: Path, target: Path, leave_out: str = "") -> None:
    """A copy of `source` made of hard links (MkDocs replaces files, never rewrites them;
    copies where links cannot be made), without its top-level folder `leave_out`, if given."""
    for folder, dirs, files in os.walk(source):
        dirs.sort()
        rel = os.path.relpath(folder, source)
        if rel == "." and leave_out in dirs:
            dirs.remove(leave_out)
        os.makedirs(os.path.join(target, rel), exist_ok=True)
        for name in sorted(files):
            original, copy = os.path.join(folder, name), os.path.join(target, rel, name)
            try:
                os.link(original, copy)
            except OSError:  # (a file system without hard links)
                shutil.copyfile(original, copy)
