"""X / Twitter archive ("Download an archive of your data"): platform ``x``.

Request it under Settings → Your account → Download an archive of your data; X sends a
``twitter-YYYY-MM-DD-<hash>.zip`` holding ``Your archive.html`` and ``data/*.js``. Both the
current layout (``data/``, wrapped records, ``manifest.js``) and the 2018–2020 one (``*.js`` at
the root, bare records) are read, zipped or unpacked. The old "Tweet archive" (``tweets.csv``,
Grailbird) is not. Emits posts, replies, reposts, quotes, likes, follows, followers, messages
(readable and encrypted) and saved searches; see formats.md section 1 for every quirk.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import PurePosixPath

import numpy as np
import pandas as pd

from presence_audit import schema
from presence_audit.archive import is_debris
from presence_audit.coverage import CoverageEntry
from presence_audit.importers import ExportPart, ImportContext, ImportResult, register
from presence_audit.importers._toolkit import MemberError, RouteTable, Rows
from presence_audit.importers._xfiles import (
    FIRST_SNOWFLAKE,
    FIRST_YEAR,
    ORDER,
    SNOWFLAKE_EPOCH_MS,
    WRAPPERS,
    Account,
    Member,
    classify_other,
    data_file,
    items_of,
    load_items,
    load_member,
    new_rows,
    read_account,
    read_dms,
    read_likes,
    read_manifest,
    read_message_events,
    read_notes,
    read_profile,
    read_relations,
    read_screen_names,
    read_searches,
    read_tweets,
    stem_routes,
)

PLATFORM = "x"
META = ("manifest", "account", "profile", "screen_names")
GROUPS = ("tweets", "likes", "relations", "messages", "searches", "account")
V1_MARKERS = ("tweet.js", "account.js")


@dataclass
class _Entry:
    """A coverage entry under construction: counts settle once every part is read."""

    archive: str
    member: str
    kind: str
    status: str
    reason: str = ""
    bad: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    records: int = 0

    def done(self) -> CoverageEntry:
        parts = list(self.notes)
        if self.bad:
            parts.append(f"{sum(self.bad.values())} bad records skipped: " + "; ".join(
                f"{n} {why}" for why, n in self.bad.most_common()))
        if self.reason:
            parts.insert(0, self.reason)
        return CoverageEntry(PLATFORM, self.archive, self.member, self.kind, self.status,
                             self.records, sum(self.bad.values()), "; ".join(parts))


@dataclass
class _Plan:
    """One part's members sorted into data files to read (by reader) and the rest."""

    part: ExportPart
    files: dict[str, list[tuple[tuple, str, int]]]  # reader -> [(sort key, rel, entry)]
    generated: pd.Timestamp | None = None
    # members already parsed while planning (manifest.js), so no member is parsed twice
    parsed: dict[str, object] = field(default_factory=dict)


