"""Write sample_archives/tiktok-sample.zip: the scenario's invented TikTok export (JSON).

Current layout: one ``user_data_tiktok.json`` with the ``Your Activity`` / ``Post`` /
``Comment`` / ``Direct Message`` / ``Profile`` sections (formats.md 8.1), ``null`` for an
empty list as TikTok writes it. All content is invented; dates fall in 2024, inside case
512345/2024's window. Deterministic: running it twice gives the same bytes. Run from
anywhere: ``python sample_archives/build_tiktok_sample.py [OUT.zip]``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from metaarchive import write_zip  # noqa: E402  (the helper lives with the tests)

VIDEO = "https://www.tiktokv.com/share/video/{}/"

# Hard negative: a party word in an innocent sense (tests pin that it raises nothing).
HARD_NEGATIVES = ("Sunday garden party with the neighbours, the tomatoes finally came in",)


def user_data() -> dict:
    """The whole user data object, section by section."""
    return {
        "Profile": {"Profile Information": {"ProfileMap": {
            "userName": "maria.rossi.nyc", "displayName": "Maria Rossi",
            "bioDescription": "Brooklyn. Cooking, gardening, long walks.",
            "followerCount": 212, "followingCount": 48}}},
        "Post": {"Posts": {"VideoList": [
            {"Date": "2024-03-09 18:12:40", "Link": VIDEO.format("7340000000000000001"),
             "Likes": "14", "Title": "Acme v. Brightwater: obviously Brightwater will lose "
             "the lease case, everyone at the courthouse knows it", "Sound": "original sound",
             "Location": "", "WhoCanView": "Everyone", "AllowComments": "Yes"},
            {"Date": "2024-04-21 11:02:05", "Link": VIDEO.format("7340000000000000002"),
             "Likes": "3", "Title": HARD_NEGATIVES[0], "Sound": "", "Location": "",
             "WhoCanView": "Everyone", "AllowComments": "Yes"}]}},
        "Comment": {"Comments": {"CommentsList": [
            {"date": "2024-03-15 20:40:11", "comment": "Vote Elena Castillo for Council, "
             "proud to support her!", "photo": "N/A", "url": ""},
            {"date": "2024-04-02 07:55:30", "comment": "what an incompetent clown this "
             "lawyer is @dokafor_law", "photo": "N/A", "url": ""}]}},
        "Your Activity": {
            "Like List": {"ItemFavoriteList": [
                {"date": "2024-03-10 09:00:00", "link": VIDEO.format("7340000000000000101")}]},
            "Following": {"Following": [
                {"Date": "2024-02-20 12:00:00", "UserName": "brightwaterlog"},
                {"Date": "2023-11-02 08:30:00", "UserName": "brooklyn_bakers_example"}]},
            "Follower": {"FansList": [
                {"Date": "2024-01-05 16:45:00", "UserName": "giulia.bianchi.roma"}]},
            "Searches": {"SearchList": [
                {"Date": "2024-03-01 22:10:00", "SearchTerm": "Brightwater Logistics lawsuit"}]},
            "Watch History": {"VideoList": [
                {"Date": "2024-03-02 22:10:00", "Link": VIDEO.format("7340000000000000201")}]},
            "Favorite Videos": {"FavoriteVideoList": None},
        },
        "Direct Message": {"Direct Messages": {"ChatHistory": {
            "Chat History with giulia.bianchi.roma:": [
                {"Date": "2024-04-10 19:00:00", "From": "maria.rossi.nyc",
                 "Content": "Dinner at ours on Saturday?"},
                {"Date": "2024-04-10 19:03:00", "From": "giulia.bianchi.roma",
                 "Content": "Yes! I'll bring dessert"}]}}},
    }


def members() -> dict[str, bytes]:
    body = json.dumps(user_data(), indent=2, ensure_ascii=False).encode("utf-8")
    return {"TikTok_Data_1717200000/user_data_tiktok.json": body}


def build(out: Path) -> Path:
    return write_zip(out, members())


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "tiktok-sample.zip"
    print(build(target))
