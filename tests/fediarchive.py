"""Builders for Mastodon archives and Bluesky CAR files in their real formats (formats.md 5, 6).

Shared by the tests and the sample build scripts. Mastodon records follow the ActivityPub
shapes Mastodon's exporter writes; Bluesky repositories are real CAR v1 files: DAG-CBOR blocks
(encoded by libipld), CIDv1 sha-256 links as CBOR tag 42, a signed-commit-shaped root and a
Merkle Search Tree whose keys are ``<collection>/<rkey>``. All records are invented.
"""

from __future__ import annotations

import hashlib
import json

import libipld

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
CONTEXT = ["https://www.w3.org/ns/activitystreams", {"ostatus": "http://ostatus.org#"}]


# --- Mastodon --------------------------------------------------------------------------------


class Masto:
    """One account on one host, writing outbox items the way Mastodon exports them."""

    def __init__(self, user: str, host: str) -> None:
        self.user, self.host = user, host
        self.actor = f"https://{host}/users/{user}"

    def status(self, sid: int) -> str:
        return f"{self.actor}/statuses/{sid}"

    def note(self, sid: int, html: str, published: str, *, audience: str = "public",
             in_reply_to: str | None = None, mentions: tuple[tuple[str, str], ...] = (),
             summary: str | None = None, hashtags: tuple[str, ...] = ()) -> dict:
        """A Create activity; ``audience``: public, unlisted, followers or direct."""
        followers = f"{self.actor}/followers"
        hrefs = [href for href, _ in mentions]
        to, cc = {"public": ([PUBLIC], [followers, *hrefs]),
                  "unlisted": ([followers], [PUBLIC, *hrefs]),
                  "followers": ([followers], hrefs),
                  "direct": (hrefs, [])}[audience]
        tags = [{"type": "Mention", "href": href, "name": name} for href, name in mentions]
        tags += [{"type": "Hashtag", "href": f"https://{self.host}/tags/{t}", "name": f"#{t}"}
                 for t in hashtags]
        obj = {"id": self.status(sid), "type": "Note", "summary": summary,
               "inReplyTo": in_reply_to, "published": published,
               "url": f"https://{self.host}/@{self.user}/{sid}", "attributedTo": self.actor,
               "to": to, "cc": cc, "sensitive": bool(summary),
               "conversation": f"tag:{self.host},2024:objectId={sid}:objectType=Conversation",
               "content": html, "contentMap": {"en": html}, "attachment": [], "tag": tags}
        return {"id": f"{self.status(sid)}/activity", "type": "Create", "actor": self.actor,
                "published": published, "to": to, "cc": cc, "object": obj}

    def boost(self, sid: int, target: str, published: str) -> dict:
        return {"id": f"{self.status(sid)}/activity", "type": "Announce", "actor": self.actor,
                "published": published, "to": [PUBLIC],
                "cc": [target.split("/statuses/")[0], f"{self.actor}/followers"],
                "object": target}

    def outbox(self, items: list[dict], *, duplicate_key: bool = True) -> str:
        """outbox.json text; like a real 2023 archive, ``orderedItems`` appears twice."""
        body = json.dumps({"@context": CONTEXT, "id": "outbox.json", "type": "OrderedCollection",
                           "totalItems": len(items), "orderedItems": items}, indent=1)
        if duplicate_key:
            body = body.replace('"orderedItems":', '"orderedItems": [],\n "orderedItems":', 1)
        return body

    def actor_json(self, name: str, bio_html: str, fields: dict[str, str]) -> str:
        return json.dumps({
            "@context": CONTEXT, "id": self.actor, "type": "Person",
            "following": f"{self.actor}/following", "followers": f"{self.actor}/followers",
            "inbox": f"{self.actor}/inbox", "outbox": "outbox.json",
            "preferredUsername": self.user, "name": name, "summary": bio_html,
            "url": f"https://{self.host}/@{self.user}", "published": "2022-11-05T00:00:00Z",
            "attachment": [{"type": "PropertyValue", "name": k, "value": v}
                           for k, v in fields.items()],
            "icon": {"type": "Image", "mediaType": "image/png", "url": "avatar.png"},
            "likes": "likes.json", "bookmarks": "bookmarks.json"}, indent=1)