@register
class XImporter:
    name = PLATFORM

    def detect(self, names: list[str]) -> list[str]:
        """Roots holding ``data/manifest.js``, ``data/account.js`` or a known ``data/*.js``,
        or (2018–2020 layout) ``tweet.js`` / ``account.js`` with no ``data/`` folder."""
        roots: set[str] = set()
        v1: set[str] = set()
        for name in names:
            if is_debris(name):
                continue
            head, _, base = name.rpartition("/")
            if (head == "data" or head.endswith("/data")) and ROUTES.route(base):
                roots.add(head[:-4])
            elif base in V1_MARKERS:
                v1.add(f"{head}/" if head else "")
        return sorted(roots | v1)

    def read(self, parts: list[ExportPart], ctx: ImportContext) -> ImportResult:
        with _gc_paused():
            return self._read(parts, ctx)

    def _read(self, parts: list[ExportPart], ctx: ImportContext) -> ImportResult:
        entries: list[_Entry] = []
        plans = [self._plan(part, entries) for part in parts]
        acct = Account()
        facts_at: tuple[int, str, int] | None = None  # (part, member, entry) of the facts
        for pidx, plan in enumerate(plans):  # account facts of any part serve every part
            part_acct = Account()
            for reader in META:
                for _key, rel, e in plan.files.get(reader, ()):
                    had = len(part_acct.facts)
                    self._read_meta(plan, reader, rel, entries[e], part_acct)
                    if len(part_acct.facts) > had:
                        facts_at = facts_at or (pidx, rel, e)
            plan.generated = _parse_time(part_acct.generated)
            acct.account_id = acct.account_id or part_acct.account_id
            acct.handle = acct.handle or part_acct.handle
            acct.previous_handles += part_acct.previous_handles
            acct.facts = {**part_acct.facts, **acct.facts}
        acct.handle = acct.handle or ctx.own_handles.get(PLATFORM)
        st = _State(acct, entries)
        text = acct.profile_text()
        if text and facts_at:
            pidx, rel, e = facts_at
            st.rows["account"].add(f"profile:{acct.account_id or acct.handle}", "profile", None,
                                   "unknown", text, None, None, "",
                                   f"https://x.com/{acct.handle}" if acct.handle else None,
                                   plans[pidx].part.source(rel), e, pidx)
        for pidx, plan in enumerate(plans):
            ctx.progress(f"x: reading {plan.part.archive.label}")
            for reader in ORDER:
                for _key, rel, e in () if reader in META else plan.files.get(reader, ()):
                    _read_member(st, plan.part, pidx, reader, rel, e)
        pairs, rows = st.pairs, st.rows
        like_ids, chains, notes = st.like_ids, st.chains, st.notes
        if acct.account_id and acct.handle:
            pairs[acct.account_id] = acct.handle
        _join_notes(rows["tweets"], notes, entries)
        frames = self._frames(rows, like_ids, chains, entries, plans, pairs, acct.handle)
        frame = schema.concat(frames)
        return ImportResult(frame=frame, coverage=[e.done() for e in entries],
                            id_handles={PLATFORM: pairs})

    # ------------------------------------------------------------ planning

    @staticmethod
    def _plan(part: ExportPart, entries: list[_Entry]) -> _Plan:
        """One coverage entry per member; data files grouped by reader, parts in numeric order."""
        members = part.members()
        data_prefix = "data/" if any(m.startswith("data/") and m.endswith(".js")
                                     for m in members) else ""  # quirk: 2018-2020 root layout
        label = part.archive.label
        files: dict[str, list] = {}
        media_dirs: set[str] = set()
        others: list[tuple[str, int]] = []
        for rel in members:
            found = None if is_debris(rel) else data_file(rel, data_prefix)
            route = ROUTES.route(rel[len(data_prefix):]) if found else None
            entries.append(_Entry(label, part.root + rel, "other", "read"))
            if found and route:
                entries[-1].kind = route.kind
                files.setdefault(route.reader, []).append((found, rel, len(entries) - 1))
            elif found:
                entries[-1].status = "unrecognized"
                entries[-1].reason = (f"X data file '{found[0]}' is not read by this tool: "
                                      "its contents were not checked")
            else:
                others.append((rel, len(entries) - 1))
        for reader in files:
            files[reader].sort()  # tweets.js, tweets-part1.js, tweets-part2.js, ... numerically
        parsed: dict[str, object] = {}
        for rel in (r for _k, r, _e in files.get("manifest", ())):
            try:
                parsed[rel] = load_member(partial(part.read_bytes, rel))
            except MemberError as exc:
                parsed[rel] = exc  # reported when the manifest is read for account facts
                continue
            with suppress(MemberError):  # media folders named by the manifest are media
                media_dirs |= read_manifest(parsed[rel], Account())[1]
        for rel, e in others:
            entries[e].status, entries[e].kind, entries[e].reason = classify_other(
                rel, media_dirs)
        return _Plan(part, files, parsed=parsed)

    @staticmethod
    def _read_meta(plan: _Plan, reader: str, rel: str, entry: _Entry, acct: Account) -> None:
        try:
            payload = plan.parsed.pop(rel, None)
            if isinstance(payload, MemberError):
                raise payload
            if payload is None:
                payload = load_member(partial(plan.part.read_bytes, rel))
            if reader == "manifest":
                listed, _media = read_manifest(payload, acct)
                entry.notes.append("table of contents, account facts and generation date "
                                   "(no activity rows)")
                names = set(plan.part.members())
                missing = [f for f in listed if f not in names]
                if missing:
                    entry.notes.append(f"{len(missing)} files it lists are not in this archive "
                                       f"(partial archive?): {', '.join(missing[:5])}")
                return
            items = items_of(payload, WRAPPERS[reader])
        except MemberError as exc:
            entry.status, entry.reason = "failed", str(exc)
            return
        m = Member(partial(plan.part.source, rel), 0, 0, entry.bad, entry.notes)
        META_READERS[reader](items, m, acct)
        entry.notes.append("account facts" if reader in ("account", "profile")
                           else "account facts (no activity rows)")

    # ------------------------------------------------------------ frames

    def _frames(self, rows: dict[str, Rows], like_ids: list[int],
                chains: list[tuple[int, list[str]]], entries: list[_Entry],
                plans: list[_Plan], pairs: dict[str, str], handle: str | None
                ) -> list[pd.DataFrame]:
        """Typed frames per group: drop superseded edits and undatable rows, fill counterparts
        and observed_at, and settle the coverage counts."""
        built: list[tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]] = []
        for group in GROUPS:
            r = rows[group]
            n = len(r)
            keep = np.ones(n, dtype=bool)
            if group == "likes":
                ts = _snowflake_times(like_ids)
            else:
                ts = pd.to_datetime(pd.Series(r.ts, dtype=object), format="ISO8601",
                                    utc=True, errors="coerce")
                ts = pd.DatetimeIndex(ts)
                exact = np.array([b == "exact" for b in r.time_basis], dtype=bool)
                _drop(keep, exact & np.asarray(ts.isna()), r, entries,
                      "with an unreadable date")
                years = np.asarray(ts.year.fillna(9999), dtype=int) if n else np.zeros(0, int)
                _drop(keep, exact & (years < int(FIRST_YEAR)), r, entries,
                      "dated before 2006 (placeholder dates)")
            if group == "tweets" and chains:
                _supersede(keep, r, chains, entries)
            cols = {name: getattr(r, name) for name in
                    ("record_id", "kind", "time_basis", "text", "counterpart",
                     "counterpart_id", "mentions", "url", "source")}
            cols["timestamp"] = ts
            cols["account"] = [None] * n
            frame = schema.from_records(cols, PLATFORM)
            built.append((frame[keep].reset_index(drop=True),
                          np.asarray(r.entry, dtype=np.int64)[keep],
                          np.asarray(r.part, dtype=np.int64)[keep],
                          np.asarray([v is True for v in r.received], dtype=bool)[keep]))
        observed = _observed(built, plans, entries)
        out = []
        for frame, entry_idx, part_idx, received in built:
            if len(frame) == 0:
                continue
            for e, count in Counter(entry_idx.tolist()).items():
                entries[e].records += count
            frame["observed_at"] = pd.Series(pd.to_datetime(observed[part_idx], utc=True),
                                             dtype=schema.UTC_TS)
            # a message received was not sent from the owner's account (schema: ``account``)
            frame["account"] = pd.Series([None if got else handle for got in received.tolist()],
                                         dtype=schema.STRING)
            fill = frame["counterpart"].isna() & frame["counterpart_id"].notna()
            if fill.any():
                frame.loc[fill, "counterpart"] = frame.loc[fill, "counterpart_id"].map(pairs)
                frame["counterpart"] = frame["counterpart"].astype(schema.STRING)
            out.append(frame)
        return out


