"""The one package that talks to MkDocs: the config it gets (`config`), the build (`run`,
with both cores: `parallel`), its plugins, and the in-memory build of `wongrian serve`
(`live`).

Material 9 is in maintenance until 2027-05 and its successor reads the same config, so
everything engine-specific stays here.
"""

from .config import NAV, THEME_DIR, mkdocs_config, write_mkdocs_yml
from .live import LiveBuild
from .run import run_mkdocs

__all__ = ["NAV", "THEME_DIR", "LiveBuild", "mkdocs_config", "run_mkdocs", "write_mkdocs_yml"]
