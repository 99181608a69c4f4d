"""Bluesky repository export (a CAR file): platform ``bluesky``.

How a user gets it: Settings → Account → "Export my data" downloads one ``.car`` file, a CAR v1
snapshot of the account's public repository (formats.md 6). It is read given on its own, in a
folder or inside a zip: blocks are decoded with libipld (DAG-CBOR), the commit's Merkle Search
Tree is walked for each record's collection and key, so every row has its AT-URI.

Read: posts, replies, quotes (``app.bsky.feed.post``), reposts, likes, follows, list members
(``app.bsky.graph.listitem``, kind group, named by their list) and the profile. Counted but not
audited: blocks (no Activity kind), list definitions, threadgates and other collections. Not in
the export at all: direct messages, mutes, media (only their CIDs), deleted records and the
handles of other accounts — counterparts are DIDs, named where the case profile gives the DID.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import libipld
import pandas as pd

from presence_audit import schema
from presence_audit.archive import is_debris
from presence_audit.coverage import CoverageEntry
from presence_audit.failures import one_line
from presence_audit.importers import ExportPart, ImportContext, ImportResult, register
from presence_audit.importers._toolkit import MemberError, Route, RouteTable, Rows

PLATFORM = "bluesky"
FIELDS = ("record_id", "kind", "created", "rkey", "text", "counterpart_id", "mentions", "url",
          "source")
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")
AT_URI = re.compile(r"^at://([^/]+)/([^/]+)/([^/?#]+)")
QUOTE_EMBEDS = ("app.bsky.embed.record", "app.bsky.embed.recordWithMedia")
NOT_AUDITED = "not an activity audited (no Activity kind)"
MAX_DEPTH = 64  # an MST is log-deep; a cycle or a hostile tree stops here

# Collections, matched on the record key's collection part (the Route pattern is searched in
# it); the reader names one of READERS, or "count" for records only counted in coverage.
ROUTES = (
    Route(re.compile(r"^app\.bsky\.feed\.post$"), "post", "post"),
    Route(re.compile(r"^app\.bsky\.feed\.like$"), "subject", "like"),
    Route(re.compile(r"^app\.bsky\.feed\.repost$"), "subject", "repost"),
    Route(re.compile(r"^app\.bsky\.graph\.follow$"), "follow", "follow"),
    Route(re.compile(r"^app\.bsky\.graph\.listitem$"), "listitem", "group"),
    Route(re.compile(r"^app\.bsky\.actor\.profile$"), "profile", "profile"),
    Route(re.compile(r"^app\.bsky\.graph\.block$"), "count", "relation", reason=NOT_AUDITED),
    Route(re.compile(r"^app\.bsky\.graph\.list$"), "count", "group",
          reason="list definitions (their members are read from listitem records)"),
    Route(re.compile(r"^app\.bsky\.(feed\.(threadgate|postgate)|graph\.starterpack)$"),
          "count", "setting", reason="reply and embedding settings, starter packs: "
          + NOT_AUDITED),
)


# --- CAR and MST -------------------------------------------------------------------------


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise ValueError("truncated varint")
        byte = data[pos]
        value |= (byte & 0x7F) << shift
        pos, shift = pos + 1, shift + 7
        if not byte & 0x80:
            return value, pos


def _cid_length(data: bytes, pos: int) -> int:
    """Byte length of the binary CIDv1 at ``pos`` (version, codec, hash code, digest)."""
    start = pos
    for _ in range(3):
        _, pos = _varint(data, pos)
    size, pos = _varint(data, pos)
    return pos + size - start


def frames(data: bytes) -> tuple[int, list[tuple[bytes, bytes]], bool]:
    """CAR framing without decoding: (header length end, [(cid, block bytes)], truncated)."""
    size, pos = _varint(data, 0)
    pos += size
    out: list[tuple[bytes, bytes]] = []
    while pos < len(data):
        try:
            size, start = _varint(data, pos)
            if size == 0 or start + size > len(data):
                raise ValueError("block runs past the end of the file")
            cid_len = _cid_length(data, start)
        except ValueError:
            return pos, out, True  # a cut-off tail cannot be framed further
        out.append((data[start:start + cid_len], data[start + cid_len:start + size]))
        pos = start + size
    return pos, out, False


def decode_blocks(data: bytes) -> tuple[dict, dict[bytes, object], Counter]:
    """(header, {cid: block}, problems): libipld reads the CAR; when it refuses, each framed
    block is decoded alone, so one bad block costs only itself. A cut-off file is reported
    even where libipld quietly stops at the cut."""
    problems: Counter = Counter()
    try:
        _, framed, truncated = frames(data)
        size, pos = _varint(data, 0)
        header = libipld.decode_dag_cbor(data[pos:pos + size])
    except Exception as exc:  # the header itself is unreadable: nothing to salvage
        raise MemberError(f"not a readable CAR file ({one_line(exc)})") from None
    if truncated:
        problems["truncated file (the end is missing)"] += 1
    try:
        _, decoded = libipld.decode_car(data)
        blocks: dict[bytes, object] = dict(decoded)
    except Exception:  # any decoder failure on untrusted bytes: decode block by block
        blocks = {}
        for cid, body in framed:
            try:
                blocks[cid] = libipld.decode_dag_cbor(body)
            except Exception:  # one damaged block
                problems["damaged blocks"] += 1
    return header if isinstance(header, dict) else {}, blocks, problems


def walk_mst(root: bytes, blocks: dict[bytes, object], problems: Counter
             ) -> list[tuple[str, bytes]]:
    """(key, record CID) of every MST entry in key order; missing nodes counted in problems."""
    out: list[tuple[str, bytes]] = []
    stack: list[tuple[str, object, int]] = [("node", root, 0)]
    while stack:
        what, value, depth = stack.pop()
        if what == "entry":
            out.append(value)  # type: ignore[arg-type]
            continue
        node = blocks.get(value) if isinstance(value, bytes) else None
        if not isinstance(node, dict) or depth > MAX_DEPTH:
            problems["MST node missing or damaged"] += 1
            continue
        todo: list[tuple[str, object, int]] = []
        if node.get("l"):
            todo.append(("node", node["l"], depth + 1))
        prev = b""
        for entry in node.get("e") or ():
            if not isinstance(entry, dict) or not isinstance(entry.get("k"), bytes):
                problems["MST entry damaged"] += 1
                continue
            key = prev[:entry.get("p") or 0] + entry["k"]
            prev = key
            todo.append(("entry", (key.decode("utf-8", "replace"), entry.get("v")), depth))
            if entry.get("t"):
                todo.append(("node", entry["t"], depth + 1))
        stack.extend(reversed(todo))
    return out


# --- field helpers -----------------------------------------------------------------------


def tid_time(rkey: str) -> pd.Timestamp | None:
    """Microseconds since the epoch in a TID's top 53 bits (formats.md 6.4)."""
    if not TID.match(rkey):
        return None
    value = 0
    for ch in rkey:
        value = value * 32 + TID_ALPHABET.index(ch)
    return pd.Timestamp(value >> 10, unit="us", tz="UTC")


