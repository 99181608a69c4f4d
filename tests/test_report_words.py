"""The report's words: every label in every language, Italian with no English left, plurals,
local times, counterparts by name, one card per item, paper size, the batch page's order."""

from __future__ import annotations

import html as htmllib
import re
import tomllib
from pathlib import Path

import pytest

from presence_audit.reports import ReportOptions
from presence_audit.reports.batch_summary import render_summary_page
from presence_audit.reports.html import JS_LABELS, TEMPLATES, render, say
from presence_audit.reports.present import css_string, paper_size
from presence_audit.scan import scan

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "sample_archives" / "profile.toml"
SAMPLES = [ROOT / "sample_archives" / f"{n}-sample.zip" for n in ("x", "facebook", "instagram")]
LABELS = TEMPLATES / "labels"


def labels(lang: str) -> dict[str, str]:
    return tomllib.loads((LABELS / f"{lang}.toml").read_text("utf-8"))


def visible(page: str) -> str:
    """The page's text: no stylesheet, script (the JSON blob is checked apart) or markup."""
    text = re.sub(r"<(style|script)\b[^>]*>.*?</\1>", "", page, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", "", text))


@pytest.fixture(scope="module")
def sample():
    return scan([str(p) for p in SAMPLES], str(PROFILE))


@pytest.fixture(scope="module")
def english(sample) -> str:
    return render(sample)


@pytest.fixture(scope="module")
def italian(sample) -> str:
    return render(sample, ReportOptions(lang="it"))


def test_every_label_exists_in_every_language():
    langs = {p.stem: labels(p.stem) for p in LABELS.glob("*.toml")}
    assert {"en", "it"} <= set(langs)
    keys = set(langs["en"])
    for lang, table in langs.items():
        assert set(table) == keys, (lang, sorted(set(table) ^ keys))
    used = set()
    for path in TEMPLATES.rglob("*.j2"):
        used |= set(re.findall(r"\bL\.(\w+)", path.read_text("utf-8"))) - {"get"}
        used |= set(re.findall(r'say\("(\w+)"', path.read_text("utf-8")))
    assert used - keys == set()
    assert set(JS_LABELS) - keys == set()


def test_rule_labels_follow_the_catalog(sample):
    en = labels("en")
    for rule, spec in sample.catalog.items():
        assert en[f"title_{rule}"] == spec.title
        assert en[f"action_{rule}"] == spec.action  # English shows the findings' own text


def test_italian_report_has_no_english_left(sample, italian):
    en, it = labels("en"), labels("it")
    page = visible(italian)
    for key, value in en.items():
        if "{" in value or len(value) < 12 or value == it[key]:
            continue
        assert value not in page, key
    blob = italian[italian.index('id="report-data">'):]
    for reason, action in zip(sample.findings["reason"], sample.findings["action"], strict=True):
        assert reason not in page and action not in page
        assert reason not in blob and action not in blob
    assert "Segnalato da 2 regole" in page and "tutti gli orari sono locali" in page
    assert "Ruolo\ngiudice" in page.replace("</dt><dd>", "\n") or "giudice" in page
    assert "da comunicare" in page  # policy values


def test_counts_say_items_and_findings_with_plurals(sample, english):
    f = sample.findings
    items = len(set(zip(f["platform"], f["record_id"], strict=True)))
    assert f"{items} items, {len(f)} findings" in english
    assert not re.search(r"\b1 (findings|items|archive members|rules)\b", english)
    en = labels("en")
    assert say(en, "n_findings", 1) == "1 finding" and say(en, "n_findings", 2) == "2 findings"
    assert say(en, "coverage_problems", 1).startswith("1 archive member could")


def test_times_are_local_and_ids_stay_in_the_details(english):
    page = visible(english)
    assert "all times are local to America/New_York (EDT/EST)" in page
    # 2024-03-14T14:20:31Z, the reply to @acme_holdings, is 10:20 in New York.
    assert "2024-03-14 10:20" in page and "2024-03-14T14:20:31Z" not in page
    assert "Acme Holdings LLC (@acme_holdings)" in page
    assert "time unknown" in page and "on or after" in page
    # An account id appears only in a card's details: its record, or after "account id".
    for hit in re.finditer(r"1500000001", page):
        before = page[max(0, hit.start() - 120):hit.start()]
        assert "account id" in before or before.endswith("Record follow:"), before


def test_one_card_per_item_in_the_print_list(sample, english):
    f = sample.findings
    items = len(set(zip(f["platform"], f["record_id"], strict=True)))
    listing = english[english.index('id="print-list"'):]
    cards = re.findall(r'<article class="finding [a-z]+" id="p-\w+" data-item="(\d+)"', listing)
    assert len(cards) == len(set(cards)) == items
    # The reply flagged by EX_PARTE_MESSAGE and PARTY_CONNECTION is one critical card.
    at = listing.index("Your new <mark>Red Hook</mark> warehouse")
    card = listing[listing.rindex("<article", 0, at):listing.index("</article>", at)]
    assert "EX_PARTE_MESSAGE" in card and "PARTY_CONNECTION" in card
    assert 'class="finding critical"' in card and "Flagged by 2 rules" in card


def test_archives_carry_their_full_hash(sample, english):
    for archive in sample.archives:
        assert f"SHA-256 {archive.sha256}" in english


def test_paper_follows_the_jurisdiction_and_the_header_is_a_safe_css_string():
    assert paper_size("US-model") == paper_size("US-FL") == "letter"
    assert paper_size("IT") == paper_size("UK-EW") == paper_size("INTL") == "A4"
    quoted = css_string('Rossi"; } body { x: "</style><script>')
    assert quoted.count('"') == 2 and "<" not in quoted and "}" not in quoted


def test_batch_summary_orders_severities_as_the_report():
    page = render_summary_page({
        "tool": {"name": "presence-audit", "version": "0"}, "generated_at": "now",
        "fail_on": "high", "totals": {"ok": 0, "failed": 0, "new": 0, "incomplete": 0},
        "subjects": []})
    heads = re.findall(r"<th>(\w+) \(open\)</th>", page)
    assert heads == ["critical", "high", "medium", "low", "info"]
