"""report.html as a reader meets it: a laptop (1400 px), a phone (390 px) and paper.

Debian's Chromium drives the screen (Playwright, no download) and prints the sample report to
PDF from its command line; poppler's pdfinfo, pdftotext and pdftoppm read the pages back.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from presence_audit.reports import write_all
from presence_audit.scan import scan

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists() or not shutil.which("pdftotext"):
    pytest.skip("needs Debian's chromium and poppler-utils (.ci/run installs them)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "sample_archives" / "profile.toml"
SAMPLES = [ROOT / "sample_archives" / f"{n}-sample.zip" for n in ("x", "facebook", "instagram")]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MIN_CELL_PX = 64  # a table cell narrower than this breaks words mid-word
NO_SIDEWAYS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
NARROW_CELLS = ("() => Array.from(document.querySelectorAll('main td')).filter(td => {"
                "  const r = td.getBoundingClientRect();"
                "  return r.width > 0 && td.textContent.trim().length > 3"
                f"    && r.width < {MIN_CELL_PX};"
                "}).map(td => td.textContent.trim().slice(0, 40))")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    result = scan([str(p) for p in SAMPLES], str(PROFILE))
    report = write_all(tmp_path_factory.mktemp("layout") / "audit", result)["html"]
    return report, result


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM),
            headless=True, args=ARGS)
        yield context
        context.close()


def open_at(browser, report: Path, width: int):
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report.as_uri())
    page.wait_for_selector("#finding-list article")
    return page, requests


def expand_all(page) -> None:
    for button in page.locator("#finding-list button.expand").all():
        button.click()


def items_of(result) -> int:
    f = result.findings
    return len(set(zip(f["platform"].astype(str), f["record_id"].astype(str), strict=True)))


@pytest.mark.parametrize("width", [1400, 390])
def test_no_sideways_scroll_readable_cells_one_card_per_item(browser, sample, width):
    report, result = sample
    page, requests = open_at(browser, report, width)
    assert page.evaluate(NO_SIDEWAYS), page.evaluate("document.documentElement.scrollWidth")
    assert page.evaluate(NARROW_CELLS) == []
    expand_all(page)
    assert page.evaluate(NO_SIDEWAYS)
    cards = page.locator("#finding-list article[data-item]")
    shown = cards.evaluate_all("cs => cs.map(c => c.getAttribute('data-item'))")
    n_items = items_of(result)
    assert len(shown) == len(set(shown)) == n_items < len(result.findings)
    assert f"{n_items} items, {len(result.findings)} findings" in page.inner_text("#f-summary")
    # Findings of several rules on one item: one card, listing them, at the highest severity.
    several = page.locator("#finding-list article:has(.also)").first
    head = several.locator("> header .sev").inner_text().lower()
    others = [s.lower() for s in several.locator(".also .sev").all_inner_texts()]
    order = ["info", "low", "medium", "high", "critical"]
    assert others and all(order.index(head) >= order.index(o) for o in others)
    if width == 390:  # charts are drawn for the narrow screen: their text stays legible
        box = page.locator("#timeline ~ figure.narrow-only svg").bounding_box()
        assert box and box["width"] <= 390 and box["width"] >= 300
    assert requests == [report.as_uri()]
    page.close()


def test_cards_say_it_in_plain_words(browser, sample):
    report, _ = sample
    page, _ = open_at(browser, report, 1400)
    first = page.locator("#finding-list > article").first
    assert first.locator("h4.title").inner_text() and first.locator("p.why").inner_text()
    meta = "\n".join(page.locator("#finding-list > article .meta").all_inner_texts())
    assert "Acme Holdings LLC (@acme_holdings)" in meta
    assert not re.search(r"\b1500000\d{3}\b", page.inner_text("#finding-list"))  # ids: details
    assert "time unknown" in meta and "on or after" in meta
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", meta)  # local wall-clock, not raw UTC
    assert "America/New_York" in page.inner_text("#zone")
    page.close()


def test_accent_insensitive_search_and_filters_in_the_url(browser, sample):
    report, _ = sample
    page, _ = open_at(browser, report, 1400)
    rest = page.locator("ol.steps .more-examples").first
    assert not rest.is_visible()  # "(+N)" opens the rest of a list of examples
    page.locator("ol.steps button.more-toggle").first.click()
    assert rest.is_visible()
    page.fill("#f-search", "caffe reggio")
    page.wait_for_timeout(400)
    assert "Caffè Reggio" in page.inner_text("#finding-list")
    page.click("#f-reset")
    page.select_option("#f-severity", "critical")
    page.wait_for_timeout(50)
    critical = page.locator("#finding-list > article").count()
    assert "severity=critical" in page.evaluate("location.hash")
    page.reload()
    page.wait_for_selector("#finding-list article")
    assert page.input_value("#f-severity") == "critical"
    assert page.locator("#finding-list > article").count() == critical
    page.close()


@pytest.fixture(scope="module")
def printed(sample, tmp_path_factory):
    """The sample report printed by Chromium's own --print-to-pdf, as the user would."""
    report, _ = sample
    tmp = tmp_path_factory.mktemp("pdf")
    pdf = tmp / "report.pdf"
    subprocess.run([str(CHROMIUM), *ARGS, f"--user-data-dir={tmp / 'profile'}",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri()],
                   check=True, capture_output=True, timeout=180)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    n = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
    pages = [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), "-layout", str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
             for i in range(1, n + 1)]
    return pdf, info.stdout, pages


def test_print_numbers_pages_and_prints_the_full_hashes(printed, sample):
    _, info, pages = printed
    _, result = sample
    assert "letter" in info  # a US jurisdiction prints on Letter
    for i, text in enumerate(pages, 1):
        assert re.search(rf"\b{i} / {len(pages)}\b", text), f"page {i} has no number"
    for text in pages[1:]:
        assert "Social-media audit: Maria Rossi" in text.split("\n\n")[0]  # running header
    cover = re.sub(r"\s+", "", pages[0])
    for archive in result.archives:
        assert len(archive.sha256) == 64 and archive.sha256 in cover


def test_print_puts_several_findings_on_a_page(printed, tmp_path):
    pdf, _, pages = printed
    start = next(i for i, t in enumerate(pages) if "Findings (print list)" in t)
    end = next(i for i, t in enumerate(pages) if "What to do, by rule" in t)
    counts = [pages[i].count("Fingerprint ") for i in range(start, end + 1)]
    assert sum(counts) >= 79  # every finding is on paper
    assert all(c >= 3 for c in counts[:-1]), counts  # the last page may hold the remainder
    assert "<https://x.com/" in "".join(pages)  # link targets printed after the link
    # Pages turn into pictures (pdftoppm), as a reviewer would look at them.
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", str(start + 1), "-l", str(start + 1),
                    str(pdf), str(tmp_path / "page")], check=True, timeout=60)
    png = next(tmp_path.glob("page*.png")).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2000
