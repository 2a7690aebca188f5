"""Compiled Jinja templates kept between runs (MkDocs' theme and the page templates): each
build compiled Material's templates afresh, half a second of every build.

Kept in `~/.cache/wongrian/templates/<environment>/` beside the signing key, each file
signed like the other caches (a file this machine did not write is ignored, never loaded as
code). Jinja itself drops a kept template whose source changed, or that another Python or
Jinja compiled; one folder per environment, since its options (escaping, whitespace) shape
the compiled code.
"""

from __future__ import annotations

import os
from pathlib import Path

import jinja2

from .signed import read_signed, write_signed


def folder(environment: str) -> Path:
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wongrian"
    return home / "templates" / environment


class SignedBytecode(jinja2.BytecodeCache):
    """A `jinja2.BytecodeCache` of signed files, for one kind of environment."""

    def __init__(self, environment: str):
        self.environment = environment

    @property
    def where(self) -> Path:
        return folder(self.environment)  # (read when used: tests point XDG_CACHE_HOME elsewhere)

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.where / f"{bucket.key}.bin"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = read_signed(self._path(bucket))
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            self.where.mkdir(parents=True, exist_ok=True)
            write_signed(self._path(bucket), bucket.bytecode_to_string())
        except OSError:  # a read-only home: templates are compiled again next time
            pass


MKDOCS = SignedBytecode("mkdocs")  # MkDocs' theme environment (Material and our overrides)
PAGES = SignedBytecode("pages")    # `pages.make_environment`
