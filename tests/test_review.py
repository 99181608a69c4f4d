"""Review decisions: one at a time or from an edited findings.csv, and how they show."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from presence_audit import cli
from presence_audit.errors import AuditInputError
from presence_audit.findings_schema import FINDING_COLUMNS
from presence_audit.history import Review, open_store
from presence_audit.review import annotate, decide, decide_from_csv, parse_status

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
