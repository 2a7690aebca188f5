"""What a build keeps between runs, in the project's `.cache/` (ignored by git, safe to delete)
and in the user's `~/.cache/wongrian/`. Every file is keyed by what shapes it (`keys`) and
signed with this machine's key (`signed`): a file made by other code, from other content, or
on another machine is never used.

- `check`: `.cache/check/`, each story read and checked, reused while its bytes stay the same;
  `readahead` makes the missing entries on two cores, `slugs` keeps the slugs of titles.
- `build`: `.cache/build/`, the docs tree MkDocs built last time and its output, so that a
  build writes and renders only what changed; `pages` keeps the page stage's pages, so that a
  body edit renders one story page, and `carry` moves what the features added onto it.
- `templates`: Material's and the page templates compiled once per machine.
"""
