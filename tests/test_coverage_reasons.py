"""Coverage reasons and political entity kinds in the report language (issue 14): every
reason of every sample archive and of a malformed export has an Italian rendering; an unknown
reason is shown in English and marked; entity kinds are translated."""

from __future__ import annotations

import io
import re
import tomllib
import warnings
import zipfile
from pathlib import Path
from string import Formatter

import pytest
from test_archive import mark_encrypted
from test_report_words import visible
from xarchive import account, tweet, x_members

from presence_audit.coverage import CoverageEntry
from presence_audit.profile import POLITICAL_KINDS
from presence_audit.reports import ReportOptions
from presence_audit.reports.html import TEMPLATES, load_labels, render
from presence_audit.reports.reasons import ReasonTranslator, split_parts
from presence_audit.scan import scan

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "sample_archives" / "profile.toml"
SAMPLES = sorted([*ROOT.glob("sample_archives/*.zip"), *ROOT.glob("sample_archives/*.car")])
APRIL = "Tue Apr 16 14:02:11 +0000 2024"


@pytest.fixture(scope="module")
def italian() -> ReasonTranslator:
    return ReasonTranslator(load_labels("en"), load_labels("it"))


def malformed_x(path: Path) -> Path:
    """An X export with bad tweets, an unread data file, debris, a nested zip, an unknown
    file, a path escaping the archive, a duplicate and an encrypted member."""
    bad_id = tweet("1780231000000000002", APRIL, "x")
    bad_id.pop("id_str", None)
    members = x_members(tweets=[tweet("1780231000000000001", APRIL, "a harmless post"),
                                bad_id, tweet("1780231000000000003", "not a date", "y")],
                        account=account("4400000001", "mariarossi_nyc"),
                        generated="2024-06-01T12:00:00Z")
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("a.txt", "x")
    with zipfile.ZipFile(path, "w") as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the duplicate name is on purpose
        for name, data in members.items():
            zf.writestr(name, data)
        zf.writestr("data/tweets.js", b"window.YTD.tweets.part0 = [ ]")
        zf.writestr("data/direct-messages.js", b"window.YTD.direct_messages.part0 = [ ]")
        zf.writestr("data/block.js", b"window.YTD.block.part0 = [ ]")
        zf.writestr("__MACOSX/._x", b"x")
        zf.writestr("nested.zip", inner.getvalue())
        zf.writestr("notes/readme.docx", b"x")
        zf.writestr("../evil.txt", b"x")
    mark_encrypted(path, b"data/direct-messages.js")
    return path


def untranslated(paths: list[Path], translate: ReasonTranslator) -> dict[str, str]:
    out = {}
    for path in paths:
        for entry in scan([path], PROFILE).coverage:
            said = translate(entry.reason)
            if entry.reason and said.english:
                out[entry.reason] = path.name
    return out


def test_every_sample_coverage_reason_has_an_italian_rendering(italian):
    assert len(SAMPLES) >= 11
    assert untranslated(SAMPLES, italian) == {}


def test_malformed_export_reasons_have_an_italian_rendering(italian, tmp_path):
    path = malformed_x(tmp_path / "x.zip")
    reasons = {e.reason for e in scan([path], PROFILE).coverage}
    assert any("bad records skipped" in r for r in reasons)  # the inputs are really malformed
    assert any(r.startswith("refused: ") for r in reasons)
    assert untranslated([path], italian) == {}


def test_reason_parts_and_fields_are_translated(italian):
    said = italian("3 bad records skipped: 2 without a usable id_str; "
                   "1 with an unreadable created_at")
    assert said == type(said)("3 record non validi scartati: 2 senza un id_str utilizzabile; "
                              "1 con un created_at illeggibile")
    assert italian("account owner: Maria Rossi").text == "titolare dell'account: Maria Rossi"
    assert split_parts("a (b; c); d") == ["a (b; c)", "d"]


def test_unknown_reason_stays_english_and_is_marked(italian):
    said = italian("media file (never opened); a reason no template knows")
    assert said.english
    assert said.text == "file multimediale (mai aperto); a reason no template knows"
    english = ReasonTranslator(load_labels("en"), load_labels("en"))
    assert not english("a reason no template knows").english


def test_translations_use_the_english_fields():
    en, it = (tomllib.loads((TEMPLATES / "labels" / f"{lang}.toml").read_text("utf-8"))
              for lang in ("en", "it"))
    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in Formatter().parse(text) if f}
    for key in (k for k in en if k.startswith("cov_")):
        assert fields(en[key]) == fields(it[key]), key
    for kind in POLITICAL_KINDS:
        assert f"polkind_{kind}" in en and f"polkind_{kind}" in it


@pytest.fixture(scope="module")
def sample_result():
    return scan([ROOT / "sample_archives" / f"{n}-sample.zip"
                 for n in ("x", "facebook", "instagram")], PROFILE)


def test_italian_report_coverage_and_entity_kinds(sample_result):
    page = visible(render(sample_result, ReportOptions(lang="it")))
    assert "empty category" not in page and "categoria vuota (no-data.txt)" in page
    assert "non tradotto" not in page  # every sample reason has its translation
    assert "politico (partito)" in page and "(party)" not in page
    assert "restano nella lingua originale" in page
    english = visible(render(sample_result))
    assert "political (party)" in english and "empty category (no-data.txt)" in english


def test_unknown_reason_is_marked_in_the_page(sample_result):
    odd = CoverageEntry("x", "x-sample.zip", "data/odd.js", "other", "skipped",
                        reason="a reason no template knows")
    result = sample_result
    saved = result.coverage
    result.coverage = [odd, *saved]
    try:
        page = render(result, ReportOptions(lang="it"))
    finally:
        result.coverage = saved
    assert re.search(r'<span lang="en">a reason no template knows</span> '
                     r'<span class="muted untranslated">\(non tradotto', page)


def test_every_coverage_kind_has_a_label(tmp_path):
    """The coverage table's Kind column: each kind of the samples and of a malformed export
    is named in both languages (not shown as the importer's identifier)."""
    en, it = load_labels("en"), load_labels("it")
    kinds = set()
    for path in [*SAMPLES, malformed_x(tmp_path / "x.zip")]:
        kinds |= {e.kind for e in scan([path], PROFILE).coverage if e.kind}
    assert {"empty", "media", "debris", "account"} <= kinds
    missing = {k for k in kinds if f"kind_{k}" not in en or f"kind_{k}" not in it}
    assert missing == set()


def test_chart_names_categories_in_the_report_language(sample_result):
    page = render(sample_result, ReportOptions(lang="it"))
    chart = page[page.index('<svg class="chart"'):]
    chart = chart[:chart.index("</svg>")]
    assert "partecipanti" in chart
    assert not re.search(r"\b(party|case): \d", chart)
