"""Large X and Facebook exports of varied text, streamed into a zip record by record.

Used by the N = 10^5 correctness test and by ``benchmarks/bench_table.py``. Texts are
composed from pools (generated filler, and optionally the training corpus and the sample
archives' texts), one to three sentences each, so few of them repeat: a classifier or a
language detector cannot get away with scoring a handful of distinct strings.
"""

from __future__ import annotations

import csv
import random
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

SNOWFLAKE_EPOCH_MS = 1288834974657
OWN_ID, OWN_HANDLE, OWNER = "4400000001", "mariarossi_nyc", "Maria Rossi"
START = datetime(2023, 1, 1, tzinfo=UTC)
SPAN = timedelta(days=540)  # 2023-01 .. 2024-06
GENERATED = datetime(2024, 6, 1, 12, tzinfo=UTC)
FB_ROOT = "facebook-mariarossi-2024-06-01-Bench0001/"
FB_ACT = FB_ROOT + "your_facebook_activity/"
CORPUS = Path(__file__).resolve().parent.parent / "src" / "presence_audit" / "data" / "corpus"

# Filler pools: everyday, past-tense, place-free statements (no parties, cases, politics,
# insults, schedules or addresses), combined into 14 * 16 * 14 * 12 sentences.
_OPENERS = ("Finally", "Yesterday", "Last weekend", "This morning", "Over the holidays",
            "After a long week", "On a whim", "At last", "Earlier today", "Quietly",
            "With some help", "Slowly", "Happily", "For once")
_DOINGS = ("I baked a rosemary focaccia", "we repotted the basil", "I finished a novel",
           "the tomatoes turned red", "I tried a new soup recipe", "we painted the fence",
           "I fixed the old bicycle", "the cat discovered the sunny windowsill",
           "I sorted the photo albums", "we planted tulip bulbs", "I learned a chess opening",
           "the sourdough starter came back to life", "I knitted half a scarf",
           "we cleaned out the garage", "I practised the piano piece", "the lemon tree bloomed")
_DETAILS = ("and it went better than expected", "with more flour on the floor than planned",
            "and the kitchen smelled wonderful", "which took most of the afternoon",
            "and nobody complained", "with a cup of tea nearby", "and it was worth it",
            "after watching two tutorials", "and the result was charming",
            "despite a few false starts", "with a playlist of old jazz",
            "and the neighbours' dog approved", "without any drama", "and I am rather proud")
_CLOSERS = ("Recommended.", "Small joys.", "More soon.", "Lovely.", "Not bad at all.",
            "Highly satisfying.", "Simple pleasures.", "A good day.", "Worth trying.",
            "Pleasantly tired.", "Grateful.", "Onwards.")


def filler(rng: random.Random) -> str:
    """One generated everyday sentence."""
    return (f"{rng.choice(_OPENERS)} {rng.choice(_DOINGS)} {rng.choice(_DETAILS)}. "
            f"{rng.choice(_CLOSERS)}")


