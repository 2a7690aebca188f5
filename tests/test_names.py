"""Names of generated files: never a Windows device name, never an index page, stable."""

from __future__ import annotations

import pytest

from generator.names import is_reserved, safe_name
from generator.paths import agency_path, area_path, series_path
from generator.site import tag_slugs


@pytest.mark.parametrize("name, safe", [
    ("con", "con-"), ("CON", "CON-"), ("Aux", "Aux-"), ("nul", "nul-"), ("prn", "prn-"),
    ("com1", "com1-"), ("LPT9", "LPT9-"), ("com1.txt", "com1-.txt"), ("index", "index-"),
    ("cone", "cone"), ("com10", "com10"), ("lpt0", "lpt0"), ("con-2", "con-2"), ("800121", "800121"),
    ("console", "console"), ("indexes", "indexes")])
def test_safe_name_renames_only_reserved_stems(name, safe):
    assert safe_name(name) == safe
    assert not is_reserved(safe_name(name))


def test_reserved_names_in_any_case_and_with_an_extension():
    assert is_reserved("CON") and is_reserved("con.html") and is_reserved("Lpt1.md")
    assert not is_reserved("con-.html") and not is_reserved("icon.png")


def test_path_functions_use_safe_names():
    assert agency_path("con") == "agency/con-.md"
    assert series_path("aux") == "series/aux-.md"
    assert series_path("index") == "series/index-.md"
    assert area_path("800121") == "area/800121.md"


def test_tag_slugs_are_safe_unique_and_stable():
    tags = {"CON": (), "con": (), "index": (), "บัญชีครัวเรือน": ()}
    slugs = tag_slugs(tags)
    assert slugs == {"CON": "con-", "con": "con-2", "index": "index-",
                     "บัญชีครัวเรือน": slugs["บัญชีครัวเรือน"]}
    assert tag_slugs(dict(reversed(list(tags.items())))) == slugs


def test_a_numbered_tag_slug_is_never_another_tags_own_and_the_most_used_tag_keeps_the_plain_one():
    tags = {"แผนชุมชน": ("a", "b"), "แผนชุมชน 2": ("a",), "แผน ชุมชน": ("c",),
            "abc": ("a",), "ABC": ("a", "b"), "abc-2": ("a",)}
    slugs = tag_slugs(tags)
    assert len(set(slugs.values())) == len(tags)
    assert (slugs["แผนชุมชน"], slugs["แผนชุมชน 2"], slugs["แผน ชุมชน"]) == \
        ("phaen-chumchon", "phaen-chumchon-2", "phaen-chumchon-3")
    assert (slugs["ABC"], slugs["abc-2"], slugs["abc"]) == ("abc", "abc-2", "abc-3")
    grown = tag_slugs({"บัญชีครัวเรือน": ("a", "b"), "บัญชี ครัวเรือน": ("c",)})  # a new near-duplicate
    assert grown["บัญชีครัวเรือน"] == "banchi-khruaruean"                       # keeps the address
