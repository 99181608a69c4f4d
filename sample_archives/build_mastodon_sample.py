"""Write sample_archives/mastodon-sample.zip: the scenario's invented Mastodon export.

An unpacked account archive (``archive-20240601120000-<hex>/``: outbox.json with the repeated
``orderedItems`` key, likes.json, bookmarks.json, actor.json, avatar) with the separate CSV
exports (following, lists, blocks, mutes) saved beside it and the folder zipped — one of the
layouts the importer accepts. All content is invented; dates fall in 2024, inside case
512345/2024's window. Deterministic. Run: ``python sample_archives/build_mastodon_sample.py
[OUT.zip]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from fediarchive import Masto, collection  # noqa: E402  (the helper lives with the tests)
from metaarchive import write_zip  # noqa: E402

ROOT = "archive-20240601120000-4f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f/"
PNG = b"\x89PNG\r\n\x1a\n invented sample avatar"
ME = Masto("mariarossi", "law.social")
OKAFOR = Masto("dokafor", "law.social")
ACME = Masto("acmeholdings", "biz.example")


def outbox() -> str:
    at = ("@<span>dokafor</span>", OKAFOR.actor)
    items = [
        ME.note(112000000000000001, "<p>Proud of our clerks: the new e-filing desk opens "
                "Monday. Details at <a href=\"https://court.example/efiling\"><span class="
                "\"invisible\">https://</span><span class=\"\">court.example/efiling</span>"
                "</a></p>", "2024-03-04T14:00:00Z", hashtags=("courts",)),
        ME.note(112000000000000002, "<p>Acme Holdings will lose the warehouse lease case, "
                "mark my words. Brightwater has the better argument.</p>",
                "2024-03-12T21:40:00Z"),
        ME.note(112000000000000003, f"<p><span class=\"h-card\"><a href=\"{at[1]}\" "
                f"class=\"u-url mention\">{at[0]}</a></span> good to see you at the bar "
                "dinner, counsel!</p>", "2024-03-20T18:05:00Z",
                in_reply_to=OKAFOR.status(111990000000000009),
                mentions=((OKAFOR.actor, "@dokafor"),)),
        ME.note(112000000000000004, f"<p><span class=\"h-card\"><a href=\"{at[1]}\" "
                f"class=\"u-url mention\">{at[0]}</a></span> Between us: I will rule for "
                "your client in Acme v. Brightwater next week.</p>", "2024-04-02T23:10:00Z",
                audience="direct", mentions=((OKAFOR.actor, "@dokafor"),)),
        ME.boost(112000000000000005, ACME.status(112000000000000777), "2024-04-10T09:00:00Z"),
        ME.note(112000000000000006, "<p>Spring in Prospect Park.<br>Finally.</p>",
                "2024-04-14T10:30:00Z", audience="unlisted"),
    ]
    return ME.outbox(items)


def members() -> dict[str, bytes | str]:
    return {
        ROOT + "outbox.json": outbox(),
        ROOT + "likes.json": collection([ACME.status(112000000000000778),
                                         OKAFOR.status(111990000000000010)], "likes.json"),
        ROOT + "bookmarks.json": collection([OKAFOR.status(111990000000000011)],
                                            "bookmarks.json"),
        ROOT + "actor.json": ME.actor_json(
            "Judge Maria Rossi", "<p>Judge, Kings County Supreme Court. Views my own.</p>",
            {"Website": "<a href=\"https://court.example/rossi\">court.example/rossi</a>"}),
        ROOT + "avatar.png": PNG,
        ROOT + "following_accounts.csv": ("Account address,Show boosts,Notify on new posts,"
                                          "Languages\ndokafor@law.social,true,false,\n"
                                          "acmeholdings@biz.example,true,false,\n"
                                          "news@press.example,false,false,en\n"),
        ROOT + "lists.csv": "Bar friends,dokafor@law.social\nNews,news@press.example\n",
        ROOT + "blocked_accounts.csv": "spam@junk.example\n",
        ROOT + "muted_accounts.csv": "Account address,Hide notifications\nloud@press.example,"
                                     "true\n",
    }


def build(out: Path) -> Path:
    return write_zip(out, members())


def main() -> None:
    out = build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "mastodon-sample.zip")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
