"""summary.html of an ethics office's batch: one row per subject, linking its report.

Not a per-audit writer (it is not registered with ``@writer``): ``app.run_batch`` calls it
once with the batch document (``batch.batch_document``) after every subject's audit. Same
rules as report.html: self-contained, autoescaped, the strict CSP, written owner-only.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from presence_audit.outputs import write_bytes
from presence_audit.reports.html import CSP, TEMPLATES
from presence_audit.summary import SEVERITY_ORDER

PAGE = "summary.html"


def render_summary_page(doc: dict) -> str:
    """The cross-subject page for the batch document ``doc``; severities run most severe
    first, as in report.html."""
    env = Environment(loader=FileSystemLoader(TEMPLATES),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    return env.get_template("batch_summary.html.j2").render(
        csp=Markup(CSP), severities=list(SEVERITY_ORDER), **doc)


def write_summary_page(out_dir: Path, doc: dict) -> Path:
    """Write ``out_dir/summary.html``; return its path."""
    return write_bytes(Path(out_dir) / PAGE, render_summary_page(doc).encode("utf-8"))
