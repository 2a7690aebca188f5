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
