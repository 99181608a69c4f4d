"""Property tests for the X importer: generated ``window.YTD`` archives, valid and hostile.

Tweets, likes and follows are built by ``xarchive`` in the real layout, then records are
mutated (``strategies.mutated``) or whole files broken at the byte level; ``read`` must return
a valid frame and coverage with valid statuses, never raise. ``FUZZ_EXAMPLES`` raises the count.
"""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import broken_bytes, mutated, unique_phrases
from xarchive import like, relation, snowflake, tweet, tweet_date, write_zip, x_members

from presence_audit import schema
from presence_audit.archive import open_archives
from presence_audit.coverage import STATUSES
from presence_audit.importers import ExportPart, ImportContext, all_importers

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


X_TIMES = st.integers(1_300_000_000, 1_900_000_000)  # after the snowflake epoch (Nov 2010)


def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _orjson_safe(obj: object) -> object:
    """xarchive writes with orjson, which refuses ints beyond 64 bits: write those as floats."""
    if isinstance(obj, int) and not isinstance(obj, bool) and not -2**63 <= obj < 2**64:
        return float(obj)
    if isinstance(obj, list):
        return [_orjson_safe(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _orjson_safe(v) for k, v in obj.items()}
    return obj


@st.composite
def x_archives(draw, hostile: bool) -> tuple[dict[str, bytes], int]:
    """Members of an X archive and the number of valid tweets it must yield."""
    texts = draw(unique_phrases(draw(st.integers(1, 4))))
    tweets = []
    for i, text in enumerate(texts):
        when = _iso(draw(X_TIMES))
        tweets.append(tweet(snowflake(when, i), tweet_date(when), text))
    likes = [like(str(10**17 + i), t) for i, t in enumerate(texts)]
    follows = [relation(str(1000 + i)) for i in range(len(texts))]
    if hostile:
        for rows in (tweets, likes, follows):
            for i in draw(st.lists(st.integers(0, len(rows) - 1), max_size=len(rows))):
                rows[i] = _orjson_safe(draw(mutated(rows[i])))
    try:
        members = x_members(tweets=tweets, likes=likes, following=follows)
    except TypeError:  # orjson will not write a record nested past 255 levels; whole files
        assume(False)  # nested thousands deep come from broken_bytes below
    if hostile and draw(st.booleans()):
        name = draw(st.sampled_from(sorted(m for m in members if m.endswith(".js"))))
        members[name] = draw(broken_bytes(tweets))
    return members, (0 if hostile else len(texts))


def read(members: dict[str, bytes]):
    imp = next(i for i in all_importers() if i.name == "x")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.zip"
        write_zip(members, path)
        archive = open_archives([path])[0]
        try:
            roots = imp.detect(archive.names)
            return imp.read([ExportPart(archive, r) for r in roots], ImportContext())
        finally:
            archive.close()


def check(result) -> None:
    schema.validate(result.frame)
    for entry in result.coverage:
        assert entry.status in STATUSES
        assert entry.records >= 0 and entry.bad_records >= 0
        if entry.status == "failed" or entry.bad_records:
            assert entry.reason, entry


@FUZZ
@given(x_archives(hostile=False))
def test_x_valid_tweets_all_imported(case) -> None:
    members, n = case
    result = read(members)
    check(result)
    posts = result.frame[result.frame["kind"].isin(["post", "reply", "repost", "quote"])]
    assert len(posts) == n
    assert posts["timestamp"].notna().all()


@FUZZ
@given(x_archives(hostile=True))
def test_x_hostile_never_raises(case) -> None:
    members, _ = case
    check(read(members))
