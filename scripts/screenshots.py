"""Regenerate docs/report-overview.png and docs/report-print.png from the sample archives.

Scans sample_archives/{x,facebook,instagram}-sample.zip against sample_archives/profile.toml,
writes the audit to a temporary folder and photographs report.html in headless Chromium
(Debian's /usr/bin/chromium, driven by Playwright; no browser is downloaded):

    python scripts/screenshots.py [--chromium /usr/bin/chromium] [--out docs]
"""

from __future__ import annotations

import argparse
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
    """Photograph the overview (screen) and the first pages of the print layout."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    overview, printed = out / "report-overview.png", out / "report-print.png"
    with tempfile.TemporaryDirectory() as profile_dir, sync_playwright() as p:
        context = launch(p, chromium, Path(profile_dir))
        page = context.new_page()
        page.goto(report.as_uri())
        page.wait_for_selector("#finding-list article")
        page.screenshot(path=str(overview), clip={"x": 0, "y": 0, "width": WIDTH,
                                                  "height": HEIGHT})
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
        page.add_style_tag(content="body { padding: 16mm 14mm; }")  # the @page margins
        page.screenshot(path=str(printed), full_page=False)
        context.close()
    return [overview, printed]


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
