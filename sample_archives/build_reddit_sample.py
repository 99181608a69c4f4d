"""Write sample_archives/reddit-sample.zip: the scenario's invented Reddit data request export.

Real shapes (formats.md section 7): an ``export_<username>_<date>/`` folder of CSV files with
Reddit's headers, ``YYYY-MM-DD HH:MM:SS UTC`` dates, ids without type prefixes, votes and
saves without dates, a multi-line quoted body, a ``[deleted]`` body. It touches the sample
profile's case 512345/2024: a comment about party Brightwater Logistics and messages with
witness Tomas Lindqvist (u/tlindqvist). All content is invented. Deterministic (fixed zip
timestamps). Run from anywhere: ``python sample_archives/build_reddit_sample.py [OUT.zip]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from metaarchive import write_zip  # noqa: E402  (the helper lives with the tests)

ROOT = "export_mrossi_reads_20240601/"
R = "https://www.reddit.com/r/"

POSTS = f"""id,permalink,date,ip,subreddit,gildings,title,url,body
1b2c3d,{R}AskNYC/comments/1b2c3d/quiet_lunch_spots_near_borough_hall/,2024-03-02 13:14:15 UTC,,\
AskNYC,0,Quiet lunch spots near Borough Hall?,,"Looking for somewhere calm to read over lunch.
Bonus points for a garden."
1c9z8y,{R}gardening/comments/1c9z8y/tomatoes_in_april/,2024-04-20 08:00:00 UTC,,gardening,0,\
Tomatoes in April?,,[deleted]
"""

COMMENTS = f"""id,permalink,date,ip,subreddit,gildings,link,parent,body,media
kq1x2y3,{R}nyc/comments/1a7b8c/red_hook_truck_traffic/kq1x2y3/,2024-03-10 22:41:09 UTC,,nyc,0,\
{R}nyc/comments/1a7b8c/red_hook_truck_traffic/,,"Brightwater Logistics trucks block Van Brunt \
every single morning. Those idiots are crooks, and the Acme lawsuit will finally show it.",
kq4m5n6,{R}gardening/comments/1c9z8y/tomatoes_in_april/kq4m5n6/,2024-04-21 09:12:00 UTC,,gardening,\
0,{R}gardening/comments/1c9z8y/tomatoes_in_april/,t1_kq4a0b1,"Wait until May, the nights are \
still cold.",
"""

POST_VOTES = f"""id,permalink,direction
1a7b8c,{R}nyc/comments/1a7b8c/red_hook_truck_traffic/,up
1d0e0f,{R}law/comments/1d0e0f/appellate_briefs_that_work/,down
1e1f1g,{R}AskNYC/comments/1e1f1g/best_bagel/,none
"""

COMMENT_VOTES = f"""id,permalink,direction
kq0aa11,{R}nyc/comments/1a7b8c/red_hook_truck_traffic/kq0aa11/,up
"""

MESSAGES = """id,permalink,thread_id,date,ip,from,to,subject,body
2a3b4c,https://www.reddit.com/message/messages/2a3b4c,,2024-04-02 19:30:00 UTC,,tlindqvist,\
mrossi_reads,your Red Hook comment,"Saw your comment about the trucks. I will be testifying \
about exactly that next month, happy to tell you more."
2a3b4d,https://www.reddit.com/message/messages/2a3b4d,,2024-04-02 20:05:00 UTC,,mrossi_reads,\
tlindqvist,re: your Red Hook comment,"Please don't, I can't discuss it."
"""


def members() -> dict[str, object]:
    return {
        ROOT + "posts.csv": POSTS,
        ROOT + "comments.csv": COMMENTS,
        ROOT + "post_votes.csv": POST_VOTES,
        ROOT + "comment_votes.csv": COMMENT_VOTES,
        ROOT + "subscribed_subreddits.csv": "subreddit\nnyc\nlaw\ngardening\nAskNYC\n",
        ROOT + "messages.csv": MESSAGES,
        ROOT + "saved_posts.csv": f"id,permalink\n1f2g3h,{R}law/comments/1f2g3h/voir_dire/\n",
        ROOT + "saved_comments.csv": "id,permalink\n",
        ROOT + "checkfile.csv": "filename,sha256\nposts.csv,0000\n",
        ROOT + "ip_logs.csv": "date,ip\nregistration ip,0.0.0.0\n",
        ROOT + "statistics.csv": "statistic,value\naccount name,mrossi_reads\n",
        ROOT + "drafts.csv": "id,title,body,kind,created,spoiler,nsfw,original_content,content_"
                             "category,flair_id,flair_text,send_replies,subreddit,is_public_link\n",
    }


def build(out: Path) -> Path:
    return write_zip(out, {name: text.encode("utf-8") for name, text in members().items()})


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "reddit-sample.zip"
    print(build(target))