# ---------------------------------------------------------------- helpers


@dataclass
class _State:
    """Everything the data readers fill while the parts are read."""

    acct: Account
    entries: list[_Entry]
    pairs: dict[str, str] = field(default_factory=dict)
    rows: dict[str, Rows] = field(default_factory=lambda: {g: new_rows() for g in GROUPS})
    like_ids: list[int] = field(default_factory=list)
    chains: list[tuple[int, list[str]]] = field(default_factory=list)
    notes: list[tuple] = field(default_factory=list)


def _read_member(st: _State, part: ExportPart, pidx: int, reader: str, rel: str,
                 e: int) -> None:
    """Read one data member into the row sinks; a member that cannot be parsed fails alone."""
    entry = st.entries[e]
    try:
        items, _typed = load_items(partial(part.read_bytes, rel), reader, WRAPPERS[reader])
    except MemberError as exc:
        entry.status, entry.reason = "failed", str(exc)
        return
    m = Member(partial(part.source, rel), e, pidx, entry.bad, entry.notes)
    READERS[reader](st, items, m, rel)


# --- the data readers, one signature: (state, records, member, member path) ---------------


def _tweets(st: _State, items: list, m: Member, rel: str) -> None:
    read_tweets(items, st.rows["tweets"], m, st.acct, st.pairs, st.chains)
    if PurePosixPath(rel).name.startswith("deleted-tweets"):
        m.notes.append("posts deleted shortly before the export")


def _notes(st: _State, items: list, m: Member, rel: str) -> None:
    st.notes += read_notes(items, m)


def _likes(st: _State, items: list, m: Member, rel: str) -> None:
    read_likes(items, st.rows["likes"], m, st.like_ids)


def _following(st: _State, items: list, m: Member, rel: str) -> None:
    read_relations(items, st.rows["relations"], m, "follow")


def _follower(st: _State, items: list, m: Member, rel: str) -> None:
    read_relations(items, st.rows["relations"], m, "follower")


def _dms(st: _State, items: list, m: Member, rel: str) -> None:
    read_dms(items, st.rows["messages"], m, st.acct, False)


def _group_dms(st: _State, items: list, m: Member, rel: str) -> None:
    read_dms(items, st.rows["messages"], m, st.acct, True)


def _message_events(st: _State, items: list, m: Member, rel: str) -> None:
    read_message_events(items, st.rows["messages"], m, st.acct)


def _searches(st: _State, items: list, m: Member, rel: str) -> None:
    read_searches(items, st.rows["searches"], m)


READERS = {"tweets": _tweets, "notes": _notes, "likes": _likes, "following": _following,
           "follower": _follower, "dms": _dms, "group_dms": _group_dms,
           "message_events": _message_events, "searches": _searches}
