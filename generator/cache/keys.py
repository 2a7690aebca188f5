"""What a cache is keyed by: the generator's own code and theme, the versions of the packages
that shape the output, and a project's inputs. A cache made by other code, other packages or
other content is never reused; each cache adds what else shapes its entries (`check.cache_key`,
`pages.shape_key`)."""

from __future__ import annotations

import functools
import hashlib
import os
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # generator/
THEME = PACKAGE.parent / "theme"
BUILD_FORMAT = 1  # bump when the layout of `.cache/build/` changes
SHAPING_PACKAGES = ("pythainlp", "nlpo3", "geothai", "PyYAML")  # what shapes a checked story


def hash_code(digest, packages: tuple[str, ...]) -> None:
    """Feed `digest` the generator's Python files and the versions of `packages` (a cache
    made by other code, or with other packages, is not reused)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    for name in packages:
        try:
            digest.update(f"{name} {metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} -;".encode())


def _hash_files(paths, digest) -> None:
    for path in paths:
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        digest.update(path.read_bytes() if path.is_file() and not path.is_symlink() else b"")


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """Everything besides content that shapes the output: our code, theme and the engines."""
    digest = hashlib.sha256(f"{BUILD_FORMAT}".encode())
    for name in ("mkdocs", "mkdocs-material", "markdown", "nh3", "pythainlp", "geothai"):
        try:
            digest.update(f"{name}={metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:
            pass
    files = sorted(p for folder in (PACKAGE, THEME) for p in folder.rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts)
    _hash_files(files, digest)
    return digest.hexdigest()


def content_fingerprint(root: Path) -> str:
    """A hash of every input of a build: content/, site_config.yml and `code_version()`."""
    digest = hashlib.sha256(code_version().encode())
    content = root / "content"
    files = sorted(p for p in content.rglob("*")) if content.is_dir() else []
    _hash_files([root / "site_config.yml", *files], digest)
    for path in files:  # a symlink's target is part of the input too
        if path.is_symlink():
            digest.update(os.readlink(path).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()
