"""Review decisions: one at a time or from an edited findings.csv, and how they show."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner
from xarchive import build_x_archive, snowflake, tweet, tweet_date

from presence_audit import cli
from presence_audit.errors import AuditInputError
from presence_audit.findings_schema import FINDING_COLUMNS
from presence_audit.history import Review, open_store
from presence_audit.review import (
    annotate,
    decide,
    decide_from_csv,
    export_dates,
    parse_status,
)

PROFILE = Path(__file__).resolve().parent.parent / "sample_archives" / "profile.toml"
FP_A, FP_B, FP_C = "a1b2c3d4e5f60718293a", "a1b2c3ffffff00000000", "0f0e0d0c0b0a09080706"


@pytest.fixture()
def store(tmp_path):
    with open_store(tmp_path / "h.sqlite3") as s:
        for subject, fps in (("Maria Rossi", (FP_A, FP_B)), ("Paolo Bianchi", (FP_C, FP_A))):
            s.record_run(subject=subject, started_at="2026-01-01T00:00:00Z", archives=[],
                         tool_version="t", rules_version="r", counts={},
                         findings=[{"fingerprint": fp, "content_hash": "h-" + fp[:4]}
                                   for fp in fps])
        yield s


def test_statuses_are_validated_and_spelled_for_the_schema():
    assert parse_status("false-positive") == "false_positive"
    assert parse_status(" Remediated ") == "remediated"
    with pytest.raises(AuditInputError, match="not one of"):
        parse_status("fixed")


def test_decide_resolves_prefixes_and_subjects(store):
    assert decide(store, FP_C[:8], "acknowledged", by="A. Clerk") == ("Paolo Bianchi", FP_C)
    with pytest.raises(AuditInputError, match="matches 2 findings"):
        decide(store, "a1b2c3", "acknowledged", by="A. Clerk")
    with pytest.raises(AuditInputError, match="several subjects"):
        decide(store, FP_A, "acknowledged", by="A. Clerk")
    with pytest.raises(AuditInputError, match="not in the history store"):
        decide(store, "deadbeefdead", "acknowledged", by="A. Clerk")
    with pytest.raises(AuditInputError, match="--by is required"):
        decide(store, FP_C, "acknowledged", by=" ")
    decide(store, FP_A, "disclosed", by="B", subject="Maria Rossi", note="on file")
    history = store.reviews("Maria Rossi")[FP_A]
    assert [(r.status, r.by, r.note, r.content_hash) for r in history] == \
        [("disclosed", "B", "on file", "h-a1b2")]
    assert FP_A not in store.reviews("Paolo Bianchi")


def write_csv(path, rows: list[str]):
    path.write_text("\ufeff" + "\r\n".join(rows) + "\r\n", encoding="utf-8")
    return path


def test_csv_records_changed_rows_only(store, tmp_path):
    decide(store, FP_B, "acknowledged", by="A")
    csv_path = write_csv(tmp_path / "findings.csv", [
        "fingerprint,rule,status,note",
        f"{FP_B},PARTY_CONNECTION,acknowledged,",            # already the latest: skipped
        f"{FP_A},PARTY_CONNECTION,false-positive,'=not him",  # neutralized note restored
        f"{FP_B[:12]},PARTY_CONNECTION,suppressed,",          # the profile's business
    ])
    with pytest.raises(AuditInputError, match=r"line 3: .*several subjects"):
        decide_from_csv(store, csv_path, by="Ethics Office")
    done = decide_from_csv(store, csv_path, by="Ethics Office", subject="Maria Rossi")
    assert (done.recorded, done.unchanged) == (1, 2)
    latest = store.reviews("Maria Rossi")[FP_A][-1]
    assert (latest.status, latest.note, latest.by) == ("false_positive", "=not him",
                                                      "Ethics Office")
    again = decide_from_csv(store, csv_path, by="Ethics Office", subject="Maria Rossi")
    assert again.recorded == 0  # nothing is recorded twice


@pytest.mark.parametrize(("rows", "message"), [
    (["fingerprint,note", f"{FP_C},x"], "line 1: missing the column 'status'"),
    (["fingerprint,status", f"{FP_C},acknowledged", f"{FP_C},fixed"],
     "line 3: status 'fixed' is not one of"),
    (["fingerprint,status", f"{FP_C},acknowledged", "0000000000ab,remediated"],
     "line 3: fingerprint '0000000000ab' is not in the history store"),
    (["fingerprint,status", f"{FP_C},remediated"], "line 2: no reviewer"),
])
def test_one_bad_csv_row_records_nothing(store, tmp_path, rows, message):
    csv_path = write_csv(tmp_path / "edited.csv", rows)
    by = None if "reviewer" in message else "A"
    with pytest.raises(AuditInputError, match=message) as err:
        decide_from_csv(store, csv_path, by=by)
    assert str(err.value).startswith(str(csv_path)) and "\n" not in str(err.value)
    assert store.reviews("Paolo Bianchi") == {}


def findings(rows: list[dict]) -> pd.DataFrame:
    base = dict.fromkeys(FINDING_COLUMNS)
    return pd.DataFrame([{**base, "status": "open", "reason": "Why.", "change": "",
                          **r} for r in rows], columns=list(FINDING_COLUMNS))


def test_annotate_applies_the_latest_decision_unless_edited_or_back():
    reviews = {
        "same": [Review("acknowledged", "", "A", "2026-01-01T00:00:00Z", "h1")],
        "edited": [Review("disclosed", "", "A", "2026-01-01T00:00:00Z", "h1")],
        "back": [Review("acknowledged", "", "A", "2026-01-01T00:00:00Z", "h1"),
                 Review("remediated", "deleted", "B", "2026-02-01T00:00:00Z", "h1")],
        "gone": [Review("remediated", "", "B", "2026-02-01T00:00:00Z", "h1")],
        "reopened": [Review("acknowledged", "", "A", "2026-01-01T00:00:00Z", "h1"),
                     Review("open", "look again", "C", "2026-03-01T00:00:00Z", "h1")],
    }
    frame = findings([
        {"fingerprint": "same", "content_hash": "h1", "change": "unchanged"},
        {"fingerprint": "edited", "content_hash": "h2", "change": "new"},
        {"fingerprint": "back", "content_hash": "h1", "change": "unchanged"},
        {"fingerprint": "gone", "content_hash": "h1", "change": "resolved"},
        {"fingerprint": "reopened", "content_hash": "h1"},
        {"fingerprint": "never", "content_hash": "h1", "status": "suppressed"},
    ])
    out = annotate(frame, reviews).set_index("fingerprint")
    assert out.loc["same", "status"] == "acknowledged"
    assert out.loc["edited", "status"] == "open" and "text changed" in out.loc["edited",
                                                                               "reason"]
    assert (out.loc["back", "status"], out.loc["back", "change"]) == ("open", "reappeared")
    assert [r["status"] for r in out.loc["back", "review"]] == ["acknowledged", "remediated"]
    assert (out.loc["gone", "status"], out.loc["gone", "change"]) == ("remediated",
                                                                     "resolved")
    assert out.loc["reopened", "status"] == "open"
    assert out.loc["never", "status"] == "suppressed" and out.loc["never", "review"] == []


def test_cli_review_errors_are_one_line(tmp_path):
    db = tmp_path / "h.sqlite3"
    for args in (["review", "--db", db],
                 ["review", "abcdef123456", "--status", "acknowledged", "--by", "A",
                  "--db", db],
                 ["review", "abcdef123456", "--by", "A", "--db", db]):
        result = CliRunner().invoke(cli.app, [str(a) for a in args])
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1
        assert result.stderr.startswith("presence-audit: error: ")


def edit_status(path, fingerprint: str, status: str) -> None:
    """Set one row's ``status`` in a findings.csv the tool wrote, as a spreadsheet would."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert any(r["fingerprint"] == fingerprint for r in rows)
    for row in rows:
        if row["fingerprint"] == fingerprint:
            row["status"] = status
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture()
def exported(tmp_path):
    """A scan of a real X export: (findings.csv, history store, one finding's fingerprint)."""
    archive = build_x_archive(tmp_path / "x.zip", tweets=[tweet(
        snowflake("2024-03-14T14:20:31Z"), tweet_date("2024-03-14T14:20:31Z"),
        "@acme_holdings Congratulations on the new office!",
        reply_to=(snowflake("2024-03-01T10:00:00Z", 9), "1500000001", "acme_holdings"),
        mentions=[("acme_holdings", "1500000001")])], generated="2024-06-01T12:00:00.000Z")
    db = tmp_path / "h.sqlite3"
    done = run_cli("scan", archive, "--profile", PROFILE, "--out", tmp_path / "audit",
                   "--db", db)
    assert done.exit_code == 1, done.stderr
    path = tmp_path / "audit" / "findings.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["exported_status"] == "open" for r in rows)
    return path, db, rows[0]["fingerprint"]