def collection(uris: list[str], name: str) -> str:
    """likes.json / bookmarks.json: an OrderedCollection of bare status URIs."""
    return json.dumps({"@context": "https://www.w3.org/ns/activitystreams", "id": name,
                       "type": "OrderedCollection", "orderedItems": uris}, indent=1)


# --- Bluesky CAR -----------------------------------------------------------------------------

_PLACEHOLDER = b"\x00\x01\x71\x12\x20"  # multibase-less CIDv1 dag-cbor sha-256 prefix


def cid_of(block: bytes) -> bytes:
    """CIDv1, dag-cbor codec, sha-256 multihash (binary form)."""
    return b"\x01\x71\x12\x20" + hashlib.sha256(block).digest()


def link(cid: bytes) -> bytes:
    """A value to put where a CID link goes: ``encode`` turns it into CBOR tag 42."""
    return b"\x00" + cid


def encode(value: object) -> bytes:
    """DAG-CBOR with links: libipld encodes the map (canonical key order), links become tag 42.

    A link is written as bytes ``0x00 + CID``; its CBOR header (byte string of 37) is found and
    prefixed with tag 42 — the only change, so the encoding stays canonical.
    """
    raw = libipld.encode_dag_cbor(value)
    return raw.replace(b"\x58\x25" + _PLACEHOLDER, b"\xd8\x2a\x58\x25" + _PLACEHOLDER)


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _mst(entries: list[tuple[str, bytes]], blocks: list[tuple[bytes, bytes]]) -> bytes:
    """One flat MST node over sorted keys (prefix-compressed), split once for a left subtree
    when there are more than four keys, so readers must follow ``l`` links too."""
    left = None
    if len(entries) > 4:
        left = _mst(entries[:2], blocks)
        entries = entries[2:]
    node, prev = [], b""
    for key, cid in entries:
        k = key.encode()
        p = 0
        while p < min(len(prev), len(k)) and prev[p] == k[p]:
            p += 1
        node.append({"p": p, "k": k[p:], "v": link(cid), "t": None})
        prev = k
    block = encode({"l": link(left) if left else None, "e": node})
    cid = cid_of(block)
    blocks.append((cid, block))
    return cid


def tid(micros: int, clock: int = 0) -> str:
    """A TID: microseconds since the epoch << 10 | clock id, 13 sortable base32 characters."""
    value, out = (micros << 10) | clock, ""
    for _ in range(13):
        out = "234567abcdefghijklmnopqrstuvwxyz"[value & 31] + out
        value >>= 5
    return out


EXPORTED = tid(1_717_243_200_000_000)  # 2024-06-01T12:00:00Z


def write_car(did: str, records: dict[str, dict], *, extra_blocks: list[bytes] = (),
              rev: str = EXPORTED) -> bytes:
    """A repository export: ``records`` maps ``collection/rkey`` to the record dict."""
    record_blocks: list[tuple[bytes, bytes]] = []
    entries = []
    for key in sorted(records):
        block = encode(records[key])
        cid = cid_of(block)
        record_blocks.append((cid, block))
        entries.append((key, cid))
    tree: list[tuple[bytes, bytes]] = []
    root = _mst(entries, tree)
    commit = encode({"did": did, "version": 3, "data": link(root), "rev": rev,
                     "prev": None, "sig": b"\x01" * 64})
    commit_cid = cid_of(commit)
    # like a PDS export: the commit first, then the tree from its root, then the records
    blocks = [(commit_cid, commit), *reversed(tree), *record_blocks]
    blocks.extend((cid_of(b), b) for b in extra_blocks)
    header = encode({"version": 1, "roots": [link(commit_cid)]})
    out = bytearray(varint(len(header)) + header)
    for cid, block in blocks:
        out += varint(len(cid) + len(block)) + cid + block
    return bytes(out)


def at_uri(did: str, collection: str, rkey: str) -> str:
    return f"at://{did}/{collection}/{rkey}"


def strong_ref(did: str, collection: str, rkey: str) -> dict:
    return {"uri": at_uri(did, collection, rkey),
            "cid": "bafyreih4ghdbz2jwmdlq3hfpkexampleexampleexampleexampleexampl"}
