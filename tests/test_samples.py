"""The three shipped sample archives scanned together: the demo shows every finding category
on every platform, each reason is readable, and the hard negatives stay quiet."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from presence_audit.scan import scan

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_archives"
ARCHIVES = [SAMPLES / f"{p}-sample.zip" for p in ("x", "facebook", "instagram")]
PROFILE = SAMPLES / "profile.toml"
CATEGORIES = {"party", "case", "political", "demeanor", "commercial", "security", "research",
              "confidential"}
PLATFORMS = {"x", "facebook", "instagram"}


def builder(name: str):
    """Import sample_archives/build_<name>_sample.py as a module."""
    spec = importlib.util.spec_from_file_location(f"build_{name}_sample",
                                                  SAMPLES / f"build_{name}_sample.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "tests"))
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("PRESENCE_AUDIT_DB", str(tmp_path_factory.mktemp("db") / "history.db"))
    try:
        yield scan([str(p) for p in ARCHIVES], str(PROFILE))
    finally:
        mp.undo()


@pytest.mark.parametrize("name", ["x", "facebook", "instagram"])
def test_builders_rebuild_the_shipped_zip_byte_for_byte(tmp_path, name):
    out = builder(name).build(tmp_path / f"{name}.zip")
    assert Path(out).read_bytes() == (SAMPLES / f"{name}-sample.zip").read_bytes()


def test_every_category_appears_on_every_platform(result):
    f = result.findings
    seen = set(zip(f["category"].astype(str), f["platform"].astype(str), strict=True))
    missing = {(c, p) for c in CATEGORIES for p in PLATFORMS} - seen
    assert not missing, sorted(missing)
    assert set(f["category"]) >= CATEGORIES
    assert set(f["platform"]) >= PLATFORMS


def test_each_reason_is_a_sentence(result):
    for rec in result.findings.to_dict("records"):
        reason = str(rec["reason"] or "").strip()
        entity = rec["entity"] if isinstance(rec["entity"], str) and rec["entity"] else None
        assert reason, rec["rule"]
        assert reason.endswith(".") or (entity and entity in reason), (rec["rule"], reason)
        assert reason[0].isupper(), (rec["rule"], reason)


def _record_ids(activity: pd.DataFrame, platform: str, texts: tuple[str, ...]) -> set[str]:
    """record_id of the rows of ``platform`` whose text holds one of ``texts`` (one each)."""
    rows = activity[activity["platform"].astype(str) == platform]
    text = rows["text"].astype("string").fillna("")
    ids = set()
    for t in texts:
        hit = rows.loc[text.str.contains(t, regex=False).to_numpy(dtype=bool), "record_id"]
        assert len(hit) == 1, (platform, t, list(hit))
        ids.add(str(hit.iloc[0]))
    return ids


def test_hard_negatives_raise_no_finding(result):
    x_ids = set(builder("x").HARD_NEGATIVES.values())
    assert x_ids <= set(result.activity["record_id"].astype(str))  # they were read
    ids = (x_ids
           | _record_ids(result.activity, "facebook", builder("facebook").HARD_NEGATIVES)
           | _record_ids(result.activity, "instagram", builder("instagram").HARD_NEGATIVES))
    f = result.findings
    hits = f[f["record_id"].astype(str).isin(ids)]
    assert hits.empty, hits[["rule", "record_id", "text"]].to_dict("records")


@pytest.mark.parametrize(("platform", "needle", "rule"), [
    ("x", "Proud to support Elena Castillo", "POLITICAL_ENDORSEMENT"),
    ("x", "incompetent clown", "DEMEANOR"),
    ("x", "Use my code MARIA10", "COMMERCIAL_ENDORSEMENT"),
    ("x", "(718) 555-0142", "PERSONAL_SECURITY_EXPOSURE"),
    ("x", "Obviously Brightwater will lose", "PENDING_CASE_COMMENT"),
    ("x", "I will never grant bail", "PREJUDGMENT_OR_PLEDGE"),
    ("x", "Can't go into details", "CONFIDENTIAL_INFORMATION"),
    ("x", "Brightwater Logistics lawsuit", "INDEPENDENT_RESEARCH"),
    ("facebook", "il mio voto va a Elena Castillo", "POLITICAL_ENDORSEMENT"),
    ("facebook", "gofundme", "FUNDRAISING"),
    ("facebook", "42 Willow Street", "PERSONAL_SECURITY_EXPOSURE"),
    ("facebook", "bozza di sentenza", "CONFIDENTIAL_INFORMATION"),
    ("facebook", "Tomas Lindqvist", "INDEPENDENT_RESEARCH"),
    ("facebook", "Greg Vance got the sentencing", "PENDING_CASE_COMMENT"),
    ("instagram", "my daughter Sofia (7)", "PERSONAL_SECURITY_EXPOSURE"),
    ("instagram", "#sponsored", "COMMERCIAL_ENDORSEMENT"),
    ("instagram", "draft opinion", "CONFIDENTIAL_INFORMATION"),
    ("instagram", "deserves to lose", "PENDING_CASE_COMMENT"),
])
def test_planted_items_raise_their_rule(result, platform, needle, rule):
    f = result.findings
    f = f[(f["platform"].astype(str) == platform) & (f["rule"] == rule)]
    text = f["text"].astype("string").fillna("") + " " + f["url"].astype("string").fillna("")
    assert text.str.contains(needle, regex=False).any(), (platform, needle, rule)


def test_critical_security_item_names_address_and_absence(result):
    f = result.findings
    row = f[f["text"].astype("string").fillna("").str.contains("42 Willow Street",
                                                                regex=False)]
    assert list(row["severity"]) == ["critical"]
    reason = row["reason"].iloc[0]
    assert "home address" in reason and "Away until" in reason


def test_report_names_all_three_platforms(result, tmp_path):
    from presence_audit.reports import write_all

    written = write_all(tmp_path / "audit", result)
    html = Path(written["html"] if "html" in written else tmp_path / "audit" / "report.html"
                ).read_text(encoding="utf-8")
    listed = re.search(r"<dt>Platforms</dt>\s*<dd>([^<]*)</dd>", html)
    assert listed, "the report summary lists no platforms"
    assert {p.strip().lower() for p in listed.group(1).split(",")} >= PLATFORMS | {"threads"}
    for archive in ARCHIVES:
        assert archive.name in html


def test_every_sample_of_every_platform_scans_into_one_report(tmp_path, monkeypatch):
    """The README's all-platforms example: one scan, one report naming all ten platforms."""
    from presence_audit.reports import write_all

    monkeypatch.setenv("PRESENCE_AUDIT_DB", str(tmp_path / "history.db"))
    every = sorted(SAMPLES.glob("*.zip")) + sorted(SAMPLES.glob("*.car"))
    found = scan([str(p) for p in every], str(PROFILE))
    assert not found.failures
    platforms = {"x", "facebook", "instagram", "threads", "linkedin", "mastodon", "bluesky",
                 "reddit", "tiktok", "youtube"}
    assert set(found.findings["platform"].astype(str)) == platforms
    html = (tmp_path / "audit" / "report.html")
    write_all(tmp_path / "audit", found)
    listed = re.search(r"<dt>Platforms</dt>\s*<dd>([^<]*)</dd>", html.read_text(encoding="utf-8"))
    assert listed and {p.strip().lower() for p in listed.group(1).split(",")} == platforms