def run_cli(*args):
    return CliRunner().invoke(cli.app, [str(a) for a in args])


def test_an_unedited_csv_after_a_decision_undoes_nothing(exported):
    """The README's two review examples, in order: the CSV still says open, as exported."""
    path, db, fp = exported
    assert run_cli("review", fp[:10], "--status", "disclosed", "--by", "M. Rossi",
                   "--db", db).exit_code == 0
    done = run_cli("review", "--csv", path, "--by", "Ethics Office", "--db", db)
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith("0 decisions recorded,") and not done.stderr
    with open_store(db) as store:
        assert [r.status for r in next(iter(store.reviews("Maria Rossi").values()))] == \
            ["disclosed"]


def test_an_edited_row_is_recorded_once(exported):
    path, db, fp = exported
    edit_status(path, fp, "false-positive")
    done = run_cli("review", "--csv", path, "--by", "Ethics Office", "--db", db)
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith("1 decision recorded,")
    with open_store(db) as store:
        assert [(r.status, r.by) for r in store.reviews("Maria Rossi")[fp]] == \
            [("false_positive", "Ethics Office")]


def test_a_stale_csv_is_reported_not_applied(exported):
    """Decided by fingerprint after the export, then a different status in the old file."""
    path, db, fp = exported
    assert run_cli("review", fp, "--status", "remediated", "--by", "M. Rossi",
                   "--db", db).exit_code == 0
    edit_status(path, fp, "acknowledged")
    done = run_cli("review", "--csv", path, "--by", "Ethics Office", "--db", db)
    assert done.exit_code == 0
    assert "0 decisions recorded" in done.stdout and "1 stale row not applied" in done.stdout
    assert done.stderr.count("\n") == 1
    assert f"line 2: {fp} not set to acknowledged: decided remediated by M. Rossi" \
        in done.stderr
    with open_store(db) as store:
        assert [r.status for r in store.reviews("Maria Rossi")[fp]] == ["remediated"]
    edit_status(path, fp, "remediated")  # the same as decided since: nothing to report
    again = run_cli("review", "--csv", path, "--by", "Ethics Office", "--db", db)
    assert again.stdout.startswith("0 decisions recorded, 1 row unchanged") \
        and not again.stderr


