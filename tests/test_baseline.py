"""Audits over time: two overlapping X archives, reviews between them, and the diff.

The second export overlaps the first: it adds a new party interaction, no longer holds a
deleted tweet, and still holds a reply the reviewer had marked remediated.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner
from xarchive import build_x_archive, snowflake, tweet, tweet_date

from presence_audit import cli
from presence_audit.baseline import diff, load_json_baseline
from presence_audit.errors import AuditInputError
from presence_audit.findings_schema import FINDING_COLUMNS
from presence_audit.summary import exit_status

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "sample_archives" / "profile.toml"
ACME, BRIGHT = "1500000001", "1500000002"


def reply(when: str, text: str, to_id: str, to_name: str) -> dict:
    return tweet(snowflake(when), tweet_date(when), text,
                 reply_to=(snowflake("2024-03-01T10:00:00Z", 9), to_id, to_name),
                 mentions=[(to_name, to_id)])


KEPT = reply("2024-03-14T14:20:31Z", "@acme_holdings Congratulations on the new office!",
             ACME, "acme_holdings")
REMEDIATED = reply("2024-04-02T09:00:00Z", "@acme_holdings Lovely party last night, thanks",
                   ACME, "acme_holdings")
DELETED = reply("2024-05-20T18:00:00Z", "@brightwaterlog Good luck with the expansion",
                BRIGHT, "brightwaterlog")
NEW = reply("2024-07-10T08:30:00Z", "@brightwaterlog See you at the ribbon cutting",
            BRIGHT, "brightwaterlog")
HARMLESS = tweet(snowflake("2024-02-01T12:00:00Z"), tweet_date("2024-02-01T12:00:00Z"),
                 "Rosemary focaccia, second attempt.")


def x_time(when: datetime) -> str:
    """An X manifest's generationDate."""
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def run(*args):
    return CliRunner().invoke(cli.app, [str(a) for a in args])


def findings_of(out: Path) -> dict[str, dict]:
    doc = json.loads((out / "findings.json").read_text())
    return {f["fingerprint"]: f for f in doc["findings"]}


def by_record(findings: dict[str, dict], record_id: str) -> list[dict]:
    return [f for f in findings.values() if f["record_id"] == record_id]


@pytest.fixture()
def two_quarters(tmp_path):
    """Scan Q2, review, scan Q3 against the last run; return both finding maps."""
    q2 = build_x_archive(tmp_path / "x-q2.zip", tweets=[HARMLESS, KEPT, REMEDIATED],
                         deleted_tweets=[DELETED], generated="2024-06-01T12:00:00.000Z")
    db = tmp_path / "store" / "history.sqlite3"
    first = run("scan", q2, "--profile", PROFILE, "--out", tmp_path / "q2", "--db", db)
    assert first.exit_code == 1, first.stderr
    before = findings_of(tmp_path / "q2")
    kept = by_record(before, KEPT["id_str"])
    remediated = by_record(before, REMEDIATED["id_str"])
    assert kept and remediated and by_record(before, DELETED["id_str"])
    assert all(f["change"] == "" and f["review"] == [] for f in before.values())
    for f in kept:
        done = run("review", f["fingerprint"], "--status", "acknowledged", "--by", "A. Clerk",
                   "--note", "old acquaintance, disclosed orally", "--db", db)
        assert done.exit_code == 0, done.stderr
    for f in remediated:
        done = run("review", f["fingerprint"][:10], "--status", "remediated",
                   "--by", "A. Clerk", "--db", db)
        assert done.exit_code == 0, done.stderr
    # the next export is made after the review (its generation date is what counts)
    q3 = build_x_archive(tmp_path / "x-q3.zip", tweets=[HARMLESS, KEPT, REMEDIATED, NEW],
                         generated=x_time(datetime.now(UTC) + timedelta(seconds=1)))
    second = run("scan", q3, "--profile", PROFILE, "--out", tmp_path / "q3", "--db", db,
                 "--baseline", "last")
    assert second.exit_code == 1, second.stderr
    return before, findings_of(tmp_path / "q3"), tmp_path


def test_unchanged_findings_keep_their_review(two_quarters):
    _, after, _ = two_quarters
    kept = by_record(after, KEPT["id_str"])
    assert kept
    for f in kept:
        assert f["change"] == "unchanged"
        assert f["status"] == "acknowledged"
        assert [r["status"] for r in f["review"]] == ["acknowledged"]
        assert f["review"][0]["by"] == "A. Clerk"
        assert f["review"][0]["note"] == "old acquaintance, disclosed orally"


def test_new_items_are_new_and_deleted_ones_resolved(two_quarters):
    before, after, _ = two_quarters
    new = by_record(after, NEW["id_str"])
    assert new and all(f["change"] == "new" and f["status"] == "open" for f in new)
    gone = by_record(after, DELETED["id_str"])
    assert gone and all(f["change"] == "resolved" for f in gone)
    assert {f["fingerprint"] for f in gone} == {f["fingerprint"] for f in
                                                by_record(before, DELETED["id_str"])}
    # Only these four kinds of change, and nothing else changed.
    assert {f["change"] for f in after.values()} == {"new", "unchanged", "reappeared",
                                                     "resolved"}


def test_remediated_item_that_is_back_is_flagged_reappeared(two_quarters):
    _, after, _ = two_quarters
    back = by_record(after, REMEDIATED["id_str"])
    assert back
    for f in back:
        assert f["change"] == "reappeared" and f["status"] == "open"
        assert [r["status"] for r in f["review"]] == ["remediated"]
        assert "remediated" in f["reason"] and "again" in f["reason"]


