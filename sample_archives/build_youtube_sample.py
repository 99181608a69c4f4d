"""Write sample_archives/youtube-sample.zip: the scenario's invented Google Takeout (YouTube).

Takeout layout (formats.md 8.2): ``Takeout/YouTube and YouTube Music/`` with comments and
live chats as CSV (JSON segments in the text cell, the 2024+ column order), subscriptions and
playlists as CSV, search history as JSON, watch history as HTML (the default format), plus
``Takeout/My Activity/YouTube/MyActivity.json`` holding a like. All content is invented; dates
fall in 2024, inside case 512345/2024's window. Deterministic: running it twice gives the
same bytes. Run from anywhere: ``python sample_archives/build_youtube_sample.py [OUT.zip]``.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from metaarchive import write_zip  # noqa: E402  (the helper lives with the tests)

YT = "Takeout/YouTube and YouTube Music/"
OWN = "UCmariaRossiExample000001"
# Hard negative: a party word in an innocent sense (tests pin that it raises nothing).
HARD_NEGATIVES = ("Lovely recipe, we made it for a dinner party last night",)


def table(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def segments(*parts: str) -> str:
    """A comment text cell: a comma-joined run of JSON ``text`` objects."""
    return ",".join(json.dumps({"text": p}, ensure_ascii=False) for p in parts)


def activity(title: str, url: str, when: str, **extra: object) -> dict:
    return {"header": "YouTube", "title": title, "titleUrl": url, "time": when,
            "products": ["YouTube"], **extra}


def watch_page(items: list[tuple[str, str, str, str, str]]) -> bytes:
    """A history page as Takeout writes it in HTML: one ``outer-cell`` per item."""
    cells = "".join(
        '<div class="outer-cell mdl-cell mdl-cell--12-col mdl-shadow--2dp"><div class="mdl-grid">'
        '<div class="header-cell mdl-cell mdl-cell--12-col"><p class="mdl-typography--title">'
        'YouTube<br></p></div><div class="content-cell mdl-cell mdl-cell--6-col '
        f'mdl-typography--body-1">Watched\u00a0<a href="https://www.youtube.com/watch?v={vid}">'
        f'{title}</a><br><a href="https://www.youtube.com/channel/{cid}">{channel}</a><br>'
        f'{when}<br></div><div class="content-cell mdl-cell mdl-cell--12-col '
        'mdl-typography--caption"><b>Products:</b><br>\u2003YouTube<br></div></div></div>'
        for vid, title, cid, channel, when in items)
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>History</title></head>'
            f'<body><div class="mdl-grid">{cells}</div></body></html>').encode()


def members() -> dict[str, bytes]:
    return {
        YT + "comments/comments.csv": table(
            ["Channel ID", "Comment Create Timestamp", "Price", "Comment ID",
             "Parent Comment ID", "Video ID", "Comment Text"],
            [[OWN, "2024-03-12T19:04:11.512+00:00", "", "UgxAcmeC0mment000001", "",
              "aaaaaaaaaa1", segments("Acme v. Brightwater: obviously Brightwater will lose, ",
                                      "their lease argument is hopeless.")],
             [OWN, "2024-04-03T08:15:00.001+00:00", "", "UgxReplyC0mment00002",
              "UgxParentComment0002", "aaaaaaaaaa2",
              segments("@dokafor_law", " you are a pathetic clown")],
             [OWN, "2024-04-20T12:00:00+00:00", "", "UgxRecipeComment0003", "",
              "aaaaaaaaaa3", segments(HARD_NEGATIVES[0])],
             [OWN, "2024-04-22T12:00:00+00:00", "", "UgxCastilloComment04", "",
              "aaaaaaaaaa4", segments("Proud to support Elena Castillo for Council!")]]),
        YT + "live chats/live chats.csv": table(
            ["Live Chat ID", "Channel ID", "Live Chat Create Timestamp", "Price", "Video ID",
             "Live Chat Text"],
            [["ChwKGkNMaXZlQ2hhdDAwMDAwMDAwMDAwMDE", OWN, "2024-05-02T20:31:09.1+00:00", "",
              "bbbbbbbbbb1", segments("Go Elena Castillo! My vote is yours")]]),
        YT + "subscriptions/subscriptions.csv": table(
            ["Channel Id", "Channel Url", "Channel Title"],
            [["UCbrightwaterLogistics01", "http://www.youtube.com/channel/"
              "UCbrightwaterLogistics01", "Brightwater Logistics"],
             ["UCbrooklynBakersExample1", "http://www.youtube.com/channel/"
              "UCbrooklynBakersExample1", "Brooklyn Bakers"]]),
        YT + "playlists/playlists.csv": table(
            ["Playlist ID", "Add new videos to top", "Playlist Title (Original)",
             "Playlist Title (Original) Language", "Playlist Create Timestamp",
             "Playlist Update Timestamp", "Playlist Video Order", "Playlist Visibility"],
            [["PLsampleGardening0000000000000001", "False", "Garden ideas", "",
              "2024-02-01T10:00:00+00:00", "2024-02-02T10:00:00+00:00", "Manual",
              "Public"]]),
        YT + "playlists/Garden ideas-videos.csv": table(
            ["Video ID", "Playlist Video Creation Timestamp"],
            [["cccccccccc1", "2024-02-01T10:05:00+00:00"]]),
        YT + "history/search-history.json": json.dumps([
            activity("Searched for acme holdings brightwater lawsuit",
                     "https://www.youtube.com/results?search_query=acme+holdings+brightwater"
                     "+lawsuit", "2024-03-02T21:00:00.000Z",
                     activityControls=["YouTube search history"]),
            activity("Searched for sourdough starter",
                     "https://www.youtube.com/results?search_query=sourdough+starter",
                     "2024-03-03T09:00:00Z")], indent=2).encode("utf-8"),
        YT + "history/watch-history.html": watch_page([
            ("dddddddddd1", "Pruning tomatoes", "UCgardenChannelExample01", "Garden Channel",
             "Mar 4, 2024, 9:15:00\u202fPM EST")]),
        "Takeout/My Activity/YouTube/MyActivity.json": json.dumps([
            activity("Liked Brightwater Logistics: our side of the Red Hook story",
                     "https://www.youtube.com/watch?v=eeeeeeeeee1", "2024-03-20T18:00:00.000Z",
                     subtitles=[{"name": "Brightwater Logistics", "url":
                                 "https://www.youtube.com/channel/UCbrightwaterLogistics01"}])],
            indent=2).encode("utf-8"),
        "Takeout/archive_browser.html": b"<html><body>Archive overview</body></html>",
    }


def build(out: Path) -> Path:
    return write_zip(out, members())


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "youtube-sample.zip"
    print(build(target))
