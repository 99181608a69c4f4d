"""Write sample_archives/bluesky-sample.car: the scenario's invented Bluesky repository export.

A real CAR v1 file (DAG-CBOR blocks, commit, Merkle Search Tree) as "Export my data" gives it:
posts, a reply, a quote, a repost, likes, follows, a block, a list with members, a threadgate
and the profile. Counterparts are DIDs, as in real exports; the sample profile names some of
them. All content is invented; dates fall in 2024, inside case 512345/2024's window.
Deterministic. Run: ``python sample_archives/build_bluesky_sample.py [OUT.car]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from fediarchive import at_uri, strong_ref, write_car  # noqa: E402  (helper with the tests)

ME = "did:plc:mariarossi2024sampleaaaa"
ACME = "did:plc:acmeholdings2024sampleaa"
OKAFOR = "did:plc:dokaforlaw2024sampleaaaa"
MARSH = "did:plc:helenmarsh2024sampleaaaa"
NEWS = "did:plc:courtnews2024sampleaaaaa"
POST, LIKE = "app.bsky.feed.post", "app.bsky.feed.like"
LIST = at_uri(ME, "app.bsky.graph.list", "3kbarlist2222")


def records() -> dict[str, dict]:
    return {
        f"{POST}/3kmpost222222": {
            "$type": POST, "text": "Jury duty is a civic honour. Thank you to everyone who "
            "served this spring.", "createdAt": "2024-03-05T15:00:00.000Z", "langs": ["en"]},
        f"{POST}/3kmpost222223": {
            "$type": POST, "text": "Honestly Acme Holdings deserves to lose this lease fight.",
            "createdAt": "2024-03-13T22:15:00.123456Z", "langs": ["en"]},
        f"{POST}/3kmpost222224": {
            "$type": POST, "text": "Congratulations on the win, counsel!",
            "createdAt": "2024-03-21T19:00:00-04:00",
            "reply": {"root": strong_ref(OKAFOR, POST, "3kmokafor2222"),
                      "parent": strong_ref(OKAFOR, POST, "3kmokafor2222")}},
        f"{POST}/3kmpost222225": {
            "$type": POST, "text": "Worth reading before the hearing.",
            "createdAt": "2024-04-03T08:00:00Z",
            "embed": {"$type": "app.bsky.embed.record",
                      "record": strong_ref(ACME, POST, "3kmacme22222")}},
        "app.bsky.feed.repost/3kmrepost2222": {
            "$type": "app.bsky.feed.repost", "subject": strong_ref(ACME, POST, "3kmacme22223"),
            "createdAt": "2024-04-11T10:00:00Z"},
        f"{LIKE}/3kmlike222222": {"$type": LIKE, "subject": strong_ref(MARSH, POST,
                                                                       "3kmmarsh2222"),
                                  "createdAt": "2024-04-12T10:00:00Z"},
        "app.bsky.graph.follow/3kmfollow2222": {"$type": "app.bsky.graph.follow",
                                                "subject": OKAFOR,
                                                "createdAt": "2024-02-20T12:00:00Z"},
        "app.bsky.graph.follow/3kmfollow2223": {"$type": "app.bsky.graph.follow",
                                                "subject": NEWS,
                                                "createdAt": "2024-02-21T12:00:00Z"},
        "app.bsky.graph.block/3kmblock22222": {"$type": "app.bsky.graph.block",
                                               "subject": "did:plc:spam2024sampleaaaaaaaa",
                                               "createdAt": "2024-02-22T12:00:00Z"},
        "app.bsky.graph.list/3kbarlist2222": {"$type": "app.bsky.graph.list",
                                              "name": "Bar friends",
                                              "purpose": "app.bsky.graph.defs#curatelist",
                                              "createdAt": "2024-02-23T12:00:00Z"},
        "app.bsky.graph.listitem/3kmitem222222": {"$type": "app.bsky.graph.listitem",
                                                  "subject": MARSH, "list": LIST,
                                                  "createdAt": "2024-02-23T12:05:00Z"},
        "app.bsky.feed.threadgate/3kmpost222223": {"$type": "app.bsky.feed.threadgate",
                                                   "post": at_uri(ME, POST, "3kmpost222223"),
                                                   "allow": [],
                                                   "createdAt": "2024-03-13T22:15:01Z"},
        "app.bsky.actor.profile/self": {"$type": "app.bsky.actor.profile",
                                        "displayName": "Judge Maria Rossi",
                                        "description": "Kings County Supreme Court. Views "
                                                       "my own."},
    }


def build(out: Path) -> Path:
    out.write_bytes(write_car(ME, records()))
    return out


def main() -> None:
    out = build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "bluesky-sample.car")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
