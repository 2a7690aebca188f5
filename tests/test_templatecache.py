"""Compiled templates are kept between runs, signed: a planted file is never run as code."""

from __future__ import annotations

import jinja2

from generator.cache.templates import SignedBytecode


def env(folder, cache) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=cache,
                              autoescape=True)


def test_a_compiled_template_is_kept_and_used_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("<p>{{ x }}</p>", encoding="utf-8")
    cache = SignedBytecode("test")
    assert env(tmp_path / "t", cache).get_template("page.html").render(x="<b>") == "<p>&lt;b&gt;</p>"
    kept = list(cache.where.glob("*.bin"))
    assert len(kept) == 1
    compiled = []
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda *a, **k: compiled.append(a) or pytest_fail())
    assert env(tmp_path / "t", cache).get_template("page.html").render(x="a") == "<p>a</p>"
    assert compiled == []


def pytest_fail():
    raise AssertionError("compiled again")


def test_a_file_this_machine_did_not_sign_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("<p>{{ x }}</p>", encoding="utf-8")
    cache = SignedBytecode("test")
    env(tmp_path / "t", cache).get_template("page.html")
    kept = next(cache.where.glob("*.bin"))
    source = "<p>{{ x }}</p>"
    plain = jinja2.Environment()  # no escaping: code that must never run for an escaping one
    bucket = jinja2.bccache.Bucket(plain, "k", cache.get_source_checksum(source))
    bucket.code = plain.compile(source, "page.html", "page.html")
    forged = bucket.bytecode_to_string()
    kept.write_bytes(b"\0" * 32 + forged)  # forged signature
    assert env(tmp_path / "t", cache).get_template("page.html").render(x="<b>") == "<p>&lt;b&gt;</p>"
    from generator.cache.signed import sign, signing_key
    kept.write_bytes(sign(forged, signing_key()) + forged)  # signed: it would be used
    assert env(tmp_path / "t", cache).get_template("page.html").render(x="<b>") == "<p><b></p>"
