"""Correctness at scale: an X archive of 10^5 records (50,000 tweets + 50,000 likes) of varied
everyday text, with a handful of planted items, yields exactly the planted findings.

Runs in CI (marker ``scale``, selected by default; deselect locally with ``-m "not scale"``).
No timing assertions: speed is measured by ``benchmarks/bench_table.py``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import orjson
import pytest
from bigarchive import text_source, write_x, x_like, x_tweet
from typer.testing import CliRunner

from presence_audit import cli

pytestmark = pytest.mark.scale

SAMPLES = Path(__file__).resolve().parent.parent / "sample_archives"
N = 50_000  # tweets, and as many likes
ACME = ("acme_holdings", "1500000001")
# index -> (text, reply_to) of planted tweets
TWEETS: dict[int, tuple[str, tuple[str, str] | None]] = {
    45_000: ("@acme_holdings Your new Red Hook warehouse looks great, congratulations!", ACME),
    17_777: ("Proud to support Elena Castillo for Council! Vote for her on June 25.", None),
    29_000: ("Long day: hearing on the motion to dismiss in Acme v. Brightwater "
             "(Index No. 512345/2024). Decision soon.", None),
    41_234: ("You are an incompetent clown and a disgrace to the bar. Learn to read.", None),
}
LIKES = {36_500: "Acme Holdings signs a long warehouse lease in Red Hook"}
# (member, index) -> rules expected on that planted item, and nothing anywhere else
EXPECTED: dict[tuple[str, int], Counter[str]] = {
    ("tweets", 45_000): Counter(["PARTY_CONNECTION", "EX_PARTE_MESSAGE"]),
    ("tweets", 17_777): Counter(["POLITICAL_ENDORSEMENT"]),
    ("tweets", 29_000): Counter(["CASE_REFERENCE"]),
    ("tweets", 41_234): Counter(["DEMEANOR"]),
    ("like", 36_500): Counter(["PARTY_CONNECTION"]),
}


def build(path: Path, n: int = N) -> Path:
    text = text_source(15)
    tweets = (x_tweet(i, n, *TWEETS[i]) if i in TWEETS else x_tweet(i, n, text())
              for i in range(n))
    likes = (x_like(i, n, LIKES[i], "acme_holdings") if i in LIKES else x_like(i, n, text())
             for i in range(n))
    return write_x(path, tweets, likes, n)


def located(source: str) -> tuple[str, int]:
    """``x.zip:data/tweets.js#123`` -> ("tweets", 123)."""
    member, _, index = source.rpartition("#")
    return member.rsplit("/", 1)[-1].removesuffix(".js"), int(index)


def test_planted_findings_and_nothing_else_at_1e5_records(tmp_path: Path) -> None:
    archive = build(tmp_path / "x-1e5.zip")
    out = tmp_path / "audit"
    result = CliRunner().invoke(cli.app, [
        "scan", str(archive), "--profile", str(SAMPLES / "profile.toml"), "--out", str(out),
        "--no-history"])
    assert result.exit_code == 1, result.output  # open findings at or above high
    doc = orjson.loads((out / "findings.json").read_bytes())
    found: dict[tuple[str, int], Counter[str]] = {}
    for finding in doc["findings"]:
        found.setdefault(located(finding["source"]), Counter())[finding["rule"]] += 1
    assert found == EXPECTED
    assert doc["complete"] is True
    assert doc["period"]
