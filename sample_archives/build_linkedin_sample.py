"""Write sample_archives/linkedin-sample.zip: the scenario's invented LinkedIn data export.

Real shapes (formats.md section 4): a ``Basic_LinkedInDataExport_…/`` folder of CSV files,
``Connections.csv`` with its ``Notes:`` preamble, ``Comments.csv`` with backslash-escaped
quotes in a multi-line field, a bare repost in ``Shares.csv``, the date format of each file.
It touches the sample profile's people: counsel Daniel Okafor is a connection, writes to the
judge and endorsed her; party Acme Holdings LLC is a followed company. All content is
invented. Deterministic (fixed zip timestamps). Run from anywhere:
``python sample_archives/build_linkedin_sample.py [OUT.zip]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from metaarchive import write_zip  # noqa: E402  (the helper lives with the tests)

ROOT = "Basic_LinkedInDataExport_06-01-2024/"
LI = "https://www.linkedin.com/in/"

CONNECTIONS = f"""Notes:
"When exporting your connection data, you may notice that some of the email addresses are \
missing. You will only see email addresses for connections who have allowed their \
connections to see or download their email address."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Daniel,Okafor,{LI}daniel-okafor-law,,"Okafor & Reyes, LLP",Partner,12 Mar 2024
Lucia,Bianchi,{LI}lucia-bianchi-clerk,,Kings County Supreme Court,Law Clerk,03 Sep 2019
Samir,Haddad,{LI}samir-haddad-0b1c2d,,Brooklyn Law School,Professor,21 Jan 2022
"""

SHARES = """Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility
2024-03-18 19:05:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7175000000000000001,\
"Grateful to the Brooklyn Law School clinic students who sat in on motion day: sharp \
questions, all of them.",,,PUBLIC
2024-04-09 21:40:12,https://www.linkedin.com/feed/update/urn%3Ali%3AugcPost%3A7183000000000000002,\
"Long week: the Acme v. Brightwater lease arguments wrap up Thursday. Obviously Brightwater \
will lose.",,,MEMBER_NETWORK
2024-05-02 08:15:30,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7191000000000000003,,\
https://www.nycourts.gov/news,,PUBLIC
"""

COMMENTS = """Date,Link,Message
2024-04-22 12:01:44,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A7188000000000000004,\
"Congratulations Daniel on the \\"Litigator of the Year\\" award,
well deserved!"
2024-05-10 09:30:00,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A7194000000000000005,\
"Lovely photos from the bar association picnic."
"""

REACTIONS = """Date,Type,Link
2024-04-22 11:59:02,PRAISE,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A7188000000000000004
2024-05-11 07:45:10,LIKE,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A7194000000000000006
"""

MESSAGES = f"""CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,\
RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,ATTACHMENTS,IS MESSAGE DRAFT
2-AbCdEf123==,,Daniel Okafor,{LI}daniel-okafor-law,Maria Rossi,{LI}maria-rossi-nyc,\
2024-04-15 17:20:00 UTC,,"Maria, good to reconnect. Lunch after the Acme hearing?",INBOX,,No
2-AbCdEf123==,,Maria Rossi,{LI}maria-rossi-nyc,Daniel Okafor,{LI}daniel-okafor-law,\
2024-04-15 18:02:11 UTC,,"Thanks Daniel, better not while the case is open.",INBOX,,No
"""

INVITATIONS = f"""From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl
Maria Rossi,Samir Haddad,"1/20/22, 4:10 PM",,OUTGOING,{LI}maria-rossi-nyc,{LI}samir-haddad-0b1c2d
Helen Marsh,Maria Rossi,"5/20/24, 9:12 AM",Would be glad to connect.,INCOMING,\
{LI}helen-marsh-esq,{LI}maria-rossi-nyc
"""

ENDORSED = """Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,\
Endorser Public Url,Endorsement Status
2024/03/20 10:11:12 UTC,Commercial Litigation,Daniel,Okafor,www.linkedin.com/in/daniel-okafor-law,\
ACCEPTED
"""

RECOMMENDED = """First Name,Last Name,Company,Job Title,Text,Creation Date,Status
Lucia,Bianchi,Kings County Supreme Court,Law Clerk,"Lucia is meticulous and kind; any chambers \
would be lucky to have her.","09/15/21, 03:12 PM",VISIBLE
"""

COMPANIES = """Organization,Followed On
Acme Holdings LLC,Mon Feb 19 14:03:22 UTC 2024
New York State Unified Court System,Tue Mar 05 08:00:00 UTC 2019
"""

PROFILE = """First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,\
Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers
Maria,Rossi,,,,Justice of the Supreme Court of the State of New York,,Law Practice,,\
"Brooklyn, New York, United States",,,
"""


def members() -> dict[str, object]:
    return {
        ROOT + "Connections.csv": CONNECTIONS,
        ROOT + "Shares.csv": SHARES,
        ROOT + "Comments.csv": COMMENTS,
        ROOT + "Reactions.csv": REACTIONS,
        ROOT + "messages.csv": MESSAGES,
        ROOT + "Invitations.csv": INVITATIONS,
        ROOT + "Endorsement_Received_Info.csv": ENDORSED,
        ROOT + "Recommendations_Given.csv": RECOMMENDED,
        ROOT + "Company Follows.csv": COMPANIES,
        ROOT + "Profile.csv": PROFILE,
        ROOT + "Registration.csv": "Registered At,Registration Ip,Subscription Types\n"
                                   "9/1/08 12:00 PM,0.0.0.0,\n",
        ROOT + "Positions.csv": "Company Name,Title,Description,Location,Started On,Finished On\n"
                                "Kings County Supreme Court,Justice,,Brooklyn,Mar 2019,\n",
        ROOT + "Ad_Targeting.csv": "Member Age,Company Names,Company Names\n35 to 54,,\n",
        ROOT + "Rich_Media.csv": "Date/Time,Media Description,Media Link\n",
    }


def build(out: Path) -> Path:
    return write_zip(out, {name: text.encode("utf-8") for name, text in members().items()})


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "linkedin-sample.zip"
    print(build(target))
