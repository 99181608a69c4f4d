"""Build X archives in the real layout for tests, the sample builder and benchmarks.

Everything here writes the formats of formats.md section 1: ``data/*.js`` files holding
``window.YTD.<name>.partN = [ … ]`` with wrapped items (or bare ones, 2018–2020 style),
``data/manifest.js`` as ``window.__THAR_CONFIG = { … }``, ids and counts as strings.

    from xarchive import build_x_archive, tweet, like
    build_x_archive(tmp_path / "x.zip", tweets=[tweet("1790000000000000001",
                    "Tue May 14 09:15:02 +0000 2024", "hello")])

``build_x_archive`` returns zip bytes (no path), writes a zip (path ending ``.zip``), or writes
an unpacked folder (any other path). Zips use fixed member timestamps, so the same inputs give
byte-identical archives.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import orjson

ZIP_TIME = (2024, 6, 1, 12, 0, 0)
_WRAPPERS = {
    "tweets": "tweet", "tweet": "tweet", "deleted-tweets": "tweet", "like": "like",
    "following": "following", "follower": "follower", "direct-messages": "dmConversation",
    "direct-messages-group": "dmConversation", "account": "account", "profile": "profile",
    "note-tweet": "noteTweet", "message-event": "messageEvent", "saved-search": "savedSearch",
    "screen-name-change": "screenNameChange",
}
_DATA_TYPES = {  # file stem -> manifest dataTypes key
    "tweets": "tweets", "tweet": "tweets", "deleted-tweets": "deletedTweets", "like": "like",
    "following": "following", "follower": "follower", "direct-messages": "directMessages",
    "direct-messages-group": "directMessagesGroup", "account": "account",
    "profile": "profile", "note-tweet": "noteTweet", "message-event": "messageEvent",
    "saved-search": "savedSearch", "screen-name-change": "screenNameChange",
}


# ---------------------------------------------------------------- ids and dates


SNOWFLAKE_EPOCH_MS = 1288834974657


def snowflake(when: str, seq: int = 0) -> str:
    """An X id minted at ISO time ``when`` (UTC): ((ms - epoch) << 22) + seq."""
    dt = datetime.fromisoformat(when.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    ms = int(dt.timestamp() * 1000)
    return str(((ms - SNOWFLAKE_EPOCH_MS) << 22) + seq)


def tweet_date(when: str) -> str:
    """``created_at`` text (``Tue May 14 09:15:02 +0000 2024``) for ISO time ``when`` (UTC)."""
    dt = datetime.fromisoformat(when.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).strftime("%a %b %d %H:%M:%S +0000 %Y")


# ---------------------------------------------------------------- record factories


def tweet(id_str: str, created_at: str, text: str, *,
          reply_to: tuple[str, str | None, str | None] | None = None,
          mentions: Iterable[tuple[str, str]] = (),
          urls: Iterable[tuple[str, str]] = (),
          edit_ids: list[str] | None = None, edit_initial: str | None = None,
          lang: str = "en") -> dict:
    """A tweets.js record (unwrapped). ``reply_to`` = (status id, user id, screen name);
    ``mentions`` = (screen_name, id_str); ``urls`` = (t.co url, expanded url);
    ``edit_ids`` = the whole edit chain; ``edit_initial`` = the first id when this is an edit."""
    ents = {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []}
    for sn, uid in mentions:
        at = text.find("@" + sn)
        ents["user_mentions"].append({"name": sn.title(), "screen_name": sn, "id_str": uid,
                                      "id": uid, "indices": [str(at), str(at + len(sn) + 1)]})
    for short, expanded in urls:
        at = text.find(short)
        ents["urls"].append({"url": short, "expanded_url": expanded,
                             "display_url": expanded.split("://", 1)[-1][:26],
                             "indices": [str(at), str(at + len(short))]})
    chain = edit_ids or [id_str]
    ctl = {"editTweetIds": chain, "editableUntil": "2024-01-01T00:00:00.000Z",
           "editsRemaining": "5", "isEditEligible": True}
    edit_info = ({"edit": {"initialTweetId": edit_initial, "editControlInitial": ctl}}
                 if edit_initial else {"initial": ctl})
    rec = {"edit_info": edit_info, "retweeted": False,
           "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
           "entities": ents, "display_text_range": ["0", str(len(text))],
           "favorite_count": "0", "id_str": id_str, "truncated": False, "retweet_count": "0",
           "id": id_str, "created_at": created_at, "favorited": False, "full_text": text,
           "lang": lang}
    if reply_to:
        status, uid, sn = reply_to
        rec["in_reply_to_status_id_str"] = status
        rec["in_reply_to_status_id"] = status
        if uid is not None:
            rec["in_reply_to_user_id_str"] = uid
            rec["in_reply_to_user_id"] = uid
        if sn is not None:
            rec["in_reply_to_screen_name"] = sn
    return rec


def like(tweet_id: str, full_text: str | None = None, expanded_url: str | None = None) -> dict:
    """A like.js record; ``full_text`` None leaves the field out (tweet no longer visible)."""
    rec = {"tweetId": tweet_id,
           "expandedUrl": expanded_url or f"https://twitter.com/i/web/status/{tweet_id}"}
    if full_text is not None:
        rec["fullText"] = full_text
    return rec


def relation(account_id: str, user_link: bool = True) -> dict:
    """A following.js / follower.js record (``user_link=False``: the 2019–2020 shape)."""
    rec = {"accountId": account_id}
    if user_link:
        rec["userLink"] = f"https://twitter.com/intent/user?user_id={account_id}"
    return rec


def message(id_: str, sender: str, created_at: str, text: str, *,
            recipient: str | None = None, urls: Iterable[tuple[str, str]] = ()) -> dict:
    """A ``messageCreate`` event; leave ``recipient`` None for group conversations."""
    mc = {"reactions": [], "urls": [{"url": s, "expanded": e, "display": e.split("://")[-1]}
                                    for s, e in urls],
          "text": text, "mediaUrls": [], "senderId": sender, "id": id_, "createdAt": created_at}
    if recipient is not None:
        mc["recipientId"] = recipient
    return {"messageCreate": mc}


def group_event(kind: str, created_at: str, **fields: object) -> dict:
    """A non-message group event: joinConversation, participantsJoin, participantsLeave,
    conversationNameUpdate (pass ``name=``)."""
    return {kind: {"createdAt": created_at, **fields}}


def conversation(conversation_id: str, events: list[dict]) -> dict:
    """A direct-messages(-group).js record."""
    return {"conversationId": conversation_id, "messages": events}


def message_event(message_id: str, sender: str, conversation_id: str, created_ms: int,
                  detail: str = "messageCreateEvent") -> dict:
    """An encrypted message-event.js record (2025+): the content is opaque ciphertext."""
    body = {"messageCreateEvent": {"contents": "A3YjHrEYYlKjQaQ47MqBVmFupkzTu7zn",
                                   "shouldNotify": True, "conversationKeyVersion": "1"},
            "markConversationReadEvent": {"seenUntilSequenceId": "1", "seenAtMillis": "1"},
            "conversationKeyChangeEvent": {"conversationKeyVersion": "1",
                                           "conversationParticipantKeys": []}}[detail]
    return {"messageEventSignature": {"signature": "c2ln", "publicKeyVersion": "1"},
            "createdAtMsec": str(created_ms), "senderId": sender,
            "conversationId": conversation_id, "messageId": message_id,
            "detail": {detail: body}, "sequenceId": str(created_ms * 1000)}


def note_tweet(note_id: str, created_at: str, text: str,
               mentions: Iterable[str] = ()) -> dict:
    """A note-tweet.js record (long post, no tweet id)."""
    return {"noteTweetId": note_id, "updatedAt": created_at, "createdAt": created_at,
            "lifecycle": {"value": "1", "name": "Published"},
            "core": {"styletags": [], "urls": [], "text": text, "cashtags": [],
                     "hashtags": [], "mentions": [{"screenName": m} for m in mentions]}}


def saved_search(search_id: str, query: str) -> dict:
    return {"savedSearchId": search_id, "query": query}


def account(account_id: str, username: str, display_name: str = "",
            created_at: str = "2012-04-02T10:00:00.000Z") -> dict:
    return {"email": f"{username}@example.org", "createdVia": "web", "username": username,
            "accountId": account_id, "createdAt": created_at,
            "accountDisplayName": display_name or username}


DEFAULT_ACCOUNT = account("4400000001", "mariarossi_nyc", "Maria Rossi")


def profile(bio: str = "", location: str = "") -> dict:
    return {"description": {"bio": bio, "website": "", "location": location},
            "avatarMediaUrl": "https://pbs.twimg.com/profile_images/1/a.jpg"}


# ---------------------------------------------------------------- files


def ytd(stem: str, part: int, items: list, *, wrapped: bool = True) -> bytes:
    """One data file: the ``window.YTD`` envelope around (wrapped) items."""
    wrapper = _WRAPPERS.get(stem)
    body = [{wrapper: it} if wrapped and wrapper else it for it in items]
    head = f"window.YTD.{stem.replace('-', '_')}.part{part} = "
    if not body:
        return (head + "[ ]").encode()  # quirk kept: empty files are one line
    return head.encode() + orjson.dumps(body, option=orjson.OPT_INDENT_2)


def manifest(account_id: str, username: str, generated: str | None,
             files: dict[str, list[tuple[str, int]]]) -> bytes:
    """``data/manifest.js``; ``files`` maps stem -> [(file name, count)]."""
    types: dict[str, dict] = {}
    for stem, listed in files.items():
        key = _DATA_TYPES.get(stem, stem)
        spec = types.setdefault(key, {"files": []})
        if key == "tweets":
            spec["mediaDirectory"] = "data/tweets_media"
        for i, (name, count) in enumerate(listed):
            spec["files"].append({"fileName": name,
                                  "globalName": f"YTD.{stem.replace('-', '_')}.part{i}",
                                  "count": str(count)})
    cfg = {"userInfo": {"accountId": account_id, "userName": username,
                        "displayName": username},
           "archiveInfo": {"sizeBytes": "1048576", "generationDate": generated,
                           "isPartialArchive": False, "maxPartSizeBytes": "53687091200"},
           "readmeInfo": {"fileName": "data/README.txt", "directory": "data/",
                          "name": "README.txt"},
           "dataTypes": types}
    return b"window.__THAR_CONFIG = " + orjson.dumps(cfg, option=orjson.OPT_INDENT_2)


def x_members(*, tweets: list[dict] = (), likes: list[dict] = (),
              following: list[dict] = (), followers: list[dict] = (),
              dms: list[dict] = (), group_dms: list[dict] = (),
              account: dict | None = None, generated: str | None = "2024-06-01T12:00:00.000Z",
              profile: dict | None = None, notes: list[dict] = (),
              deleted_tweets: list[dict] = (), message_events: list[dict] = (),
              saved_searches: list[dict] = (), extra_members: dict[str, bytes | str] | None = None,
              split_tweets: int = 1, split_likes: int = 1, tweets_stem: str = "tweets",
              wrapped: bool = True, layout: str = "current", root: str = "",
              with_manifest: bool = True, viewer: bool = True) -> dict[str, bytes]:
    """Member name -> bytes of an X archive. ``layout="v1"`` writes the 2018–2020 shape
    (``*.js`` at the root, no manifest, no viewer); ``split_tweets=N`` spreads tweets over
    ``tweets.js``, ``tweets-part1.js`` … ``-part(N-1)``; ``extra_members`` are added verbatim
    (relative to the root, e.g. a truncated file or media)."""
    v1 = layout == "v1"
    data = "" if v1 else "data/"
    files: dict[str, list[tuple[str, int]]] = {}
    out: dict[str, bytes] = {}

    def add(stem: str, items: list, parts: int = 1, always: bool = False) -> None:
        if not items and not always:
            return
        size = max(1, -(-len(items) // max(parts, 1)))
        chunks = [items[i:i + size] for i in range(0, len(items), size)] or [[]]
        for n, chunk in enumerate(chunks):
            name = f"{data}{stem}.js" if n == 0 else f"{data}{stem}-part{n}.js"
            out[name] = ytd(stem, n, list(chunk), wrapped=wrapped)
            files.setdefault(stem, []).append((name, len(chunk)))

    acct = account or DEFAULT_ACCOUNT
    add("account", [acct], always=True)
    if profile is not None:
        add("profile", [profile])
    add(tweets_stem, list(tweets), split_tweets, always=True)
    add("deleted-tweets", list(deleted_tweets))
    add("note-tweet", list(notes))
    add("like", list(likes), split_likes)
    add("following", list(following))
    add("follower", list(followers))
    add("direct-messages", list(dms))
    add("direct-messages-group", list(group_dms))
    add("message-event", list(message_events))
    add("saved-search", list(saved_searches))
    if with_manifest and not v1:
        out = {f"{data}manifest.js": manifest(acct["accountId"], acct["username"],
                                              generated, files), **out}
    if viewer and not v1:
        out["Your archive.html"] = b"<!DOCTYPE html><html><body>Your archive</body></html>"
    for name, content in (extra_members or {}).items():
        out[name] = content.encode() if isinstance(content, str) else content
    return {root + name: content for name, content in out.items()}


def write_zip(members: dict[str, bytes], path: Path | None = None) -> bytes:
    """Zip the members with fixed timestamps and modes (byte-identical rebuilds)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in members.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            zf.writestr(info, content)
    raw = buf.getvalue()
    if path is not None:
        Path(path).write_bytes(raw)
    return raw


def write_folder(members: dict[str, bytes], path: Path) -> Path:
    """Write the members as an unpacked export under ``path``."""
    for name, content in members.items():
        target = Path(path) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return Path(path)


def build_x_archive(path: Path | str | None = None, **kwargs) -> bytes | Path:
    """Build an X archive (see ``x_members`` for the keywords): zip bytes when ``path`` is
    None, a zip file when it ends in ``.zip``, else an unpacked folder."""
    members = x_members(**kwargs)
    if path is None:
        return write_zip(members)
    path = Path(path)
    if path.suffix == ".zip":
        write_zip(members, path)
        return path
    return write_folder(members, path)
