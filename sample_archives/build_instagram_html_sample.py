"""Build sample_archives/instagram-html-sample.zip: an invented Instagram download in HTML format,
in Italian (labels and dates as an Italian-language account gets them: "Commento", "5 mar
2024, 15:04").

The 2025 layout (``your_instagram_activity/media/``, ``connections/followers_and_following/``,
``logged_information/recent_searches/``, ``personal_information/``) in Meta's 2022+ markup
(``tests/metahtml.py``): comments, searches and the profile as label/value tables, accounts as
links with the date below. Dates are the exporter's local time (New York, the sample
profile's zone). All people and content are invented. Run
``python sample_archives/build_instagram_html_sample.py``; byte-identical on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from metaarchive import write_zip  # noqa: E402
from metahtml import (  # noqa: E402
    account_block,
    block,
    link,
    message,
    page,
    table,
    table_block,
)

USER = "maria.rossi.nyc"
ROOT = f"instagram-{USER}-2024-06-01-Qw34Er56/"
ACT = "your_instagram_activity/"
REL = "connections/followers_and_following/"

# Hard negatives: ordinary words that must raise no finding (tests pin them).
MARKET = "Mercato del sabato a Grand Army Plaza: pomodori, basilico e pane caldo."
HARD_NEGATIVES = (MARKET,)


def post_link(code: str) -> str:
    url = f"https://www.instagram.com/p/{code}/"
    return f"<div>{link(url, url)}</div>"


POSTS = [
    block(MARKET, date="9 feb 2024, 10:15"),
    block("Che settimana in aula. Grazie @helenmarsh.esq per il pranzo!",
          date="14 mar 2024, 13:40"),
]
COMMENTS = [table_block("", table(
    ("Commento", "Arringa splendida oggi, avvocata!"),
    ("Proprietario del contenuto multimediale", "helenmarsh.esq"),
    time=("Ora", "15 mar 2024, 18:22")))]
LIKES = [block("brightwater.logistics", body_html=post_link("C4bwLog2024")
               + "<div>16 mar 2024, 09:05</div>")]
FOLLOWING = [account_block("brightwater.logistics", "2 mar 2024, 21:10"),
             account_block("helenmarsh.esq", "3 mar 2024, 08:45")]
FOLLOWERS = [account_block("giulia.bianchi.art", "12 giu 2019, 17:30")]
SEARCHES = [table_block("", table(("Ricerca", "acme holdings causa"),
                                  time=("Ora", "18 mar 2024, 22:01")))]
THREAD = [message("Maria Rossi", "Off the record: il ricorso di Acme non regge.",
                  "19 mar 2024, 23:12"),
          message("Helen Marsh", "Ne parliamo a cena.", "19 mar 2024, 23:15")]
PROFILE = [table_block("", table(("Nome utente", USER), ("Nome", "Maria Rossi"),
                                 ("Biografia", "Giudice, Kings County Supreme Court")))]

PAGES_BY_PATH = {
    "start_here.html": page("Le tue informazioni", [block("Le tue informazioni")], "it"),
    f"{ACT}media/posts_1.html": page("Post", POSTS, "it"),
    f"{ACT}comments/post_comments_1.html": page("Commenti", COMMENTS, "it"),
    f"{ACT}likes/liked_posts.html": page("Post che ti piacciono", LIKES, "it"),
    f"{ACT}messages/inbox/helenmarsh_17840000000000001/message_1.html": page(
        "Helen Marsh", THREAD, "it"),
    f"{REL}following.html": page("Persone che segui", FOLLOWING, "it"),
    f"{REL}followers_1.html": page("Follower", FOLLOWERS, "it"),
    "logged_information/recent_searches/word_or_phrase_searches.html": page(
        "Ricerche", SEARCHES, "it"),
    "personal_information/personal_information/personal_information.html": page(
        "Informazioni personali", PROFILE, "it"),
    "media/posts/202402/17900000000000001.jpg": b"\xff\xd8\xff invented sample photo",
}


def build(path: Path = HERE / "instagram-html-sample.zip") -> Path:
    """Write the sample zip under the download's wrapper folder."""
    return write_zip(path, {ROOT + name: content for name, content in PAGES_BY_PATH.items()})


if __name__ == "__main__":
    print(build())
