"""Review decisions: record them (one finding, or many from a CSV) and show them on findings.

A decision is appended to the history store with who and when; nothing is overwritten, so a
finding's status history stays readable. On the next scan the latest decision becomes the
finding's status, unless the item's text changed since (content hash) — then the decision no
longer applies — or the item was marked remediated and an export made after that still holds
it: that is flagged ``reappeared`` and re-opened (the same old export scanned again is not).
From a findings.csv only the rows changed since its export are decisions; a file exported
before a later decision is stale, and its changed rows are reported, not applied.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
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
    unchanged: int  # rows still at the status they were exported with (or the latest one)
    stale: list[str] = field(default_factory=list)  # one line per edited row not applied


def _note(value: str | None) -> str:
    """findings.csv neutralizes formula-like cells with a leading apostrophe: undo that."""
    text = (value or "").strip()
    return text[1:] if text[:2] in {"'=", "'+", "'-", "'@"} else text


def _read_csv(path: Path) -> tuple[csv.DictReader, list[str]]:
    """The rows of a findings.csv and its lower-cased header, or one clear error."""
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
    return reader, header


def _status_or_none(text: str | None) -> str | None:
    """The stored status of a cell; None for ``suppressed`` (the profile's, not a review's)."""
    if (text or "").strip().lower() == "suppressed":
        return None
    return parse_status(text or "")


def _exported_at(text: str | None) -> datetime | None:
    """When the file was exported (the ``exported_at`` column); None when not given."""
    if not (text or "").strip():
        return None
    try:
        when = datetime.fromisoformat((text or "").strip())
    except ValueError:
        raise AuditInputError(f"exported_at {text!r} is not a time") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _after(history: list[Review], since: datetime) -> list[Review]:
    """The decisions taken after ``since`` (a decision time that cannot be read counts)."""
    out = []
    for review in history:
        try:
            at = datetime.fromisoformat(review.at)
        except ValueError:
            out.append(review)
            continue
        if (at if at.tzinfo else at.replace(tzinfo=UTC)) > since:
            out.append(review)
    return out


def _stale_line(line_no: int, fp: str, wanted: str, later: Review) -> str:
    return (f"line {line_no}: {fp} not set to {wanted}: decided {later.status} by "
            f"{later.by} on {later.at[:10]}, after this file was exported; export a new "
            "findings.csv or review the finding by its fingerprint")


def decide_from_csv(store: Store, path: str | Path, *, by: str | None = None,
                    subject: str | None = None) -> CsvOutcome:
    """Record the statuses edited in a findings.csv (columns fingerprint, status; optional
    note, by, and the exported_status and exported_at the tool writes).

    A row is a decision only when its status differs from the one it was exported with
    (without that column: from the latest decision). A row edited in a file exported before
    a later decision on the same finding is stale: reported, never applied, so an old file
    cannot silently undo a newer decision. Every row is checked first; one bad row records
    nothing.
    """
    path = Path(path)
    reader, header = _read_csv(path)
    exported_column = "exported_status" in header
    existing: dict[str, dict[str, list[Review]]] = {}
    rows: list[tuple[str, str, Review]] = []
    outcome = CsvOutcome(recorded=0, unchanged=0)
    at = now_iso()
    for line_no, row in enumerate(reader, start=2):
        try:
            status = _status_or_none(row.get("status"))
            if status is None:
                outcome.unchanged += 1
                continue
            subj, fp, chash = resolve(store, row.get("fingerprint") or "", subject)
            exported_at = _exported_at(row.get("exported_at"))
        except AuditInputError as exc:
            raise AuditInputError(f"{path} line {line_no}: {exc}") from None
        history = existing.setdefault(subj, store.reviews(subj)).get(fp, [])
        if exported_column:
            key = (row.get("exported_status") or "").strip().lower()
            before = DECISIONS.get(key, key or "open")
        else:
            before = history[-1].status if history else "open"
        if status == before:
            outcome.unchanged += 1
            continue
        later = _after(history, exported_at) if exported_at else []
        if later and later[-1].status == status:
            outcome.unchanged += 1  # decided so already, since the export
            continue
        if later:
            outcome.stale.append(_stale_line(line_no, fp, status, later[-1]))
            continue
        who = (row.get("by") or "").strip() or (by or "").strip()
        if not who:
            raise AuditInputError(f"{path} line {line_no}: no reviewer; give --by or a "
                                  "'by' column")
        rows.append((subj, fp, Review(status, _note(row.get("note")), who, at, chash)))
    outcome.recorded = store.add_reviews(rows)
    return outcome


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def csv_outcome_line(outcome: CsvOutcome) -> str:
    """The one line ``review --csv`` prints: what was recorded, left, and not applied."""
    line = (f"{_count(outcome.recorded, 'decision', 'decisions')} recorded, "
            f"{_count(outcome.unchanged, 'row', 'rows')} unchanged")
    if outcome.stale:
        line += (f", {_count(len(outcome.stale), 'stale row', 'stale rows')} not applied "
                 "(decided since the file was exported)")
    return line


EDITED = (" The item's text changed after the decision of {at} ({status}), so that "
          "decision no longer applies.")
REAPPEARED = (" Marked remediated on {at} by {by}, but the item is in the archives again.")


def export_dates(findings: pd.DataFrame, activity: pd.DataFrame, labels: list[str]
                 ) -> list[pd.Timestamp | None]:
    """Each finding's export date: its archive's generation time (``observed_at``), else the
    newest record in that archive; None when the archive tells no time at all.

    A remediation is judged against this date, not the scan's: an export made before the
    item was removed still holds it, and scanning it again is no reappearance.
    """
    by_label: dict[str, pd.Timestamp | None] = {}
    sources = activity["source"].astype("string").fillna("")
    for label in labels:
        rows = activity[sources.str.startswith(label + ":")]
        newest = rows["observed_at"].max()
        if pd.isna(newest):
            newest = rows["timestamp"].max()
        by_label[label] = None if pd.isna(newest) else newest
    ordered = sorted(by_label, key=len, reverse=True)  # "a.zip" must not claim "a.zip.1:"
    out: list[pd.Timestamp | None] = []
    for source in findings["source"].astype(object):
        text = source if isinstance(source, str) else ""
        owner = next((lb for lb in ordered if text.startswith(lb + ":")), None)
        out.append(by_label.get(owner) if owner else None)
    return out


def _predates(export: pd.Timestamp | None, decided_at: str) -> bool:
    """True when the export was made before the decision (unknown dates: not shown so)."""
    if export is None or pd.isna(export):
        return False
    try:
        decided = pd.Timestamp(decided_at)
    except ValueError:
        return False
    decided = decided.tz_localize("UTC") if decided.tzinfo is None else decided
    return bool(export < decided)


def annotate(findings: pd.DataFrame, reviews: dict[str, list[Review]],
             exported: list[pd.Timestamp | None] | None = None) -> pd.DataFrame:
    """Set ``status`` from the latest decision and ``review`` to the decision history.

    Present findings whose latest decision is ``remediated`` become ``open`` with change
    ``reappeared`` when their export (``exported``, see ``export_dates``; unknown counts
    as newer) was made after the remediation; a decision taken on different text re-opens
    the finding.
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
        elif latest.status == "remediated" and exported is not None \
                and _predates(exported[i], latest.at):
            status[i] = latest.status  # an export from before the removal: still in it
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
