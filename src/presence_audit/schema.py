"""The Activity frame: one row per thing the person did or has, in flat typed columns.

Every importer returns exactly these columns (``validate`` checks it) so that rules can run
vectorized over the whole frame. Two additions to DESIGN.md's contract: the kind ``profile``
is one row per own account holding its display name, bio, location and website in ``text``
(TITLE_MISUSE, ACCOUNT_HYGIENE and M-TITLED read it); and ``observed_at`` is the export's
generation time, the moment a relation (a follow, a friendship) was known to hold, which the
open-window logic needs for records without their own time (rules.md 1.2). A ``message``
someone else sent the owner carries no ``account`` where the importer can tell (X, Facebook,
Instagram): the owner's account did not act, and FUNDRAISING counts only requests the owner
sent (issue 13).
"""

from __future__ import annotations

import hashlib

import pandas as pd

PLATFORMS = ("x", "facebook", "instagram", "threads", "linkedin", "mastodon", "bluesky",
             "reddit", "tiktok", "youtube")
KINDS = ("post", "reply", "repost", "quote", "comment", "like", "reaction", "follow",
         "follower", "friend", "connection", "group", "page", "subscription", "message",
         "search", "check_in", "profile")
TIME_BASES = ("exact", "bound", "unknown")

UTC_TS = pd.DatetimeTZDtype("ns", "UTC")
STRING = pd.StringDtype()

COLUMNS: dict[str, object] = {
    "platform": pd.CategoricalDtype(PLATFORMS),
    "kind": pd.CategoricalDtype(KINDS),
    "record_id": STRING,
    "timestamp": UTC_TS,
    "time_basis": pd.CategoricalDtype(TIME_BASES),
    "text": STRING,
    "counterpart": STRING,
    "counterpart_id": STRING,
    "mentions": STRING,
    "url": STRING,
    "account": STRING,
    "source": STRING,
    "observed_at": UTC_TS,
}
REQUIRED_NONEMPTY = ("platform", "kind", "record_id", "time_basis", "source")


def empty() -> pd.DataFrame:
    """An Activity frame with no rows and every column typed."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in COLUMNS.items()})


def from_records(columns: dict[str, list], platform: str) -> pd.DataFrame:
    """Build a typed Activity frame from column lists (missing columns become empty).

    Importers collect plain Python lists per column and call this once; timestamps may be
    given as ``datetime``/``pd.Timestamp`` (tz-aware) or ``None``.
    """
    n = len(columns.get("record_id", []))
    data: dict[str, pd.Series] = {}
    for name, dtype in COLUMNS.items():
        values = columns.get(name)
        if name == "platform" and values is None:
            values = [platform] * n
        if values is None:
            values = [None] * n
        if len(values) != n:
            raise ValueError(f"column {name} has {len(values)} values, expected {n}")
        if isinstance(dtype, pd.CategoricalDtype):
            unknown = set(values) - set(dtype.categories) - {None}
            if unknown:
                raise ValueError(f"column {name} has values outside {list(dtype.categories)}: "
                                 f"{sorted(map(str, unknown))[:5]}")
        if dtype is UTC_TS:
            # ISO8601: never let pandas guess one format from the first string and coerce
            # every differently written value to NaT.
            data[name] = pd.Series(pd.to_datetime(values, utc=True, errors="coerce",
                                                  format="ISO8601"), dtype=UTC_TS)
        else:
            data[name] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(data)


def validate(frame: pd.DataFrame) -> None:
    """Raise ``ValueError`` naming the first way ``frame`` breaks the contract."""
    if list(frame.columns) != list(COLUMNS):
        raise ValueError(f"columns {list(frame.columns)} != {list(COLUMNS)}")
    for name, dtype in COLUMNS.items():
        if frame[name].dtype != dtype:
            raise ValueError(f"column {name} has dtype {frame[name].dtype}, expected {dtype}")
    for name in REQUIRED_NONEMPTY:
        if frame[name].isna().any():
            raise ValueError(f"column {name} has missing values")
    exact_nat = (frame["time_basis"] == "exact") & frame["timestamp"].isna()
    if exact_nat.any():
        raise ValueError("rows with time_basis 'exact' must have a timestamp")
    if (frame["timestamp"].dt.year < 2000).any():
        raise ValueError("timestamps before 2000 (epoch placeholders?) are not allowed")
    if frame.duplicated(["platform", "record_id"]).any():
        raise ValueError("duplicate (platform, record_id) pairs")


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate Activity frames, keeping dtypes, and de-duplicate on (platform, record_id).

    The first occurrence wins, so callers pass the newest export first when it matters.
    """
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty()
    out = pd.concat(frames, ignore_index=True)
    for name, dtype in COLUMNS.items():
        out[name] = out[name].astype(dtype)
    return dedupe(out)


def dedupe(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop repeated (platform, record_id) rows, so overlapping archives count once."""
    return frame.drop_duplicates(["platform", "record_id"], keep="first").reset_index(drop=True)


# ``connection`` rows that are the subject's own endorsement or recommendation of someone
# (LinkedIn's "given" files) carry one of these record-id prefixes; a plain connection,
# an invitation or an endorsement received is not the subject recommending anyone.
GIVEN_ENDORSEMENT_PREFIXES = ("endorsement-given:", "recommendation-given:")


def content_id(*parts: object) -> str:
    """A stable ``record_id`` for records the export gives no id (Facebook posts, comments…).

    Hash the fields that identify the record (kind, timestamp, normalized text, counterpart),
    never volatile ones (counts) or the file path, so a re-export yields the same id.
    """
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return "h:" + hashlib.blake2b(joined.encode("utf-8", "surrogatepass"),
                                  digest_size=10).hexdigest()