def did_of(uri: object) -> str | None:
    match = AT_URI.match(uri) if isinstance(uri, str) else None
    return match.group(1) if match else None


def web_url(uri: object) -> str | None:
    """bsky.app address of a post AT-URI (other records have none; the AT-URI is kept)."""
    match = AT_URI.match(uri) if isinstance(uri, str) else None
    if not match:
        return None
    did, collection, rkey = match.groups()
    if collection == "app.bsky.feed.post":
        return f"https://bsky.app/profile/{did}/post/{rkey}"
    return uri  # type: ignore[return-value]


def subject_uri(value: object) -> str | None:
    ref = value if isinstance(value, dict) else {}
    return ref.get("uri") if isinstance(ref.get("uri"), str) else None


def quoted_uri(embed: object) -> str | None:
    if not isinstance(embed, dict) or embed.get("$type") not in QUOTE_EMBEDS:
        return None
    inner = embed.get("record")
    if embed["$type"] == "app.bsky.embed.recordWithMedia" and isinstance(inner, dict):
        inner = inner.get("record")
    return subject_uri(inner)


def mention_dids(record: dict) -> list[str]:
    """DIDs of mention facets (and of the deprecated 2023 ``entities``)."""
    out = []
    for facet in record.get("facets") or ():
        for feature in (facet.get("features") or ()) if isinstance(facet, dict) else ():
            if isinstance(feature, dict) and str(feature.get("$type", "")).endswith("#mention"):
                out.append(feature.get("did"))
    for entity in record.get("entities") or ():
        if isinstance(entity, dict) and entity.get("type") == "mention":
            out.append(entity.get("value"))
    return [d for d in dict.fromkeys(out) if isinstance(d, str) and d.startswith("did:")]