def corpus_texts(labels: tuple[str, ...]) -> list[str]:
    """Texts of the training corpus (every language) with one of ``labels``."""
    out: list[str] = []
    for path in sorted(CORPUS.rglob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            out.extend(row["text"] for row in csv.DictReader(fh) if row["label"] in labels)
    return out


def sample_texts(x_zip: Path) -> list[str]:
    """Tweet and like texts of an X sample archive."""
    out: list[str] = []
    with zipfile.ZipFile(x_zip) as zf:
        for name in ("data/tweets.js", "data/like.js"):
            raw = zf.read(name)
            items = orjson.loads(raw[raw.index(b"["):])
            for item in items:
                rec = item.get("tweet") or item.get("like") or {}
                text = rec.get("full_text") or rec.get("fullText")
                if text:
                    out.append(text)
    return out


def text_source(seed: int, pools: list[tuple[float, list[str]]] = ()) -> Callable[[], str]:
    """A generator of varied texts: one to three sentences, each from a weighted pool or
    (for the remaining weight) generated filler."""
    rng = random.Random(seed)
    weights = [w for w, _ in pools]
    rest = 1.0 - sum(weights)

    def sentence() -> str:
        pick = rng.random()
        for weight, pool in pools:
            if pick < weight:
                return rng.choice(pool)
            pick -= weight
        return filler(rng)

    def text() -> str:
        return " ".join(sentence() for _ in range(rng.choice((1, 1, 2, 3))))

    assert rest >= 0, "pool weights exceed 1"
    return text


def snowflake(when: datetime, seq: int) -> int:
    """A tweet id minted at ``when`` (formats.md 1.7, inverted)."""
    ms = int(when.timestamp() * 1000) - SNOWFLAKE_EPOCH_MS
    return (ms << 22) | (seq & 0x3FFFFF)


def when_of(i: int, n: int) -> datetime:
    return START + SPAN * (i / max(n, 1))


def x_tweet(i: int, n: int, text: str, reply_to: tuple[str, str] | None = None) -> dict:
    """One wrapped tweet record; ``reply_to`` = (screen name, user id) makes it a reply
    mentioning that account."""
    when = when_of(i, n)
    tid = str(snowflake(when, i))
    rec = {"id_str": tid, "id": tid, "created_at": when.strftime("%a %b %d %H:%M:%S +0000 %Y"),
           "favorite_count": "0", "retweet_count": "0", "lang": "en", "full_text": text,
           "display_text_range": ["0", str(len(text))],
           "entities": {"hashtags": [], "user_mentions": [], "urls": []}}
    if reply_to:
        name, uid = reply_to
        rec.update(in_reply_to_status_id_str=str(snowflake(when, i + 1) - 1000),
                   in_reply_to_user_id_str=uid, in_reply_to_screen_name=name)
        rec["entities"]["user_mentions"] = [{"screen_name": name, "name": name, "id_str": uid,
                                             "indices": ["0", str(len(name) + 1)]}]
    return {"tweet": rec}


def x_like(i: int, n: int, text: str, author: str = "i/web") -> dict:
    """One wrapped like record; ``author`` (a screen name) names the liked post's account."""
    tid = str(snowflake(when_of(i, n), i + 7))
    return {"like": {"tweetId": tid, "fullText": text,
                     "expandedUrl": f"https://twitter.com/{author}/status/{tid}"}}


def _write_js(zf: zipfile.ZipFile, name: str, global_name: str, items: Iterable[dict]) -> None:
    """Stream one ``window.YTD.<type>.part0 = [ ... ]`` member."""
    with zf.open(name, "w", force_zip64=True) as out:
        out.write(f"window.{global_name} = [ ".encode())
        for k, item in enumerate(items):
            out.write(b", " + orjson.dumps(item) if k else orjson.dumps(item))
        out.write(b" ]")


def write_x(path: Path, tweets: Iterator[dict], likes: Iterator[dict], n: int) -> Path:
    """An X archive (current layout) of the given tweet and like records."""
    manifest = {
        "userInfo": {"accountId": OWN_ID, "userName": OWN_HANDLE, "displayName": OWNER},
        "archiveInfo": {"sizeBytes": "0", "generationDate": GENERATED.isoformat()[:19] + ".000Z",
                        "isPartialArchive": False, "maxPartSizeBytes": "53687091200"},
        "dataTypes": {
            "tweets": {"files": [{"fileName": "data/tweets.js",
                                  "globalName": "YTD.tweets.part0", "count": str(n)}]},
            "like": {"files": [{"fileName": "data/like.js", "globalName": "YTD.like.part0",
                                "count": str(n)}]}}}
    account = [{"account": {"accountId": OWN_ID, "username": OWN_HANDLE,
                            "accountDisplayName": OWNER,
                            "createdAt": "2012-04-01T10:00:00.000Z"}}]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("data/manifest.js",
                    "window.__THAR_CONFIG = " + orjson.dumps(manifest).decode())
        zf.writestr("data/account.js",
                    "window.YTD.account.part0 = " + orjson.dumps(account).decode())
        _write_js(zf, "data/tweets.js", "YTD.tweets.part0", tweets)
        _write_js(zf, "data/like.js", "YTD.like.part0", likes)
    return path


def meta_text(text: str) -> str:
    """Meta's per-byte escaping of non-ASCII text (formats.md 2.7)."""
    return text.encode("utf-8").decode("latin-1")


def fb_post(i: int, n: int, text: str) -> dict:
    return {"timestamp": int(when_of(i, n).timestamp()),
            "data": [{"post": meta_text(text)}], "title": f"{OWNER} updated her status."}


def fb_reaction(i: int, n: int, who: str) -> dict:
    return {"timestamp": int(when_of(i, n).timestamp()),
            "title": meta_text(f"{OWNER} likes {who}'s post."),
            "data": [{"reaction": {"reaction": "LIKE", "actor": OWNER}}]}


def _write_json_array(zf: zipfile.ZipFile, name: str, items: Iterable[dict]) -> None:
    with zf.open(name, "w", force_zip64=True) as out:
        out.write(b"[")
        for k, item in enumerate(items):
            out.write(b",\n" + orjson.dumps(item) if k else orjson.dumps(item))
        out.write(b"]")


def write_facebook(path: Path, posts: Iterator[dict], reactions: Iterator[dict]) -> Path:
    """A Facebook export (2024+ layout) with the given posts and reactions."""
    profile = {"profile_v2": {"name": {"full_name": OWNER, "first_name": "Maria",
                                       "middle_name": "", "last_name": "Rossi"}}}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr(FB_ROOT + "personal_information/profile_information/"
                    "profile_information.json", orjson.dumps(profile))
        _write_json_array(zf, FB_ACT + "posts/your_posts__check_ins__photos_and_videos_1.json",
                          posts)
        _write_json_array(zf, FB_ACT + "comments_and_reactions/likes_and_reactions_1.json",
                          reactions)
    return path
