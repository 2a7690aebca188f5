"""`make bench` (bench/peer.py): the report compares every peer with Hugo, and Wongrian's
cold build with the other peers; an unknown peer is refused before anything is built."""

from __future__ import annotations

import sys

import pytest

from bench import peer


def _run(wall: float) -> dict:
    return {"wall": wall, "cpu": wall * 1.5, "rss": 100.0, "tree": None}


def test_the_report_puts_every_peer_beside_hugo_and_wongrian_beside_the_others():
    rounds = [{"hugo cold build": _run(2.0), "material-docs cold build": _run(9.0),
               "wongrian cold build": _run(12.0), "wongrian warm build": _run(0.2)},
              {"hugo cold build": _run(1.5), "material-docs cold build": _run(8.0),
               "wongrian cold build": _run(10.0), "wongrian warm build": _run(0.3)}]
    text = peer.report(2000, rounds, ["0.1", "0.2", "0.3"], "python -m bench.peer")
    rows = {line.split(" | ")[0].lstrip("| "): line for line in text.splitlines()
            if line.startswith("| ") and "cold build" in line}
    assert "| 8.00 s | 9.0, 8.0 | 5.33× |" in rows["material-docs cold build"]  # minimum ÷ Hugo's
    assert "| 10.00 s | 12.0, 10.0 | 6.67× |" in rows["wongrian cold build"]
    assert "against the other peers (minimum wall time): 1.25× material-docs." in text
    alone = peer.report(2000, [{k: v for k, v in rounds[0].items() if "material" not in k}],
                        ["0.1", "0.2"], "make bench")
    assert "other peers" not in alone


def test_an_unknown_peer_is_refused_before_anything_is_built(tmp_path, monkeypatch):
    if not (peer.PEERBENCH / "adapters.py").exists():
        pytest.skip("the peer harness is not beside the repository")
    monkeypatch.setattr(peer, "WORK", tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))  # (the harness's folder is put first)
    with pytest.raises(SystemExit, match="unknown peer zensical: the harness has hugo"):
        peer.prepare(500, peer.PEERBENCH, ["zensical"])
    assert not any(tmp_path.iterdir())


def test_the_memory_bench_prepares_its_project_as_the_peer_bench_does(tmp_path, monkeypatch):
    """`bench.memory` builds `bench.peer`'s project: it must follow `prepare`'s shape (it
    stopped with a ValueError once `prepare` returned the peers as one mapping)."""
    import types

    from bench import memory

    made = []
    fake = types.SimpleNamespace(
        ADAPTERS={"hugo": lambda stories, site, out: ["hugo", str(site)]},
        load=lambda corpus: [],
        main=lambda argv: made.append(argv))
    monkeypatch.setattr(peer, "WORK", tmp_path)
    monkeypatch.setattr(memory, "WORK", tmp_path)
    monkeypatch.setattr(peer, "peer_modules", lambda folder: (fake, fake))
    monkeypatch.setattr(peer.subprocess, "run", lambda *a, **k: None)
    builds = []
    monkeypatch.setattr(memory, "watch", lambda cmd: builds.append(cmd) or {
        "pss": 10, "at": 1.0, "each": [10], "rss": 12, "largest": 12, "seconds": [10],
        "wall": 2.0})
    monkeypatch.setattr(sys, "argv", ["bench.memory", "--size", "7", "--repeat", "2",
                                      "--no-write"])
    memory.main()
    assert made == [["7", str(tmp_path / "corpus-7")]]
    assert len(builds) == 2 and all(str(tmp_path / "wongrian-7") in cmd for cmd in builds)
