"""Regenerate docs/report-overview.png, docs/report-phone.png and docs/report-print.png.

Scans sample_archives/{x,facebook,instagram}-sample.zip against sample_archives/profile.toml,
writes the audit to a temporary folder and photographs report.html in headless Chromium
(Debian's /usr/bin/chromium, driven by Playwright; no browser is downloaded): the laptop view
at 1280 px, the phone view at 390 px, and a page of the findings as Chromium prints it to PDF
(turned into a picture by poppler's pdftoppm):

    python scripts/screenshots.py [--chromium /usr/bin/chromium] [--out docs]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT / "sample_archives" / f"{name}-sample.zip"
           for name in ("x", "facebook", "instagram")]
PROFILE = ROOT / "sample_archives" / "profile.toml"
CHROMIUM = "/usr/bin/chromium"
# Headless, as root, without a display: the flags Chromium needs (and no background traffic).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
WIDTH, HEIGHT = 1280, 1100
PHONE = (390, 844)


def build_report(out_dir: Path, lang: str | None = None) -> Path:
    """Scan the sample archives and write the audit folder; return report.html."""
    from presence_audit.reports import ReportOptions, write_all
    from presence_audit.scan import scan

    result = scan([str(p) for p in SAMPLES], str(PROFILE))
    return write_all(out_dir, result, ReportOptions(lang=lang))["html"]


def launch(playwright, chromium: str, profile_dir: Path):
    """A persistent context on a fresh --user-data-dir with the flags above."""
    return playwright.chromium.launch_persistent_context(
        str(profile_dir), executable_path=chromium, headless=True, args=CHROMIUM_ARGS,
        viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1)


def shoot(report: Path, out: Path, chromium: str = CHROMIUM) -> list[Path]:
    """Photograph the laptop view, the phone view and a printed page of the findings."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    overview, phone = out / "report-overview.png", out / "report-phone.png"
    with tempfile.TemporaryDirectory() as profile_dir, sync_playwright() as p:
        context = launch(p, chromium, Path(profile_dir))
        page = context.new_page()
        page.goto(report.as_uri())
        page.wait_for_selector("#finding-list article")
        page.screenshot(path=str(overview), clip={"x": 0, "y": 0, "width": WIDTH,
                                                  "height": HEIGHT})
        page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
        page.locator("#findings").scroll_into_view_if_needed()
        page.evaluate("document.getElementById('findings').scrollIntoView()")
        page.screenshot(path=str(phone))
        context.close()
    return [overview, phone, print_page(report, out / "report-print.png", chromium)]


def print_page(report: Path, png: Path, chromium: str = CHROMIUM) -> Path:
    """Print the report to PDF with Chromium and picture the first full page of findings."""
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "report.pdf"
        subprocess.run([chromium, *CHROMIUM_ARGS, f"--user-data-dir={tmp}/profile",
                        "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri()],
                       check=True, capture_output=True, timeout=300)
        pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
            ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout)[1])
        first = next(i for i in range(1, pages + 1) if "Findings (print list)" in subprocess.run(
            ["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True,
            text=True, check=True).stdout)
        n = min(first + 1, pages)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", "-f", str(n), "-l", str(n),
                        str(pdf), str(png.with_suffix(""))], check=True, timeout=120)
    return png


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=CHROMIUM)
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--lang", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        report = build_report(Path(tmp) / "audit", args.lang)
        for path in shoot(report, args.out, args.chromium):
            print(path)


if __name__ == "__main__":
    main()