# --- record readers ----------------------------------------------------------------------


@dataclass
class Repo:
    """One repository being read: its DID, the rows, list names, what went wrong."""

    did: str
    source: str
    rows: Rows
    lists: dict[str, str] = field(default_factory=dict)
    profile: dict[str, str] = field(default_factory=dict)

    def uri(self, collection: str, rkey: str) -> str:
        return f"at://{self.did}/{collection}/{rkey}"


def read_post(rec: dict, rkey: str, repo: Repo) -> None:
    uri = repo.uri("app.bsky.feed.post", rkey)
    parent = subject_uri((rec.get("reply") or {}).get("parent")) \
        if isinstance(rec.get("reply"), dict) else None
    quoted = quoted_uri(rec.get("embed"))
    kind, other = ("reply", did_of(parent)) if rec.get("reply") else \
        ("quote", did_of(quoted)) if quoted else ("post", None)
    text = rec.get("text") if isinstance(rec.get("text"), str) else ""
    repo.rows.add(uri, kind, rec.get("createdAt"), rkey, text, other,
                  " ".join(mention_dids(rec)) or None, web_url(uri), repo.source)


def read_subject(rec: dict, rkey: str, repo: Repo, collection: str, kind: str) -> None:
    target = subject_uri(rec.get("subject"))
    if not target:
        raise ValueError("no subject")
    repo.rows.add(repo.uri(collection, rkey), kind, rec.get("createdAt"), rkey, None,
                  did_of(target), None, web_url(target), repo.source)


def read_follow(rec: dict, rkey: str, repo: Repo, collection: str, kind: str) -> None:
    other = rec.get("subject")
    if not isinstance(other, str) or not other.startswith("did:"):
        raise ValueError("subject is not a DID")
    repo.rows.add(repo.uri(collection, rkey), kind, rec.get("createdAt"), rkey, None, other,
                  None, f"https://bsky.app/profile/{other}", repo.source)


def read_listitem(rec: dict, rkey: str, repo: Repo, collection: str, kind: str) -> None:
    other, in_list = rec.get("subject"), rec.get("list")
    if not isinstance(other, str) or not other.startswith("did:"):
        raise ValueError("subject is not a DID")
    name = repo.lists.get(in_list) if isinstance(in_list, str) else None
    repo.rows.add(repo.uri(collection, rkey), kind, rec.get("createdAt"), rkey,
                  name or (in_list if isinstance(in_list, str) else None), other, None,
                  f"https://bsky.app/profile/{other}", repo.source)


def read_profile(rec: dict, rkey: str, repo: Repo, collection: str, kind: str) -> None:
    facts = {"display name": rec.get("displayName"), "bio": rec.get("description")}
    repo.profile = {k: v.strip() for k, v in facts.items() if isinstance(v, str) and v.strip()}
    if repo.profile:  # the text is completed with the handle once the account is known
        repo.rows.add(repo.uri(collection, rkey), kind, None, rkey, "", None, None,
                      f"https://bsky.app/profile/{repo.did}", repo.source)


