"""Build sample_archives/facebook-html-sample.zip: an invented Facebook download in HTML format.

The 2024+ layout (``your_facebook_activity/``, ``connections/``, ``logged_information/``,
``personal_information/``) with ``.html`` pages in Meta's 2022+ markup (``tests/metahtml.py``),
dates in English as Meta prints them, in the exporter's local time (New York, the sample
profile's zone). All people and content are invented. Run
``python sample_archives/build_facebook_html_sample.py``; the output is byte-identical on
every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from metaarchive import write_zip  # noqa: E402
from metahtml import block, message, page, table, table_block  # noqa: E402

OWNER = "Maria Rossi"
ROOT = "facebook-mariarossi-2024-06-01-Hm56Tx78/"
ACT = "your_facebook_activity/"

# Hard negatives: ordinary words that must raise no finding (tests pin them).
BOOK_CLUB = "Book club tonight: we finally finish Middlemarch. Bring snacks and opinions!"
GARDEN = "First tomatoes of the season from the community garden on Union Street."
HARD_NEGATIVES = (BOOK_CLUB, GARDEN)

POSTS = [
    block(f"{OWNER} updated her status.", GARDEN, "Feb 11, 2024 9:12:40 am"),
    block(f"{OWNER} updated her status.",
          "Acme Holdings will lose the warehouse lease case, mark my words. Brightwater has "
          "the better argument.", "Mar 12, 2024 9:40:05 pm"),
    block(f"{OWNER} updated her status.", BOOK_CLUB, "Apr 18, 2024 7:02:13 pm"),
]
COMMENTS = [
    block(f"{OWNER} commented on Daniel Okafor's post.",
          "Congratulations on the motion, counsel! See you at the bar dinner.",
          "Mar 20, 2024 6:15:44 pm"),
]
REACTIONS = [
    block(f"{OWNER} likes Acme Holdings LLC's post.", date="Mar 21, 2024 8:30:00 am"),
    block(f"{OWNER} reacted to Brightwater Logistics Inc.'s photo.",
          date="Mar 22, 2024 11:05:09 am",
          body_html='<div><img src="icons/love.png" alt="Love" /></div>'),
]
FRIENDS = [block("Daniel Okafor", date="Feb 20, 2024 10:00:00 am"),
           block("Giulia Bianchi", date="Jun 3, 2019 5:45:00 pm")]
FOLLOWING = [block("Acme Holdings LLC", date="Mar 1, 2024 1:20:00 pm")]
PAGES = [block("Kings County Democratic Committee", date="Apr 2, 2024 4:00:00 pm")]
GROUPS = [block(f"{OWNER} became a member of Brooklyn Forward PAC Volunteers.",
                date="Apr 5, 2024 8:10:00 pm")]
SEARCHES = [block("You searched on Facebook", '"acme holdings lawsuit"',
                  "Mar 26, 2024 1:02:03 pm")]
THREAD = [
    message(OWNER, "About the Acme matter: call me tonight, off the record.",
            "Mar 25, 2024 7:00:12 pm"),
    message("Daniel Okafor", "Sure, after eight.", "Mar 25, 2024 7:04:51 pm"),
]
PROFILE = [table_block("Profile information", table(
    ("Name", OWNER), ("Current city", "Brooklyn, New York"),
    ("Bio", "Judge at the Kings County Supreme Court")))]

PAGES_BY_PATH = {
    "index.html": page("Your information", [block("Your Facebook activity")]),
    f"{ACT}posts/your_posts__check_ins__photos_and_videos_1.html": page("Your posts", POSTS),
    f"{ACT}comments_and_reactions/comments.html": page("Comments", COMMENTS),
    f"{ACT}comments_and_reactions/likes_and_reactions_1.html": page("Likes and reactions",
                                                                    REACTIONS),
    f"{ACT}pages/pages_you've_liked.html": page("Pages you've liked", PAGES),
    f"{ACT}groups/your_group_membership_activity.html": page("Your group membership activity",
                                                              GROUPS),
    f"{ACT}messages/inbox/danielokafor_10230000000000001/message_1.html": page("Daniel Okafor",
                                                                               THREAD),
    "connections/friends/your_friends.html": page("Your friends", FRIENDS),
    "connections/followers/who_you've_followed.html": page("Who you've followed", FOLLOWING),
    "logged_information/search/your_search_history.html": page("Your search history", SEARCHES),
    "personal_information/profile_information/profile_information.html": page(
        "Profile information", PROFILE),
    f"{ACT}posts/media/Timeline_photos/garden.jpg": b"\xff\xd8\xff invented sample photo",
}


def build(path: Path = HERE / "facebook-html-sample.zip") -> Path:
    """Write the sample zip under the download's wrapper folder."""
    return write_zip(path, {ROOT + name: content for name, content in PAGES_BY_PATH.items()})


if __name__ == "__main__":
    print(build())
