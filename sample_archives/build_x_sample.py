"""Write sample_archives/x-sample.zip: the scenario's invented X archive, in the real layout.

Deterministic (fixed ids, dates and zip timestamps): running it twice gives the same bytes.
Run from anywhere: ``python sample_archives/build_x_sample.py [OUT.zip]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from xarchive import (  # noqa: E402  (the helper lives with the tests)
    account,
    build_x_archive,
    conversation,
    group_event,
    like,
    message,
    profile,
    relation,
    saved_search,
    snowflake,
    tweet,
    tweet_date,
)

OWN_ID, OWN = "4400000001", "mariarossi_nyc"
ACME, BRIGHT, OKAFOR, JUROR = "1500000001", "1500000002", "1500000003", "1500000007"
DEMS, CASTILLO = "1600000001", "1600000004"  # political.csv accounts
KESSLER = "1599999990"  # an invented lawyer who appears in no case list
GENERATED = "2024-06-01T12:00:00.000Z"
README = """Twitter Archive (sample, invented)

tweets.js
- id: unique identifier of the Tweet.
- created_at: date and time when the Tweet was created.
- full_text: the text of the Tweet.
"""


def _tweet(when: str, text: str, **kw) -> dict:
    return tweet(snowflake(when), tweet_date(when), text, **kw)


# Hard negatives: items that look like a category but are not a finding (tests pin their ids).
BIRTHDAY_PARTY = "2024-03-30T23:00:00Z"
BOOK_CLUB_VOTE = "2024-04-03T20:30:00Z"
ELECTION_REMINDER = "2024-04-02T10:30:00Z"
SONG_TITLE = "2024-05-18T16:10:00Z"
HARD_NEGATIVES = {when: snowflake(when) for when in (BIRTHDAY_PARTY, BOOK_CLUB_VOTE,
                                                     ELECTION_REMINDER, SONG_TITLE)}


def tweets() -> list[dict]:
    acme_status = snowflake("2024-03-14T13:02:00Z", 7)
    bright_status = snowflake("2024-05-01T18:30:00Z", 3)
    kessler_status = snowflake("2024-04-26T12:40:00Z", 5)
    return [
        _tweet("2018-07-04T15:00:00Z", "Happy Fourth of July from Brooklyn! &#127878;"),
        _tweet("2023-11-12T17:45:10Z",
               "Sunday sauce: San Marzano tomatoes, garlic, basil, and patience. "
               "Recipe here https://t.co/Rcp1Sauce0",
               urls=[("https://t.co/Rcp1Sauce0", "https://example.org/recipes/sunday-sauce")]),
        _tweet("2024-01-20T14:05:00Z", "Best cannoli in Brooklyn at Rossi Bakery (no relation!)"),
        _tweet("2024-03-14T14:20:31Z",
               "@acme_holdings Your new Red Hook warehouse looks great, congratulations!",
               reply_to=(acme_status, ACME, "acme_holdings"),
               mentions=[("acme_holdings", ACME)]),
        _tweet("2024-03-20T09:11:00Z",
               "RT @brightwaterlog: Brightwater Logistics is growing in Red Hook &amp; "
               "hiring drivers",
               mentions=[("brightwaterlog", BRIGHT)]),
        _tweet("2024-04-10T21:40:00Z",
               "Great CLE panel on commercial leases tonight with @dokafor_law",
               mentions=[("dokafor_law", OKAFOR)]),
        _tweet("2024-04-15T19:00:00Z", "Arsenal v. Chelsea tonight, who else is watching?"),
        _tweet("2024-04-22T22:15:00Z",
               "Long day: hearing on the motion to dismiss in Acme v. Brightwater "
               "(Index No. 512345/2024). Decision soon."),
        _tweet("2024-05-02T08:00:00Z",
               "Interesting read https://t.co/Qt8Brwtr01",
               urls=[("https://t.co/Qt8Brwtr01",
                      f"https://twitter.com/brightwaterlog/status/{bright_status}")]),
        _tweet("2024-05-24T23:30:00Z",
               "Sentencing in the Greg Vance matter went as expected. Justice served."),
        # political: an endorsement of a political.csv candidate, with "vote for"
        _tweet("2024-05-11T15:20:00Z",
               "Proud to support Elena Castillo for Council! Vote for @castillo4council "
               "on June 25.",
               mentions=[("castillo4council", CASTILLO)]),
        # demeanor: an intemperate reply insulting a lawyer; general profanity
        _tweet("2024-04-26T13:05:00Z",
               "@rkessler_law You are an incompetent clown and a disgrace to the bar. "
               "Learn to read a lease before you waste everyone's time again.",
               reply_to=(kessler_status, KESSLER, "rkessler_law"),
               mentions=[("rkessler_law", KESSLER)]),
        _tweet("2024-05-06T08:50:00Z",
               "Forty minutes stuck under the river on the F train. What a bullshit commute."),
        # commercial: sponsorship marker and an affiliate code
        _tweet("2024-03-26T18:00:00Z",
               "#ad My mornings start with the Caffè Bello moka pot. Use my code MARIA10 "
               "for 10% off at https://t.co/CffBll0010",
               urls=[("https://t.co/CffBll0010", "https://example.com/caffebello?ref=MARIA10")]),
        # security: a phone number; a weekly routine
        _tweet("2024-04-28T19:30:00Z",
               "Lost a blue wool scarf at the Park Slope library today. If you find it, "
               "please call me at (718) 555-0142. Grazie!"),
        _tweet("2024-03-05T11:00:00Z",
               "Every Tuesday at 6 I run two loops of Prospect Park before court. "
               "Best part of the week."),
        # case: an evaluative comment on the pending case; a pledge about bail
        _tweet("2024-05-15T21:10:00Z",
               "Obviously Brightwater will lose the Acme v. Brightwater case; their lease "
               "argument is a joke."),
        _tweet("2024-04-30T22:00:00Z",
               "I will never grant bail to anyone caught with a gun in my courtroom. Period."),
        # confidential: confidentiality words next to the pending case
        _tweet("2024-05-20T20:45:00Z",
               "Can't go into details of the Acme v. Brightwater deliberations yet, but the "
               "warehouse lease question is a hard one."),
        # hard negatives
        _tweet(BIRTHDAY_PARTY,
               "Birthday party for Nonna Pina: ninety candles, three cakes and a lot of "
               "singing. Auguri!"),
        _tweet(BOOK_CLUB_VOTE,
               "Book club vote is in: Middlemarch wins for May, by one vote."),
        _tweet(ELECTION_REMINDER,
               "Reminder: polls are open 6am to 9pm today. Check your polling place and "
               "vote."),
        _tweet(SONG_TITLE,
               "Now playing on the drive to the shore: Highway to Hell, loud. Classic song."),
    ]


def likes() -> list[dict]:
    acme1 = snowflake("2024-03-18T15:00:00Z", 1)
    acme2 = snowflake("2024-04-29T10:30:00Z", 2)
    acme3 = snowflake("2024-05-08T16:45:00Z", 3)
    food = snowflake("2023-12-02T12:00:00Z", 4)
    castillo = snowflake("2024-05-09T14:00:00Z", 5)
    return [
        like(acme1, "Acme Holdings signs a long warehouse lease in Red Hook",
             f"https://twitter.com/acme_holdings/status/{acme1}"),
        like(acme2, "Our case against Brightwater will be heard soon. We trust the court.",
             f"https://twitter.com/acme_holdings/status/{acme2}"),
        like(acme3, None, f"https://twitter.com/acme_holdings/status/{acme3}"),
        like(food, "Ten-minute pasta e fagioli for cold nights",
             f"https://twitter.com/i/web/status/{food}"),
        # political: a like of a campaign post
        like(castillo, "Vote for Elena Castillo for Council on June 25! Canvassing in "
             "Red Hook this Saturday, join us.",
             f"https://twitter.com/castillo4council/status/{castillo}"),
    ]


def direct_messages() -> list[dict]:
    return [conversation(f"{OKAFOR}-{OWN_ID}", [
        message(snowflake("2024-04-25T20:01:00Z", 11), OKAFOR, "2024-04-25T20:01:00.000Z",
                "Good to see you at the bar dinner last night.", recipient=OWN_ID),
        message(snowflake("2024-04-25T20:05:30Z", 12), OWN_ID, "2024-04-25T20:05:30.000Z",
                "Likewise. Between us, the Acme hearing is going fine; the warehouse lease "
                "terms are what matter. https://t.co/Lse4Terms0", recipient=OKAFOR,
                urls=[("https://t.co/Lse4Terms0", "https://example.org/lease-terms")]),
    ])]


def group_messages() -> list[dict]:
    conv = "1780000000000000001"
    return [conversation(conv, [
        group_event("joinConversation", "2024-02-01T18:00:00.000Z", initiatingUserId="1599999997",
                    participantsSnapshot=[OWN_ID, "1599999997", "1599999996"]),
        group_event("conversationNameUpdate", "2024-02-01T18:01:00.000Z",
                    initiatingUserId="1599999997", name="Park Slope book club"),
        message(snowflake("2024-02-01T18:02:00Z", 21), "1599999997", "2024-02-01T18:02:00.000Z",
                "Next month: The Remains of the Day"),
        message(snowflake("2024-02-01T18:04:00Z", 22), OWN_ID, "2024-02-01T18:04:00.000Z",
                "Count me in, I will bring cannoli."),
        group_event("participantsJoin", "2024-02-03T09:00:00.000Z",
                    initiatingUserId="1599999997", userIds=["1599999995"]),
    ])]


def build(out: Path) -> Path:
    return build_x_archive(
        out,
        account=account(OWN_ID, OWN, "Maria Rossi", "2012-04-02T10:00:00.000Z"),
        generated=GENERATED,
        profile=profile("Brooklyn. Cook. Reader.", "Brooklyn, NY"),
        tweets=tweets(), split_tweets=2, likes=likes(),
        following=[relation(i) for i in (ACME, OKAFOR, JUROR, "1599999999", DEMS)],
        followers=[relation(i) for i in (BRIGHT, "1599999998")],
        dms=direct_messages(), group_dms=group_messages(),
        # research: a saved search for a party of the pending case (X keeps no search history)
        saved_searches=[saved_search("1790000000000000001", "Brightwater Logistics lawsuit"),
                        saved_search("1790000000000000002", "pasta e fagioli")],
        extra_members={
            "data/README.txt": README,
            "data/tweets_media/1785000000000000000-cannoli.jpg":
                b"\xff\xd8\xff\xe0\x00\x10JFIF\x00sample\xff\xd9",
            "data/ad-engagements.js": "window.YTD.ad_engagements.part0 = [ ]",
        },
    )


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "x-sample.zip"
    print(build(target))