def test_rescanning_the_export_made_before_the_remediation_is_no_reappearance(two_quarters):
    before, _, root = two_quarters
    again = run("scan", root / "x-q2.zip", "--profile", PROFILE, "--out", root / "q2-again",
                "--db", root / "store" / "history.sqlite3", "--baseline", "last")
    assert again.exit_code == 1, again.stderr
    found = findings_of(root / "q2-again")
    held = by_record(found, REMEDIATED["id_str"])
    assert {f["fingerprint"] for f in held} == \
        {f["fingerprint"] for f in by_record(before, REMEDIATED["id_str"])}
    for f in held:  # the June export predates the removal: it is bound to still hold it
        assert (f["status"], f["change"]) == ("remediated", "unchanged")
        assert "again" not in f["reason"]
    assert all(f["change"] != "reappeared" for f in found.values())


def test_summary_and_csv_carry_the_changes(two_quarters):
    _, after, tmp_path = two_quarters
    doc = json.loads((tmp_path / "q3" / "findings.json").read_text())
    counts = doc["summary"]["by_change"]
    assert counts["new"] == len(by_record(after, NEW["id_str"]))
    assert counts["resolved"] == len(by_record(after, DELETED["id_str"]))
    assert counts["reappeared"] == len(by_record(after, REMEDIATED["id_str"]))
    # resolved findings are not open any more
    assert doc["summary"]["open"] == sum(1 for f in after.values()
                                         if f["status"] == "open" and f["change"] != "resolved")
    csv_text = (tmp_path / "q3" / "findings.csv").read_text()
    header = csv_text.splitlines()[0].split(",")
    assert header[-4:] == ["change", "review", "exported_status", "exported_at"]
    assert "acknowledged by A. Clerk: old acquaintance" in csv_text


def test_json_baseline_gives_the_same_changes(two_quarters, tmp_path):
    _, after, root = two_quarters
    q3 = root / "x-q3.zip"
    result = run("scan", q3, "--profile", PROFILE, "--out", tmp_path / "again",
                 "--no-history", "--baseline", root / "q2" / "findings.json",
                 "--db", root / "store" / "history.sqlite3")
    assert result.exit_code == 1, result.stderr
    again = findings_of(tmp_path / "again")
    assert {fp: f["change"] for fp, f in again.items()} == \
        {fp: f["change"] for fp, f in after.items()}


def test_no_history_never_creates_a_store(tmp_path):
    q2 = build_x_archive(tmp_path / "x.zip", tweets=[KEPT])
    db = tmp_path / "none" / "h.sqlite3"
    result = run("scan", q2, "--profile", PROFILE, "--out", tmp_path / "o", "--no-history",
                 "--db", db)
    assert result.exit_code == 1, result.stderr
    assert not db.exists() and not db.parent.exists()


def test_bad_baseline_is_one_line_error_before_scanning(tmp_path):
    q2 = build_x_archive(tmp_path / "x.zip", tweets=[KEPT])
    bad = tmp_path / "bad.json"
    bad.write_text('{"findings": []}')
    result = run("scan", q2, "--profile", PROFILE, "--out", tmp_path / "o", "--baseline", bad,
                 "--db", tmp_path / "h.sqlite3")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "not a findings.json" in result.stderr
    assert not (tmp_path / "o").exists()
    with pytest.raises(AuditInputError, match="not valid JSON"):
        bad.write_text("{nope")
        load_json_baseline(bad)


def frame(rows: list[dict]) -> pd.DataFrame:
    base = {c: None for c in FINDING_COLUMNS}
    return pd.DataFrame([{**base, "evidence": [], "review": [], "severity": "high",
                          "status": "open", "reason": "Because.", **r} for r in rows],
                        columns=list(FINDING_COLUMNS))


def test_diff_marks_edited_text_as_new_with_a_note():
    base = frame([{"fingerprint": "a", "content_hash": "h1"},
                  {"fingerprint": "b", "content_hash": "h2"},
                  {"fingerprint": "c", "content_hash": "h3"}])
    now = frame([{"fingerprint": "a", "content_hash": "h1"},
                 {"fingerprint": "b", "content_hash": "EDITED"},
                 {"fingerprint": "d", "content_hash": "h4"}])
    out = diff(now, base).set_index("fingerprint")
    assert out.loc["a", "change"] == "unchanged"
    assert out.loc["b", "change"] == "new" and "edited" in out.loc["b", "reason"]
    assert out.loc["c", "change"] == "resolved"
    assert out.loc["d", "change"] == "new"
    assert diff(now, None)["change"].tolist() == ["", "", ""]


def test_exit_status_ignores_resolved_and_counts_only_new_when_asked():
    findings = frame([{"fingerprint": "a", "change": "unchanged"},
                      {"fingerprint": "b", "change": "resolved", "severity": "critical"}])
    assert exit_status(findings, "high") == 1
    assert exit_status(findings, "critical") == 0  # the critical one is resolved
    assert exit_status(findings, "high", only_new=True) == 0
    findings.loc[0, "change"] = "reappeared"
    assert exit_status(findings, "high", only_new=True) == 1
    findings.loc[0, "status"] = "acknowledged"
    assert exit_status(findings, "high", only_new=True) == 0
    assert exit_status(frame([{"fingerprint": "z", "change": "resolved"}]), "high") == 0
