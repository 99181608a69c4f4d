"""Coverage: what was read, skipped or not recognized, so the audit says what it did not check."""

from __future__ import annotations

from dataclasses import asdict, dataclass

STATUSES = ("read", "skipped", "unrecognized", "failed")
# in the reason of a "skipped" entry for a check that did not run by the user's choice
# (``scan --no-classifiers``): the report shows those entries in a banner, not only the table
NOT_RUN_MARK = "(--no-classifiers)"


@dataclass
class CoverageEntry:
    """One archive member (or one data kind inside it) and what the audit did with it.

    ``records`` counts rows that reached the Activity frame; ``bad_records`` counts records
    skipped for a reason (``reason`` says which, e.g. "3 records without an id").
    """

    platform: str
    archive: str
    member: str
    kind: str
    status: str
    records: int = 0
    bad_records: int = 0
    reason: str = ""

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown coverage status {self.status!r}")

    def to_dict(self) -> dict:
        return asdict(self)