def test_a_bad_exported_at_is_one_line(store, tmp_path):
    csv_path = write_csv(tmp_path / "f.csv", [
        "fingerprint,status,exported_status,exported_at",
        f"{FP_C},acknowledged,open,yesterday"])
    with pytest.raises(AuditInputError, match="line 2: exported_at 'yesterday' is not a time"):
        decide_from_csv(store, csv_path, by="A")


def test_exported_status_not_the_latest_decision_tells_what_changed(store, tmp_path):
    decide(store, FP_C, "acknowledged", by="A", at="2026-01-02T00:00:00.000000Z")
    csv_path = write_csv(tmp_path / "f.csv", [
        "fingerprint,status,exported_status,exported_at",
        f"{FP_C},open,acknowledged,2026-01-03T00:00:00.000000Z"])  # re-opened by the reviewer
    done = decide_from_csv(store, csv_path, by="B")
    assert (done.recorded, done.stale) == (1, [])
    assert [r.status for r in store.reviews("Paolo Bianchi")[FP_C]] == ["acknowledged", "open"]


def test_remediation_against_the_export_date():
    reviews = {fp: [Review("remediated", "", "B", "2026-02-01T00:00:00.000000Z", "h1")]
               for fp in ("older", "newer", "undated")}
    frame = findings([{"fingerprint": fp, "content_hash": "h1", "change": "unchanged"}
                      for fp in ("older", "newer", "undated")])
    dates = [pd.Timestamp("2026-01-15", tz="UTC"), pd.Timestamp("2026-03-01", tz="UTC"), None]
    out = annotate(frame, reviews, dates).set_index("fingerprint")
    assert (out.loc["older", "status"], out.loc["older", "change"]) == ("remediated",
                                                                       "unchanged")
    for fp in ("newer", "undated"):
        assert (out.loc[fp, "status"], out.loc[fp, "change"]) == ("open", "reappeared")


def test_export_dates_come_from_each_archive():
    activity = pd.DataFrame({
        "source": ["a.zip:data/tweets.js#0", "a.zip:data/like.js#0", "b.zip:posts.json#0",
                   "a.zip.1:x#0"],
        "observed_at": pd.to_datetime([None, "2024-06-01", None, None], utc=True),
        "timestamp": pd.to_datetime(["2024-05-01", None, "2024-04-02", None], utc=True)})
    frame = pd.DataFrame({"source": ["a.zip:data/tweets.js#0", "b.zip:posts.json#0",
                                     "a.zip.1:x#0", None]})
    assert export_dates(frame, activity, ["a.zip", "b.zip", "a.zip.1"]) == [
        pd.Timestamp("2024-06-01", tz="UTC"), pd.Timestamp("2024-04-02", tz="UTC"), None, None]
