"""One item, one finding per rule family; M-REPEAT toward a named counterpart; like levels.

Issue 13 part 7, on X archives in their real layout (tests/xarchive.py) scanned with the
sample profile (Elena Castillo is a candidate in its political.csv, Acme Holdings a party
to its pending case).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import numpy as np
import pandas as pd
from typer.testing import CliRunner
from xarchive import build_x_archive, like, snowflake, tweet, tweet_date

from presence_audit import cli
from presence_audit.items import item_ids, text_key
from presence_audit.rules.toolkit import repeat_flags
from presence_audit.scan import scan

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "sample_archives" / "profile.toml"
SCHEMA = json.loads((ROOT / "reports" / "findings.schema.json").read_text())
CAMPAIGN = "Vote for Elena Castillo for Council on June 25, proud to support her!"


def post(when: str, text: str, seq: int = 0, **kw) -> dict:
    return tweet(snowflake(when, seq), tweet_date(when), text, **kw)


def findings(tmp_path: Path, **archive) -> pd.DataFrame:
    path = build_x_archive(tmp_path / "x.zip", **archive)
    return scan([path], PROFILE).findings


def political(found: pd.DataFrame) -> pd.DataFrame:
    return found[found["category"] == "political"]


def acts_of(finding: pd.Series) -> list[dict]:
    return [e for e in finding["evidence"] if e["field"] == "act"]


def test_reply_like_and_repost_of_one_text_are_one_finding_listing_the_acts(tmp_path):
    reply_id = snowflake("2024-05-02T09:00:00Z")
    reply = tweet(reply_id, tweet_date("2024-05-02T09:00:00Z"), "@castillo4council " + CAMPAIGN,
                  reply_to=(snowflake("2024-05-01T09:00:00Z"), "1600000004",
                            "castillo4council"),
                  mentions=[("castillo4council", "1600000004")])
    repost = post("2024-05-03T09:00:00Z", "RT @mariarossi_nyc: @castillo4council " + CAMPAIGN)
    found = political(findings(tmp_path, tweets=[reply, repost],
                               likes=[like(reply_id, "@castillo4council " + CAMPAIGN)]))
    assert len(found) == 1, found[["rule", "kind", "severity"]]
    f = found.iloc[0]
    assert (f["rule"], f["kind"], f["record_id"]) == ("POLITICAL_ENDORSEMENT", "reply", reply_id)
    assert f["severity"] == "high"  # authored endorsement (rules.md), the strongest act
    acts = acts_of(f)
    assert sorted(a["kind"] for a in acts) == ["like", "repost"]
    assert {a["record_id"] for a in acts if a["kind"] == "like"} == {"like:" + reply_id}
    assert all(a["timestamp"] and a["fingerprint"] != f["fingerprint"] for a in acts)
    assert "also reposted and liked (2 more acts" in f["reason"]
    # three acts on one item count once: no M-REPEAT from a single text
    assert "M-REPEAT" not in f["modifiers"]


def test_a_like_and_a_truncated_repost_of_someone_elses_text_merge(tmp_path):
    text = ("Elena Castillo for Council: vote for her on June 25 and join us canvassing "
            "door to door in Red Hook this Saturday morning, we need every volunteer")
    theirs = snowflake("2024-05-01T08:00:00Z", 7)
    repost = post("2024-05-02T09:00:00Z", "RT @castillo4council: " + text[:60] + "…")
    found = political(findings(tmp_path, tweets=[repost], likes=[like(theirs, text)]))
    assert len(found) == 1, found[["rule", "kind", "severity"]]
    f = found.iloc[0]
    assert f["kind"] == "repost" and f["severity"] == "high"  # shared endorsement: high
    assert [a["kind"] for a in acts_of(f)] == ["like"]
    assert acts_of(f)[0]["severity"] == "medium"  # the like alone: a weak act


def test_like_of_a_campaign_post_is_medium_and_of_other_party_content_is_not_endorsement(
        tmp_path):
    found = political(findings(tmp_path, likes=[
        like(snowflake("2024-05-01T08:00:00Z", 1), CAMPAIGN),
        like(snowflake("2024-05-01T08:00:00Z", 2),
             "The Kings County Republican Committee tax plan is a disgrace to this borough"),
    ]))
    by_text = {t[:20]: f for t, (_, f) in zip(found["text"], found.iterrows(), strict=True)}
    campaign = by_text[CAMPAIGN[:20]]
    assert (campaign["rule"], campaign["severity"]) == ("POLITICAL_ENDORSEMENT", "medium")
    assert "M-WEAK-ACT" in campaign["modifiers"]
    other = by_text["The Kings County Rep"]
    assert other["rule"] == "POLITICAL_ACTIVITY"  # no endorsement words: not a campaign post
    assert other["severity"] == "low" and "M-WEAK-ACT" in other["modifiers"]


def test_m_repeat_needs_three_items_toward_one_named_counterpart(tmp_path):
    days = ["2024-05-01T08:00:00Z", "2024-05-20T08:00:00Z", "2024-06-10T08:00:00Z"]
    texts = [CAMPAIGN, "Proud to support Elena Castillo, vote for her in the primary",
             "Vote for Elena Castillo: she will fix the Red Hook bus lines"]
    found = political(findings(tmp_path, likes=[
        like(snowflake(d, 3), t) for d, t in zip(days, texts, strict=True)]))
    assert len(found) == 3
    assert all("M-REPEAT" in m for m in found["modifiers"])
    assert set(found["severity"]) == {"high"}  # medium like, +1 for the repeat


PARTISAN = ["Vote them out in November: the governor's party has failed working families, "
            "canvass with us",
            "Tax cuts for billionaires again? This party only serves the donor class, vote "
            "them out",
            "The conservatives voted to slash school funding, remember that at the ballot box",
            "Liberals want open borders and higher taxes, vote for the other side this "
            "election"]


def test_anonymous_and_unrelated_likes_raise_no_m_repeat(tmp_path):
    texts = [*PARTISAN,  # partisan, naming no one: anonymous likes count toward nobody
             "Vote for the Kings County Democrats on June 25, proud to support them",
             "Proud to support the Brooklyn GOP, vote for their slate this June",
             "Brooklyn Forward PAC: vote yes on the transit measure, proud to support it"]
    likes = [like(snowflake(f"2024-05-{d:02d}T08:00:00Z", d), t)
             for d, t in enumerate(texts, start=1)]
    found = political(findings(tmp_path, likes=likes))
    assert found["entity"].isna().sum() >= 3 and found["entity"].nunique() == 3
    assert not any("M-REPEAT" in m for m in found["modifiers"]), found[["text", "modifiers"]]


def test_partisan_replies_to_one_handle_raise_m_repeat(tmp_path):
    replies = [post(f"2024-05-{d:02d}T08:00:00Z", "@nycpolitics " + t, d,
                    reply_to=(snowflake(f"2024-05-{d:02d}T07:00:00Z"), "1700000001",
                              "nycpolitics"), mentions=[("nycpolitics", "1700000001")])
               for d, t in enumerate(PARTISAN[:3], start=1)]
    found = political(findings(tmp_path, tweets=replies))
    assert len(found) == 3
    assert all("M-REPEAT" in m for m in found["modifiers"]), found[["text", "modifiers"]]


def test_merged_findings_json_keeps_the_schema(tmp_path):
    reply_id = snowflake("2024-05-02T09:00:00Z")
    path = build_x_archive(tmp_path / "x.zip", tweets=[
        tweet(reply_id, tweet_date("2024-05-02T09:00:00Z"), CAMPAIGN)],
        likes=[like(reply_id, CAMPAIGN)])
    out = tmp_path / "out"
    result = CliRunner().invoke(cli.app, ["scan", str(path), "--profile", str(PROFILE),
                                          "--out", str(out), "--no-history"])
    assert result.exit_code == 1, result.stdout  # a high finding is open
    doc = json.loads((out / "findings.json").read_text())
    jsonschema.validate(doc, SCHEMA)
    rows = list(csv.DictReader((out / "findings.csv").open(encoding="utf-8")))
    assert len(rows) == len(doc["findings"])
    assert any(e["field"] == "act" for f in doc["findings"] for e in f["evidence"])


def test_text_key_sets_aside_repost_prefix_mentions_links_and_case():
    key = text_key("Vote for Elena Castillo! https://t.co/abc")
    assert key == text_key("RT @someone: @castillo4council vote for ELENA CASTILLO")
    assert text_key("Congratulations!") == ""  # too short to name one item


def test_two_likes_with_one_text_are_two_items():
    frame = pd.DataFrame({"platform": ["facebook"] * 3, "kind": ["like", "like", "post"],
                          "record_id": ["a", "b", "c"],
                          "text": ["Maria Rossi likes Acme Holdings LLC's post."] * 2
                          + ["Lunch at the pier with friends today"]})
    ids = item_ids(frame, [0, 1, 2])
    assert len(set(ids)) == 3


def test_repeat_flags_count_acts_on_one_item_once():
    t = pd.Series(pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"],
                                 utc=True))
    keys = np.array(["castillo"] * 4)
    assert repeat_flags(np.arange(4), keys, t).all()
    assert not repeat_flags(np.arange(4), keys, t, items=np.array([0, 0, 0, 3])).any()
    assert not repeat_flags(np.arange(3), np.array(["", "", ""]), t[:3]).any()


def test_party_family_folds_a_like_into_the_repost_and_counts_one_item_once(tmp_path):
    theirs = snowflake("2024-05-01T09:00:00Z", 5)
    text = "Acme Holdings signs a long warehouse lease in Red Hook, a big week for the team"
    reply = post("2024-05-02T09:00:00Z",
                 "@acme_holdings see you at the hearing on the warehouse lease", 1,
                 reply_to=(theirs, "1500000001", "acme_holdings"),
                 mentions=[("acme_holdings", "1500000001")])
    repost = post("2024-05-03T09:00:00Z", "RT @acme_holdings: " + text, 2)
    liked = like(theirs, text, f"https://twitter.com/acme_holdings/status/{theirs}")
    found = findings(tmp_path, tweets=[reply, repost], likes=[liked])
    party = found[found["rule"] == "PARTY_CONNECTION"].set_index("kind")
    assert sorted(party.index) == ["reply", "repost"], found[["rule", "kind"]]
    assert [a["kind"] for a in acts_of(party.loc["repost"])] == ["like"]
    assert not acts_of(party.loc["reply"])
    # three acts but two items toward Acme: no M-REPEAT
    assert not any("M-REPEAT" in m for m in party["modifiers"])
    # the reply's ex parte finding names another breach: it stays its own finding
    assert list(found.loc[found["rule"] == "EX_PARTE_MESSAGE", "kind"]) == ["reply"]
