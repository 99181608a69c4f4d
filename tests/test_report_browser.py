"""report.html in a real browser: Debian's Chromium, driven by Playwright (no download).

Opens the report of the sample archives and of an archive with planted script payloads;
checks there are no console errors and no network requests, that filters and search change
what is shown, that no payload runs, and that the per-case view lists the interactions.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from xarchive import build_x_archive, tweet

from presence_audit.reports import write_all
from presence_audit.scan import scan

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (.ci/run installs it)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "sample_archives" / "profile.toml"
SAMPLES = [ROOT / "sample_archives" / f"{n}-sample.zip" for n in ("x", "facebook", "instagram")]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
APRIL = "Tue Apr 16 14:02:11 +0000 2024"
PAYLOADS = ("<script>window.__pwned = 1</script>", '"><img src=x onerror="window.__pwned=2">',
            "<svg onload=window.__pwned=3>")


class Page:
    """A Chromium page recording console errors, page errors, dialogs and requests."""

    def __init__(self, page) -> None:
        self.page, self.errors, self.requests, self.dialogs = page, [], [], []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, report: Path) -> None:
        self.page.goto(report.as_uri())
        self.page.wait_for_selector("#finding-list article")

    def shown(self) -> int:
        return self.page.locator("#finding-list > article").count()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM),
            headless=True, args=ARGS)
        yield context
        context.close()


@pytest.fixture
def page(browser):
    pg = browser.new_page()
    yield Page(pg)
    pg.close()


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory) -> Path:
    result = scan([str(p) for p in SAMPLES], str(PROFILE))
    return write_all(tmp_path_factory.mktemp("sample") / "audit", result)["html"]


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    tweets = []
    for i, payload in enumerate(PAYLOADS):
        stored = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        tweets.append(tweet(f"178023100000000000{i}", APRIL,
                            f"@acme_holdings {stored} hearing on the lease",
                            reply_to=("1780230000000000000", "1500000001", "acme_holdings"),
                            mentions=[("acme_holdings", "1500000001")]))
    archive = build_x_archive(tmp / "x.zip", tweets=tweets)
    return write_all(tmp / "audit", scan([archive], PROFILE))["html"]


def only_the_report(page: Page, report: Path) -> None:
    assert page.requests == [report.as_uri()], page.requests


def test_sample_report_loads_cleanly_offline(page, sample_report):
    page.open(sample_report)
    assert page.errors == [] and page.dialogs == []
    only_the_report(page, sample_report)
    assert page.shown() > 5
    status = page.page.locator("#f-summary").inner_text()
    assert "Showing" in status


def test_filters_and_search_change_what_is_shown(page, sample_report):
    page.open(sample_report)
    everything = page.shown()
    page.page.select_option("#f-severity", "critical")
    page.page.wait_for_timeout(50)
    critical = page.shown()
    assert 0 < critical < everything
    sev = page.page.locator("#finding-list > article > header .sev").all_inner_texts()
    assert {s.lower() for s in sev} == {"critical"}
    page.page.select_option("#f-platform", "instagram")
    assert page.shown() < critical
    page.page.click("#f-reset")
    assert page.shown() == everything
    page.page.fill("#f-search", "warehouse lease")
    page.page.wait_for_timeout(400)  # debounced
    hits = page.page.locator("#finding-list > article").all_inner_texts()
    assert 0 < len(hits) < everything
    page.page.fill("#f-search", "no finding says zzqx")
    page.page.wait_for_timeout(400)
    assert page.shown() == 0
    assert page.page.locator("#f-summary").inner_text() == "No finding matches these filters."
    assert page.errors == []
    only_the_report(page, sample_report)


def test_sort_and_details_and_group_expansion(page, sample_report):
    page.open(sample_report)
    page.page.select_option("#f-sort", "newest")
    whens = page.page.locator("#finding-list > article .when").all_inner_texts()
    stamps = [w for w in whens if re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", w)]
    assert stamps == sorted(stamps, reverse=True) and len(stamps) > 3
    first = page.page.locator("#finding-list > article").first
    first.locator("details > summary").click()
    fields = first.locator("dl.fields").inner_text()
    assert "Fingerprint" in fields and "What to do" in fields and "Sources" in fields
    group = page.page.locator("#finding-list > article:has(.badge.count)").first
    n = int(group.locator(".badge.count").inner_text().lstrip("×"))
    group.locator("button.expand").click()
    assert group.locator(".members > article").count() == n - 1  # the card shows the first
    assert page.errors == []


def test_planted_script_payloads_do_not_run(page, hostile_report):
    page.open(hostile_report)
    assert page.page.evaluate("window.__pwned") is None
    assert page.dialogs == [] and page.errors == []
    only_the_report(page, hostile_report)
    for button in page.page.locator("#finding-list button.expand").all():
        button.click()  # the three replies to one party are one group
    assert page.page.evaluate("window.__pwned") is None
    text = page.page.locator("#finding-list").inner_text()
    for payload in PAYLOADS:
        assert payload in text  # shown as text, verbatim
    assert page.page.locator("#finding-list img, #finding-list svg").count() == 0
    # The server-rendered parts (per-case view, print list) show it as text too.
    assert PAYLOADS[0] in page.page.locator("#cases").inner_text()


def test_per_case_view_lists_the_expected_interactions(page, sample_report):
    page.open(sample_report)
    case = page.page.locator('article.case[data-case="512345/2024"]')
    rows = case.locator("tr.interaction").all_inner_texts()
    joined = "\n".join(rows)
    for who in ("Acme Holdings LLC", "Brightwater Logistics Inc.", "Daniel Okafor", "Helen Marsh"):
        assert who in joined, who
    assert any("acme_holdings" in r and "x · like" in r for r in rows)
    assert any("Daniel Okafor" in r and "facebook · message" in r for r in rows)
    assert case.locator("svg.timeline circle").count() > 0
    closed = page.page.locator('article.case[data-case="655321/2021"]')
    assert closed.locator("tr.interaction").count() == 0


def test_print_layout_shows_the_full_list_not_the_controls(page, sample_report):
    page.open(sample_report)
    page.page.emulate_media(media="print")
    assert page.page.locator("#print-list").is_visible()
    assert not page.page.locator("#filters").is_visible()
    assert not page.page.locator("#finding-list").is_visible()
    # Nothing wider than the page: no clipped tables.
    overflow = page.page.evaluate(
        "Array.from(document.querySelectorAll('table')).filter("
        "t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length")
    assert overflow == 0
    pdf = page.page.pdf(format="A4")
    assert pdf[:5] == b"%PDF-" and pdf.count(b"/Type /Page") > 2
