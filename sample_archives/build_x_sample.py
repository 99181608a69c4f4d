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
    snowflake,
    tweet,
    tweet_date,
)

OWN_ID, OWN = "4400000001", "mariarossi_nyc"
ACME, BRIGHT, OKAFOR, JUROR = "1500000001", "1500000002", "1500000003", "1500000007"
GENERATED = "2024-06-01T12:00:00.000Z"
README = """Twitter Archive (sample, invented)

tweets.js
- id: unique identifier of the Tweet.
- created_at: date and time when the Tweet was created.
- full_text: the text of the Tweet.
"""


def _tweet(when: str, text: str, **kw) -> dict:
    return tweet(snowflake(when), tweet_date(when), text, **kw)


def tweets() -> list[dict]:
    acme_status = snowflake("2024-03-14T13:02:00Z", 7)
    bright_status = snowflake("2024-05-01T18:30:00Z", 3)
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
    ]


def likes() -> list[dict]:
    acme1 = snowflake("2024-03-18T15:00:00Z", 1)
    acme2 = snowflake("2024-04-29T10:30:00Z", 2)
    acme3 = snowflake("2024-05-08T16:45:00Z", 3)
    food = snowflake("2023-12-02T12:00:00Z", 4)
    return [
        like(acme1, "Acme Holdings signs a long warehouse lease in Red Hook",
             f"https://twitter.com/acme_holdings/status/{acme1}"),
        like(acme2, "Our case against Brightwater will be heard soon. We trust the court.",
             f"https://twitter.com/acme_holdings/status/{acme2}"),
        like(acme3, None, f"https://twitter.com/acme_holdings/status/{acme3}"),
        like(food, "Ten-minute pasta e fagioli for cold nights",
             f"https://twitter.com/i/web/status/{food}"),
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
        following=[relation(i) for i in (ACME, OKAFOR, JUROR, "1599999999")],
        followers=[relation(i) for i in (BRIGHT, "1599999998")],
        dms=direct_messages(), group_dms=group_messages(),
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
