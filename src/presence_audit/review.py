"""Review decisions: record them (one finding, or many from a CSV) and show them on findings.

A decision is appended to the history store with who and when; nothing is overwritten, so a
finding's status history stays readable. On the next scan the latest decision becomes the
finding's status, unless the item's text changed since (content hash) — then the decision no
longer applies — or the item was marked remediated and is in the archives again: that is
flagged ``reappeared`` and re-opened.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from presence_audit.errors import AuditInputError
from presence_audit.history import Review, Store, now_iso

# CLI spelling -> stored status (findings_schema.STATUSES); "open" re-opens a decision.
DECISIONS = {"acknowledged": "acknowledged", "false-positive": "false_positive",
             "false_positive": "false_positive", "remediated": "remediated",
             "disclosed": "disclosed", "open": "open"}
SHOWN = "acknowledged, false-positive, remediated, disclosed, open"
MIN_PREFIX = 6
MAX_CSV_BYTES = 64 << 20


def parse_status(text: str) -> str:
    """The stored status for a decision as typed; AuditInputError when it is none of them."""
    key = (text or "").strip().lower()
    if key not in DECISIONS:
        raise AuditInputError(f"status {text!r} is not one of {SHOWN}")
    return DECISIONS[key]


def resolve(store: Store, fingerprint: str, subject: str | None = None
            ) -> tuple[str, str, str | None]:
    """(subject, full fingerprint, content hash) of a fingerprint (or a unique prefix)."""
    fp = (fingerprint or "").strip().lower()
    if len(fp) < MIN_PREFIX:
        raise AuditInputError(f"fingerprint {fingerprint!r} is too short (give at least "
                              f"{MIN_PREFIX} characters)")
    hits = [h for h in store.seen_by_prefix(fp) if subject is None or h[0] == subject]
    if not hits:
        where = f" for subject {subject!r}" if subject else ""
        raise AuditInputError(f"fingerprint {fingerprint!r} is not in the history store"
                              f"{where}; scan the archives first")
    if len({h[1] for h in hits}) > 1:
        raise AuditInputError(f"fingerprint prefix {fingerprint!r} matches "
                              f"{len({h[1] for h in hits})} findings; give more characters")
    if len({h[0] for h in hits}) > 1:
        names = ", ".join(sorted({h[0] for h in hits}))
        raise AuditInputError(f"fingerprint {fingerprint!r} was seen for several subjects "
                              f"({names}); name one with --subject")
    return hits[0]


def decide(store: Store, fingerprint: str, status: str, *, by: str, note: str = "",
           subject: str | None = None, at: str | None = None) -> tuple[str, str]:
    """Append one decision; returns (subject, fingerprint)."""
    if not (by or "").strip():
        raise AuditInputError("--by is required: every decision names who took it")
    stored = parse_status(status)
    subj, fp, chash = resolve(store, fingerprint, subject)
    store.add_reviews([(subj, fp, Review(stored, note or "", by.strip(), at or now_iso(),
                                         chash))])
    return subj, fp


@dataclass
class CsvOutcome:
    recorded: int
    unchanged: int  # rows whose status already is the latest decision (or open, undecided)


def _note(value: str | None) -> str:
    """findings.csv neutralizes formula-like cells with a leading apostrophe: undo that."""
    text = (value or "").strip()
    return text[1:] if text[:2] in {"'=", "'+", "'-", "'@"} else text


def decide_from_csv(store: Store, path: str | Path, *, by: str | None = None,
                    subject: str | None = None) -> CsvOutcome:
    """Record the statuses edited in a findings.csv (columns fingerprint, status; optional
    note, by). Every row is checked first; one bad row records nothing."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise AuditInputError(f"{path}: larger than {MAX_CSV_BYTES >> 20} MiB")
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise AuditInputError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise AuditInputError(f"{path}: not UTF-8 text") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    for needed in ("fingerprint", "status"):
        if needed not in header:
            raise AuditInputError(f"{path} line 1: missing the column {needed!r}")
    reader.fieldnames = header
    existing: dict[str, dict[str, list[Review]]] = {}
    rows: list[tuple[str, str, Review]] = []
    unchanged = 0
    at = now_iso()
    for line_no, row in enumerate(reader, start=2):
        try:
            status = parse_status(row.get("status") or "") \
                if (row.get("status") or "").strip().lower() != "suppressed" else None
            if status is None:
                unchanged += 1  # suppression belongs to the profile, not to a review
                continue
            subj, fp, chash = resolve(store, row.get("fingerprint") or "", subject)
        except AuditInputError as exc:
            raise AuditInputError(f"{path} line {line_no}: {exc}") from None
        history = existing.setdefault(subj, store.reviews(subj)).get(fp, [])
        latest = history[-1].status if history else "open"
        if status == latest:
            unchanged += 1
            continue
        who = (row.get("by") or "").strip() or (by or "").strip()
        if not who:
            raise AuditInputError(f"{path} line {line_no}: no reviewer; give --by or a "
                                  "'by' column")
        rows.append((subj, fp, Review(status, _note(row.get("note")), who, at, chash)))
    store.add_reviews(rows)
    return CsvOutcome(recorded=len(rows), unchanged=unchanged)


EDITED = (" The item's text changed after the decision of {at} ({status}), so that "
          "decision no longer applies.")
REAPPEARED = (" Marked remediated on {at} by {by}, but the item is in the archives again.")


def annotate(findings: pd.DataFrame, reviews: dict[str, list[Review]]) -> pd.DataFrame:
    """Set ``status`` from the latest decision and ``review`` to the decision history.

    Present findings whose latest decision is ``remediated`` become ``open`` with change
    ``reappeared``; a decision taken on different text re-opens the finding.
    """
    frame = findings.copy()
    if "change" not in frame.columns:
        frame["change"] = ""
    frame["review"] = [[r.to_dict() for r in reviews.get(fp, [])]
                       for fp in frame["fingerprint"]]
    if frame.empty or not reviews:
        return frame
    status = frame["status"].astype(object).tolist()
    change = frame["change"].astype(object).tolist()
    reason = frame["reason"].astype(object).tolist()
    for i, (fp, chash) in enumerate(zip(frame["fingerprint"], frame["content_hash"],
                                        strict=True)):
        history = reviews.get(fp)
        if not history or history[-1].status == "open":
            continue
        latest = history[-1]
        if change[i] == "resolved":
            status[i] = latest.status
        elif latest.status == "remediated":
            status[i], change[i] = "open", "reappeared"
            reason[i] = str(reason[i] or "") + REAPPEARED.format(at=latest.at[:10],
                                                                  by=latest.by)
        elif latest.content_hash and chash and latest.content_hash != chash:
            status[i] = "open"
            reason[i] = str(reason[i] or "") + EDITED.format(at=latest.at[:10],
                                                              status=latest.status)
        else:
            status[i] = latest.status
    frame["status"], frame["change"], frame["reason"] = status, change, reason
    return frame
