"""The Mastodon and Bluesky samples: rebuilt byte for byte, and a scan with the sample profile
finds what was planted (a DM to counsel, party and counsel connections known only by DID)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_samples import PROFILE, SAMPLES, builder

from presence_audit.scan import scan

FILES = {"mastodon": "mastodon-sample.zip", "bluesky": "bluesky-sample.car"}


@pytest.mark.parametrize("name", sorted(FILES))
def test_builders_rebuild_the_shipped_sample_byte_for_byte(tmp_path, name):
    out = builder(name).build(tmp_path / FILES[name])
    assert Path(out).read_bytes() == (SAMPLES / FILES[name]).read_bytes()


@pytest.fixture(scope="module")
def findings(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("PRESENCE_AUDIT_DB", str(tmp_path_factory.mktemp("db") / "history.db"))
    try:
        result = scan([str(SAMPLES / f) for f in FILES.values()], str(PROFILE))
    finally:
        mp.undo()
    f = result.findings
    return set(zip(f["platform"].astype(str), f["rule"].astype(str), strict=True))


@pytest.mark.parametrize("platform, rule", [
    ("mastodon", "EX_PARTE_MESSAGE"),       # the direct message to counsel
    ("mastodon", "PARTY_CONNECTION"),       # follows and boosts Acme
    ("mastodon", "TITLE_MISUSE"),           # "Judge" in the profile
    ("bluesky", "PARTY_CONNECTION"),        # quote and repost of Acme, by DID
    ("bluesky", "COUNSEL_CONNECTION"),      # follow / list of counsel, by DID
])
def test_planted_items_raise_their_rule(findings, platform, rule):
    assert (platform, rule) in findings