READERS = {"post": lambda rec, rkey, repo, _c, _k: read_post(rec, rkey, repo),
           "subject": read_subject, "follow": read_follow, "listitem": read_listitem,
           "profile": read_profile}
TABLE = RouteTable(ROUTES, READERS, handled=("count",))


# --- the importer ------------------------------------------------------------------------


@dataclass
class CarResult:
    rows: Rows
    coverage: list[CoverageEntry]
    did: str = ""
    rev_time: pd.Timestamp | None = None
    profile: dict[str, str] = field(default_factory=dict)


class CarReader:
    """One CAR member: blocks → commit → MST → records → rows and coverage."""

    def __init__(self, part: ExportPart, rel: str, seen: set) -> None:
        self.part, self.rel = part, rel
        self.label, self.member = part.archive.label, part.root + rel
        self.rows = Rows(FIELDS, dedupe=("record_id",), seen=seen,
                         empty_as_none=("counterpart_id", "mentions"))
        self.coverage: list[CoverageEntry] = []

    def cov(self, where: str, kind: str, status: str, records: int = 0, bad: int = 0,
            reason: str = "") -> None:
        self.coverage.append(CoverageEntry(PLATFORM, self.label, where, kind, status, records,
                                           bad, reason))

    def run(self) -> CarResult:
        try:
            header, blocks, problems = decode_blocks(self.part.read_bytes(self.rel))
            commit = self.commit(header, blocks)
        except MemberError as exc:
            self.cov(self.member, "repository", "failed", reason=exc.reason)
            return CarResult(self.rows, self.coverage)
        entries = walk_mst(commit["data"], blocks, problems)
        repo = Repo(commit["did"], self.part.source(self.rel), self.rows)
        self.read_records(entries, blocks, repo, problems)
        why = "; ".join(f"{n} {what}" for what, n in problems.most_common())
        self.cov(self.member, "repository", "read", len(self.rows), sum(problems.values()),
                 f"repository of {repo.did}" + (f"; {why}" if why else ""))
        rev = commit.get("rev")
        return CarResult(self.rows, self.coverage, repo.did,
                         tid_time(rev) if isinstance(rev, str) else None, repo.profile)

    @staticmethod
    def commit(header: dict, blocks: dict) -> dict:
        roots = header.get("roots") if isinstance(header, dict) else None
        if header.get("version") != 1 or not isinstance(roots, list) or not roots:
            raise MemberError("CAR header without version 1 and a root (not a repo export)")
        commit = blocks.get(roots[0])
        if not isinstance(commit, dict) or not isinstance(commit.get("did"), str) \
                or not isinstance(commit.get("data"), bytes):
            raise MemberError("the CAR root is not a repository commit (did, data missing)")
        return commit

    def read_records(self, entries: list, blocks: dict, repo: Repo, problems: Counter) -> None:
        by_collection: dict[str, list[tuple[str, object]]] = {}
        for key, cid in entries:
            collection, _, rkey = key.partition("/")
            by_collection.setdefault(collection, []).append((rkey, blocks.get(cid)))
        for uri_rkey, rec in by_collection.get("app.bsky.graph.list", ()):
            if isinstance(rec, dict) and isinstance(rec.get("name"), str):
                repo.lists[repo.uri("app.bsky.graph.list", uri_rkey)] = rec["name"]
        for collection, records in by_collection.items():
            where = f"{self.member}:{collection}"
            route = TABLE.route(collection)
            if route is None:
                self.cov(where, "", "unrecognized", bad=len(records),
                         reason=f"{len(records)} records of an unknown collection, not read")
                continue
            if route.reader == "count":
                self.cov(where, route.kind, "skipped",
                         reason=f"{len(records)} records counted; {route.reason}")
                continue
            self.read_collection(where, collection, route, records, repo, problems)

    def read_collection(self, where: str, collection: str, route: Route, records: list,
                        repo: Repo, problems: Counter) -> None:
        before, bad = len(self.rows), Counter[str]()
        for rkey, rec in records:
            if not isinstance(rec, dict):
                bad["record block missing or damaged"] += 1
                continue
            try:
                TABLE.reader(route)(rec, rkey, repo, collection, route.kind)
            except (ValueError, TypeError, AttributeError) as exc:
                bad[f"malformed record ({exc})"] += 1
        problems.update(bad)
        why = "; ".join(f"{n} {what}" for what, n in bad.most_common())
        self.cov(where, route.kind, "read", len(self.rows) - before, sum(bad.values()),
                 f"{sum(bad.values())} records skipped: {why}" if bad else "")