# account facts, read per part before the data (into that part's Account)
META_READERS = {"account": read_account, "profile": read_profile,
                "screen_names": read_screen_names}
ROUTES = RouteTable(stem_routes(), READERS, handled=("manifest", *META_READERS))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic GC: parsed JSON is acyclic, and GC passes over millions of fresh
    dicts cost several times the parse itself."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _parse_time(value: str | None) -> pd.Timestamp | None:
    """The manifest's generationDate as a UTC timestamp (None when absent or unreadable)."""
    if not value:
        return None
    try:
        return pd.Timestamp(value).tz_convert("UTC")
    except (ValueError, TypeError):
        return None


def _snowflake_times(ids: list[int]) -> pd.DatetimeIndex:
    """Liked tweet's creation time from its id: a lower bound for the like (formats.md 1.7)."""
    arr = np.asarray(ids, dtype=np.int64) if ids else np.zeros(0, dtype=np.int64)
    ms = (arr >> 22) + SNOWFLAKE_EPOCH_MS
    out = pd.to_datetime(ms, unit="ms", utc=True)
    return out.where(arr >= FIRST_SNOWFLAKE)  # quirk: pre-2010 sequential ids carry no time


def _drop(keep: np.ndarray, mask: np.ndarray, rows: Rows, entries: list[_Entry],
          why: str) -> None:
    """Drop rows whose date failed the vectorized check, counting them as bad records."""
    mask = mask & keep
    for i in np.flatnonzero(mask):
        entries[rows.entry[i]].bad[why] += 1
    keep &= ~mask


def _supersede(keep: np.ndarray, rows: Rows, chains: list[tuple[int, list[str]]],
               entries: list[_Entry]) -> None:
    """Edited tweets: keep the newest version present in the archive (formats.md 1.7)."""
    present = set(rows.record_id)
    dropped: Counter = Counter()
    for idx, ids in chains:
        versions = [x for x in ids if x in present]
        if versions and rows.record_id[idx] != max(versions, key=int) and keep[idx]:
            keep[idx] = False
            dropped[rows.entry[idx]] += 1
    for e, n in dropped.items():
        entries[e].notes.append(f"{n} earlier versions of edited posts superseded by the last")


def _join_notes(rows: Rows, notes: list[tuple], entries: list[_Entry]) -> None:
    """Long posts: give the truncated tweet minted in the same second its full text, or add
    the note as its own post when no tweet matches (note-tweet.js has no tweet id)."""
    if not notes:
        return
    by_second: dict[str, list[int]] = {}
    for i, ts in enumerate(rows.ts):
        by_second.setdefault(ts, []).append(i)
    for nid, second, text, mentions, m, i in notes:
        base = datetime.strptime(second, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        near = [(base + timedelta(seconds=d)).strftime("%Y-%m-%dT%H:%M:%SZ") for d in (0, -1, 1)]
        match = None
        for key in near:
            for idx in by_second.get(key, ()):
                head = rows.text[idx].rstrip("… \n")[:40]
                if head and text.startswith(head) and rows.kind[idx] != "repost":
                    match = idx
                    break
            if match is not None:
                break
        if match is not None:
            rows.text[match] = text
            if mentions:
                rows.mentions[match] = " ".join(dict.fromkeys(
                    (rows.mentions[match] + " " + mentions).split()))
            entries[m.entry].notes.append(f"long post {nid} joined to tweet "
                                          f"{rows.record_id[match]}")
        else:
            rows.add(f"note:{nid}", "post", second, "exact", text, None, None, mentions, None,
                     m.source(i), m.entry, m.part)


def _observed(built: list[tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]],
              plans: list[_Plan],
              entries: list[_Entry]) -> np.ndarray:
    """Per part: the manifest's generation date, else the latest record time in that part."""
    values = np.full(len(plans), np.datetime64("NaT", "ns"))
    for p, plan in enumerate(plans):
        if plan.generated is not None:
            values[p] = np.datetime64(plan.generated.tz_convert(None).as_unit("ns"))
            continue
        latest = pd.NaT
        for frame, _e, part_idx, _r in built:
            ts = frame["timestamp"][part_idx == p]
            if ts.notna().any():
                latest = ts.max() if pd.isna(latest) else max(latest, ts.max())
        if not pd.isna(latest):
            values[p] = np.datetime64(latest.tz_convert(None).as_unit("ns"))
        reason = ("no generation date in manifest.js: observed_at is the latest record time "
                  "in this archive")
        for entry in entries:
            if entry.archive == plan.part.archive.label and entry.status == "read" \
                    and entry.kind not in ("other", "media", "debris", "viewer",
                                           "documentation", "account"):
                entry.notes.append(reason)
    return values
