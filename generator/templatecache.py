"""Compiled Jinja templates kept between runs (MkDocs' theme and the page templates): each
build compiled Material's templates afresh, half a second of every build.

Kept in `~/.cache/wongrian/templates/<environment>/` beside the signing key, each file
signed like the other caches (a file this machine did not write is ignored, never loaded as
code). Jinja itself drops a kept template whose source changed, or that another Python or
Jinja compiled; one folder per environment, since its options (escaping, whitespace) shape
the compiled code.
"""

from __future__ import annotations

import hmac
import os
import tempfile
from pathlib import Path

import jinja2

from .cache import sign, signing_key


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
        try:
            raw = self._path(bucket).read_bytes()
        except OSError:
            return
        mac, data = raw[:32], raw[32:]
        if hmac.compare_digest(mac, sign(data, signing_key())):
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = bucket.bytecode_to_string()
        try:
            self.where.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.where, prefix=".tmp-")
            with os.fdopen(handle, "wb") as out:
                out.write(sign(data, signing_key()) + data)
            os.replace(temporary, self._path(bucket))
        except OSError:  # a read-only home: templates are compiled again next time
            pass


MKDOCS = SignedBytecode("mkdocs")  # MkDocs' theme environment (Material and our overrides)
PAGES = SignedBytecode("pages")    # `pages.make_environment`
