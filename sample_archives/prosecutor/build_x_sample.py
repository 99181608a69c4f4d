"""Write sample_archives/prosecutor/x-sample.zip: an invented prosecutor's X archive.

The prosecutor demo: condemnation of an accused, leaks of the file in private messages, what a
prosecutor may say (charges, schedule, arrest, the office's press release), contacts with the
presiding judge, defence counsel and a victims' organisation, and hard negatives. Deterministic
(fixed ids, dates and zip timestamps): running it twice gives the same bytes.
Run from anywhere: ``python sample_archives/prosecutor/build_x_sample.py [OUT.zip]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "tests"))

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

OWN_ID, OWN = "4460000001", "rquinlan_ada"
HALLORAN, SENIORS, TASKER = "1560000001", "1560000006", "1560000007"  # people.csv accounts
WEBB, TAN, FORSYTHE = "1560000008", "1560000009", "1560000010"
LEDGER = "1569999990"  # an invented news account, in no case list
OFFICE = "1569999991"  # the District Attorney's Office account
SISTER, FRIEND = "1569999992", "1569999993"  # family and a friend outside the office
GENERATED = "2024-07-01T12:00:00.000Z"


def _tweet(when: str, text: str, **kw) -> dict:
    return tweet(snowflake(when), tweet_date(when), text, **kw)


def tweets() -> list[dict]:
    ledger_status = snowflake("2024-04-08T12:00:00Z", 3)
    forsythe_status = snowflake("2024-05-11T21:00:00Z", 4)
    return [
        # condemnation of an accused of a pending case
        _tweet("2024-03-02T18:20:00Z",
               "Derek Halloran is a predator and this whole neighborhood knows it."),
        _tweet("2024-04-08T13:15:00Z",
               "@phillyledger Szabo refused our plea offer. He'll regret that at sentencing.",
               reply_to=(ledger_status, LEDGER, "phillyledger"),
               mentions=[("phillyledger", LEDGER)]),
        _tweet("2024-04-20T22:05:00Z",
               "Anthony Rourke has a rap sheet as long as my arm. A record like that belongs "
               "behind bars for good."),
        # permitted: charges with the presumption of innocence, a schedule, the office's release
        _tweet("2024-02-06T16:00:00Z",
               "Today our office filed charges against Victor Szabo for theft from the "
               "Northside Seniors Alliance. A charge is only an accusation; he is presumed "
               "innocent."),
        _tweet("2024-05-02T14:30:00Z",
               "The next hearing in Commonwealth v. Halloran is set for June 12 at 9 a.m. in "
               "Courtroom 1005."),
        _tweet("2024-03-19T15:40:00Z",
               "RT @PhillyDAO: Two arrests in the Tasker Street fire investigation. The "
               "defendants are presumed innocent until proven guilty.",
               mentions=[("PhillyDAO", OFFICE)]),
        # one post naming one case (the Commonwealth is a party of all of them)
        _tweet("2024-05-18T10:00:00Z",
               "Prep weekend for Commonwealth v. Halloran. Coffee is officially my co-counsel."),
        # contact: a reply to the presiding judge
        _tweet("2024-05-11T22:10:00Z",
               "@judgeforsythe Lovely photos from the bar gala, thank you for hosting us!",
               reply_to=(forsythe_status, FORSYTHE, "judgeforsythe"),
               mentions=[("judgeforsythe", FORSYTHE)]),
        # hard negatives
        _tweet("2024-04-13T23:30:00Z",
               "Our goalkeeper was a killer tonight, three saves in the last five minutes!"),
        _tweet("2024-03-09T11:00:00Z",
               "Civics Saturday: a grand jury decides whether there is enough evidence to "
               "charge, not whether someone is guilty. Its proceedings are secret by law."),
        _tweet("2024-06-01T20:45:00Z",
               "Finished the new podcast about the Lighthouse Murders. The genealogy twist in "
               "episode six is wild."),
        _tweet("2024-06-15T09:10:00Z",
               "The Commonwealth of Pennsylvania just reminded me that my car registration "
               "expires this month."),
        _tweet("2024-06-22T17:00:00Z",
               "Office softball: prosecutors versus public defenders, and we lost 12 to 3. "
               "Rematch in August."),
    ]


def likes() -> list[dict]:
    tasker = snowflake("2024-03-25T19:00:00Z", 1)
    recipe = snowflake("2024-02-11T12:00:00Z", 2)
    return [
        # contact: a liked post of a victims' organisation
        like(tasker, "Vigil for the Tasker Street fire families this Sunday at 6 pm.",
             f"https://twitter.com/taskerfamilies/status/{tasker}"),
        like(recipe, "Ten-minute pasta e fagioli for cold nights",
             f"https://twitter.com/i/web/status/{recipe}"),
    ]


def direct_messages() -> list[dict]:
    return [
        # leaks: non-public investigative steps told to family and a friend
        conversation(f"{OWN_ID}-{SISTER}", [
            message(snowflake("2024-03-27T21:00:00Z", 11), OWN_ID, "2024-03-27T21:00:00.000Z",
                    "Keep this quiet, we search Halloran's storage unit Friday morning. Don't "
                    "mention it to anyone.", recipient=SISTER),
            message(snowflake("2024-03-27T21:04:00Z", 12), SISTER, "2024-03-27T21:04:00.000Z",
                    "My lips are sealed. Dinner Sunday?", recipient=OWN_ID),
        ]),
        conversation(f"{OWN_ID}-{FRIEND}", [
            message(snowflake("2024-04-16T20:30:00Z", 13), OWN_ID, "2024-04-16T20:30:00.000Z",
                    "Off the record, Szabo's bookkeeper is cooperating with us. Nobody knows "
                    "yet.", recipient=FRIEND),
        ]),
    ]


def group_messages() -> list[dict]:
    conv = "1780000000000000401"
    return [conversation(conv, [
        group_event("joinConversation", "2024-02-10T18:00:00.000Z", initiatingUserId=FRIEND,
                    participantsSnapshot=[OWN_ID, FRIEND, WEBB]),
        group_event("conversationNameUpdate", "2024-02-10T18:01:00.000Z",
                    initiatingUserId=FRIEND, name="Sunday pickup basketball"),
        # contact: defence counsel in a pending case of hers, in the same group chat
        message(snowflake("2024-02-10T18:03:00Z", 21), WEBB, "2024-02-10T18:03:00.000Z",
                "Pickup basketball Sunday at the Y, who's in?"),
        message(snowflake("2024-02-10T18:05:00Z", 22), OWN_ID, "2024-02-10T18:05:00.000Z",
                "Count me in, I'll bring a ball that holds air."),
    ])]


def build(out: Path) -> Path:
    return build_x_archive(
        out,
        account=account(OWN_ID, OWN, "Rebecca Quinlan", "2013-05-06T10:00:00.000Z"),
        generated=GENERATED,
        profile=profile("Philly. Runner. Bad at crosswords.", "Philadelphia, PA"),
        tweets=tweets(), likes=likes(),
        # contacts: the presiding judge, defence counsel, a victims' organisation
        following=[relation(i) for i in (FORSYTHE, TAN, SENIORS, "1569999999")],
        followers=[relation(i) for i in (HALLORAN, "1569999998")],
        dms=direct_messages(), group_dms=group_messages(),
    )


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "x-sample.zip"
    print(build(target))
