"""What the features added to a page, carried onto a new text of the page.

The features (network, indicators) append sections to pages made by the page stage, and fill
the slot an area page leaves under its title. When a page is made again without running the
features (a body edit in a warm build, a save in `wongrian serve`), the sections they had
added to its previous text are put onto the new text.
"""

from __future__ import annotations

from .. import prerendered
from ..pages import AREA_SUMMARY_SLOT


def carry_page(whole: str, old_base: str | None, old_full: str | None) -> str:
    """`whole` (a page as the page stage made it) with what the features had added to the
    previous text of the page: `old_base` before the features ran, `old_full` after."""
    text, parts = prerendered.split(whole)  # features append before the parts
    if old_base is None or old_full is None:
        return whole
    before, before_parts = prerendered.split(old_base)
    after, after_parts = prerendered.split(old_full)
    if not after_parts.startswith(before_parts):  # features add their parts after the page's
        return whole
    added_parts = after_parts[len(before_parts):]
    if AREA_SUMMARY_SLOT in before:
        before, after, text = _carry_slot(before, after, text)
    stem = before.rstrip("\n")
    if after == before or not after.startswith(stem):
        return text + parts
    return text.rstrip("\n") + after[len(stem):] + parts + added_parts


def _carry_slot(before: str, after: str, text: str) -> tuple[str, str, str]:
    """What a feature put into a page's slot (the grades under an area's title), put into the
    new text as well; returns (before, after, text) with the slot filled in all three."""
    head, tail = before.split(AREA_SUMMARY_SLOT, 1)
    rest = after[len(head):] if after.startswith(head) else None
    at = rest.find(tail.rstrip("\n")) if rest is not None else -1
    if at < 0 or AREA_SUMMARY_SLOT not in text:
        return before, after, text
    filled = rest[:at]
    return (before.replace(AREA_SUMMARY_SLOT, filled, 1), after,
            text.replace(AREA_SUMMARY_SLOT, filled, 1))