def own_handle(ctx: ImportContext) -> str:
    """The subject's handle from the case profile (the repo never names its own handle)."""
    written = (ctx.own_handles.get(PLATFORM) or "").partition("#")[0].strip().lstrip("@")
    return "" if written.startswith("did:") else written.lower()


def to_frame(result: CarResult, handle: str) -> pd.DataFrame:
    columns = dict(result.rows.columns)
    created = pd.to_datetime(pd.Series(columns.pop("created"), dtype=object), utc=True,
                             errors="coerce", format="ISO8601")
    tids = pd.Series([tid_time(k) if isinstance(k, str) else None
                      for k in columns.pop("rkey")], dtype=object)
    tids = pd.to_datetime(tids, utc=True, errors="coerce")
    sane = created.notna() & (created.dt.year >= 2000) & (created.dt.year < 2100)
    fallback = tids.where((tids.dt.year >= 2000) & (tids.dt.year < 2100))
    stamps = created.where(sane, fallback)
    columns["timestamp"] = list(stamps)
    columns["time_basis"] = ["exact" if ok else "bound" if pd.notna(t) else "unknown"
                             for ok, t in zip(sane, stamps, strict=True)]
    columns["account"] = [handle or result.did] * len(stamps)
    facts = {"username": handle or result.did, **result.profile}
    columns["text"] = ["; ".join(f"{k}: {v}" for k, v in facts.items())
                       if kind == "profile" else text
                       for kind, text in zip(columns["kind"], columns["text"], strict=True)]
    frame = schema.from_records(columns, PLATFORM)
    observed = result.rev_time if result.rev_time is not None and result.rev_time.year >= 2000 \
        else (frame["timestamp"].max() if len(frame) else pd.NaT)
    frame["observed_at"] = pd.Series(observed, index=frame.index, dtype=schema.UTC_TS)
    return frame


def find_roots(names: list[str]) -> list[str]:
    """Folders holding a ``.car`` file (the content is checked when read)."""
    return sorted({n.rpartition("/")[0] + "/" if "/" in n else "" for n in names
                   if n.lower().endswith(".car") and not is_debris(n)})


@register
class BlueskyImporter:
    """Bluesky repository exports (platform ``bluesky``)."""

    name = "bluesky"

    def detect(self, names: list[str]) -> list[str]:
        return find_roots(names)

    def read(self, parts: list[ExportPart], ctx: ImportContext) -> ImportResult:
        handle = own_handle(ctx)
        frames: list = []
        coverage: list = []
        seen: set[str] = set()
        id_handles: dict[str, str] = {}
        for part in parts:
            for rel in part.members():
                if "/" in rel or not rel.lower().endswith(".car") or is_debris(rel):
                    continue
                ctx.progress(f"Bluesky: reading {part.archive.label}:{part.root}{rel}")
                result = CarReader(part, rel, seen).run()
                coverage.extend(result.coverage)
                if result.did:
                    frames.append(to_frame(result, handle))
                    if handle:
                        id_handles[result.did] = handle
        return ImportResult(schema.concat(frames), coverage,
                            {PLATFORM: id_handles} if id_handles else {})
