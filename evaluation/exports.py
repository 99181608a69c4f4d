"""Real export archives (X, Facebook, Instagram) built from evaluation items.

Each item becomes one record in the layout of formats.md, written with the same helpers the
tests and the sample builders use (tests/xarchive.py, tests/metaarchive.py), so the harness
measures the importers and the rules together, exactly as a user's scan would run them.
Every built record carries a ``key`` that the importer's row can be matched back by: the
record's second (unique per profile and platform) or, for X follows that have no time, the
account id.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import metaarchive  # the builders live with the tests
import xarchive

SUPPORTED = {
    "x": {"post", "reply", "like", "follow", "follower", "message"},
    "facebook": {"post", "comment", "like", "friend", "follow", "follower", "page_like",
                 "group", "message", "search"},
    "instagram": {"post", "comment", "like", "follow", "follower", "message"},
}
FB_ACT = "your_facebook_activity/"
IG_ACT = "your_instagram_activity/"
IG_REL = "connections/followers_and_following/"


class ItemError(ValueError):
    """An item the harness cannot turn into a record (named by its id)."""


@dataclass
class Built:
    """The archives of one profile and, per item id, the key its activity row will carry."""

    paths: list[Path] = field(default_factory=list)
    keys: dict[str, tuple] = field(default_factory=dict)


@dataclass
class Owner:
    """The subject as the exports name them."""

    name: str
    handles: dict[str, str]
    # X handle (lower-case, no '@') -> the account id the profile lists for it (people.csv
    # ``x:@name#ID``); an X export keys follows and DMs by account id only, so an invented id
    # would leave the tool nothing to match the profile's people by.
    x_ids: dict[str, str] = field(default_factory=dict)

    def handle(self, platform: str) -> tuple[str, str]:
        """(handle, account id) of the subject's own account on ``platform``."""
        raw = self.handles.get(platform, "") or _slug(self.name)
        handle, _, account_id = raw.lstrip("@").partition("#")
        return handle or _slug(self.name), account_id or self.x_id(handle)

    def x_id(self, handle: str) -> str:
        """The X account id of ``handle``: the profile's, else a stable invented one."""
        return self.x_ids.get(handle.lower()) or account_id_of(handle)


def account_id_of(handle: str) -> str:
    """A stable invented X account id for a handle neither the item nor the profile ids."""
    digest = int(hashlib.sha256(handle.lower().encode()).hexdigest(), 16)
    return str(1_700_000_000 + digest % 100_000_000)


def split_handle(counterpart_id: str | None) -> tuple[str | None, str | None]:
    """``@handle#id`` (either part optional) as (handle, id)."""
    if not counterpart_id:
        return None, None
    handle, _, account_id = counterpart_id.strip().lstrip("@").partition("#")
    return handle or None, account_id or None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower()) or "someone"


def _seconds(when: datetime) -> int:
    return int(when.timestamp())


def assign_times(items: list[dict]) -> dict[str, datetime]:
    """Each item's time, moved on by whole seconds where two items of a platform share one."""
    taken: set[tuple[str, int]] = set()
    times: dict[str, datetime] = {}
    fallback = datetime(2024, 6, 1, tzinfo=UTC)
    for item in items:
        raw = item.get("timestamp")
        when = (datetime.fromisoformat(raw.replace("Z", "+00:00")) if raw
                else fallback).astimezone(UTC).replace(microsecond=0)
        while (item["platform"], _seconds(when)) in taken:
            when += timedelta(seconds=1)
        taken.add((item["platform"], _seconds(when)))
        times[item["id"]] = when
    return times


def check(item: dict) -> None:
    """Refuse items the builders cannot express, with one clear line."""
    kinds = SUPPORTED.get(item.get("platform", ""))
    if kinds is None:
        raise ItemError(f"{item.get('id')}: platform {item.get('platform')!r} is not one of "
                        f"{', '.join(SUPPORTED)}")
    if item.get("kind") not in kinds:
        raise ItemError(f"{item['id']}: kind {item.get('kind')!r} is not built for "
                        f"{item['platform']} (one of {', '.join(sorted(kinds))})")


def build_profile(items: list[dict], owner: Owner, out_dir: Path) -> Built:
    """Write one archive per platform the items use; return the paths and the match keys."""
    for item in items:
        check(item)
    times = assign_times(items)
    built = Built()
    by_platform: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        by_platform[item["platform"]].append(item)
    writers = {"x": _x_archive, "facebook": _facebook_archive, "instagram": _instagram_archive}
    for platform, group in by_platform.items():
        path = writers[platform](group, times, owner, out_dir, built.keys)
        built.paths.append(path)
    return built


# ------------------------------------------------------------------------------------- X


def _x_archive(items: list[dict], times: dict[str, datetime], owner: Owner, out_dir: Path,
               keys: dict[str, tuple]) -> Path:
    own_handle, own_id = owner.handle("x")
    tweets, likes, following, followers = [], [], [], []
    conversations: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        when = times[item["id"]]
        iso = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        handle, account_id = split_handle(item.get("counterpart_id"))
        account_id = account_id or (owner.x_id(handle) if handle else None)
        kind = item["kind"]
        keys[item["id"]] = ("x", "time", _seconds(when))
        if kind in ("post", "reply"):
            tweets.append(_tweet(item, iso, handle, account_id, owner))
        elif kind == "like":
            tid = xarchive.snowflake(iso)
            url = f"https://twitter.com/{handle}/status/{tid}" if handle else None
            likes.append(xarchive.like(tid, item.get("text") or None, url))
        elif kind in ("follow", "follower"):
            if not account_id:
                raise ItemError(f"{item['id']}: an X {kind} needs counterpart_id")
            (following if kind == "follow" else followers).append(xarchive.relation(account_id))
            keys[item["id"]] = ("x", kind, account_id)
        else:  # message
            if not account_id:
                raise ItemError(f"{item['id']}: an X message needs counterpart_id")
            pair = "-".join(sorted((own_id, account_id), key=int))
            conversations[pair].append(xarchive.message(
                xarchive.snowflake(iso), own_id, when.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                item.get("text") or "", recipient=account_id))
    dms = [xarchive.conversation(cid, events) for cid, events in conversations.items()]
    path = out_dir / "x-archive.zip"
    xarchive.build_x_archive(
        path, tweets=tweets, likes=likes, following=following, followers=followers, dms=dms,
        account=xarchive.account(own_id, own_handle, owner.name))
    return path


def _tweet(item: dict, iso: str, handle: str | None, account_id: str | None, owner: Owner
           ) -> dict:
    text = item.get("text") or ""
    mentioned = [m.lower() for m in item.get("mentions") or []]
    mentions = [(m, account_id if handle and m == handle.lower() else owner.x_id(m))
                for m in mentioned if f"@{m}" in text.lower()]
    mentions = [(_as_written(text, m), uid) for m, uid in mentions]
    reply_to = None
    if item["kind"] == "reply":
        parent = str(int(xarchive.snowflake(iso)) - (60_000 << 22))  # a minute earlier
        reply_to = (parent, account_id, handle)
    return xarchive.tweet(xarchive.snowflake(iso), xarchive.tweet_date(iso), text,
                          reply_to=reply_to, mentions=mentions)


def _as_written(text: str, handle: str) -> str:
    """The mention as the text spells it (entities keep the author's case)."""
    at = text.lower().find("@" + handle)
    return text[at + 1:at + 1 + len(handle)]


# ------------------------------------------------------------------------------ Facebook


def _facebook_archive(items: list[dict], times: dict[str, datetime], owner: Owner,
                      out_dir: Path, keys: dict[str, tuple]) -> Path:
    me = owner.handles.get("facebook") or owner.name
    lists: dict[str, list] = defaultdict(list)
    threads: dict[tuple[str, tuple[str, ...]], list[dict]] = defaultdict(list)
    for item in items:
        when = times[item["id"]]
        ts, cp, text = _seconds(when), item.get("counterpart") or "", item.get("text") or ""
        keys[item["id"]] = ("facebook", "time", ts)
        kind = item["kind"]
        if kind == "post":
            lists["posts"].append({"timestamp": ts, "title": f"{me} updated their status.",
                                   "data": [{"post": text}]})
        elif kind == "comment":
            whose = f"{cp}'s post" if cp else "a post"
            lists["comments"].append({"timestamp": ts, "title": f"{me} commented on {whose}.",
                                      "data": [{"comment": {"timestamp": ts, "comment": text,
                                                            "author": me}}]})
        elif kind == "like":
            whose = f"{cp}'s post" if cp else "a post"
            lists["reactions"].append({"timestamp": ts, "title": f"{me} likes {whose}.",
                                       "data": [{"reaction": {"reaction": "LIKE",
                                                              "actor": me}}]})
        elif kind == "page_like":
            lists["pages"].append({"name": cp, "timestamp": ts,
                                   "url": f"https://www.facebook.com/{_slug(cp)}"})
        elif kind == "group":
            lists["groups"].append({"timestamp": ts, "title": f"{me} became a member of {cp}.",
                                    "data": [{"name": cp}]})
        elif kind == "search":
            lists["search"].append({"timestamp": ts, "title": "You searched on Facebook",
                                    "data": [{"text": text}]})
        elif kind == "message":
            threads[(cp, _others(item, cp))].append({"sender_name": me, "timestamp_ms": ts * 1000,
                                "content": text, "is_geoblocked_for_viewer": False})
        else:  # friend, follow, follower
            lists[kind].append({"name": cp, "timestamp": ts})
    members: dict[str, object] = {
        "personal_information/profile_information/profile_information.json": {"profile_v2": {
            "name": {"full_name": me}}},
        FB_ACT + "posts/your_posts__check_ins__photos_and_videos_1.json": lists["posts"],
        FB_ACT + "comments_and_reactions/comments.json": {"comments_v2": lists["comments"]},
        FB_ACT + "comments_and_reactions/likes_and_reactions_1.json": lists["reactions"],
        FB_ACT + "pages/pages_you've_liked.json": {"page_likes_v2": lists["pages"]},
        FB_ACT + "groups/your_group_membership_activity.json": {
            "groups_joined_v2": lists["groups"]},
        "logged_information/search/your_search_history.json": {"searches_v2": lists["search"]},
        "connections/friends/your_friends.json": {"friends_v2": lists["friend"]},
        "connections/followers/who_you've_followed.json": {"following_v3": lists["follow"]},
        "connections/followers/people_who_followed_you.json": {
            "followers_v2": lists["follower"]},
    }
    for n, ((cp, others), messages) in enumerate(sorted(threads.items()), start=1):
        folder = f"inbox/{_slug(cp or '_'.join(others))}_{10230000000000000 + n}"
        messages.sort(key=lambda m: -m["timestamp_ms"])  # newest first, as Meta writes them
        members[f"{FB_ACT}messages/{folder}/message_1.json"] = metaarchive.thread(
            [*others, me], messages, title=cp, thread_path=folder)
    root = f"facebook-{_slug(me)}-2024-12-01-Ev12Al34/"
    path = out_dir / "facebook-archive.zip"
    return metaarchive.write_zip(path, {root + k: v for k, v in members.items()})


def _others(item: dict, counterpart: str) -> tuple[str, ...]:
    """The thread's other participants: the item's ``participants`` (a group chat, whose
    title is the ``counterpart``, empty when the chat has none) or just the counterpart."""
    listed = item.get("participants")
    return tuple(listed) if listed else (counterpart,)


# ----------------------------------------------------------------------------- Instagram


def _instagram_archive(items: list[dict], times: dict[str, datetime], owner: Owner,
                       out_dir: Path, keys: dict[str, tuple]) -> Path:
    username, _ = owner.handle("instagram")
    lists: dict[str, list] = defaultdict(list)
    threads: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for n, item in enumerate(items):
        when = times[item["id"]]
        ts, text = _seconds(when), item.get("text") or ""
        handle, _ = split_handle(item.get("counterpart_id"))
        name = item.get("counterpart") or handle or ""
        handle = handle or _slug(name)
        keys[item["id"]] = ("instagram", "time", ts)
        kind = item["kind"]
        if kind == "post":
            lists["posts"].append({"media": [{
                "uri": f"media/posts/{when:%Y%m}/{18000000000000000 + n}.jpg",
                "creation_timestamp": ts, "title": text}]})
        elif kind == "comment":
            lists["comments"].append({"media_list_data": [{"uri": ""}], "string_map_data": {
                "Comment": {"value": text}, "Media Owner": {"value": handle},
                "Time": {"timestamp": ts}}})
        elif kind == "like":
            url = f"https://www.instagram.com/p/Ev{n:08d}/"
            lists["likes"].append({"timestamp": ts, "media": [], "fbid": str(17900000000 + n),
                                   "label_values": [
                                       {"label": "URL", "value": url, "href": url},
                                       {"title": "Owner", "dict": [{"title": "", "dict": [
                                           {"label": "URL", "value": ""},
                                           {"label": "Name", "value": name},
                                           {"label": "Username", "value": handle}]}]}]})
        elif kind == "follow":
            lists["follow"].append({"title": handle, "media_list_data": [], "string_list_data": [
                {"href": f"https://www.instagram.com/_u/{handle}", "timestamp": ts}]})
        elif kind == "follower":
            lists["follower"].append({"title": "", "media_list_data": [], "string_list_data": [
                {"href": f"https://www.instagram.com/{handle}", "value": handle,
                 "timestamp": ts}]})
        else:  # message
            threads[(handle, name)].append({"sender_name": owner.name,
                                            "timestamp_ms": ts * 1000, "content": text,
                                            "is_geoblocked_for_viewer": False})
    members: dict[str, object] = {
        "personal_information/personal_information/personal_information.json": {
            "profile_user": [{"title": "User information", "media_map_data": {},
                              "string_map_data": {
                                  "Username": {"href": "", "value": username, "timestamp": 0},
                                  "Name": {"href": "", "value": owner.name, "timestamp": 0}}}]},
        IG_ACT + "media/posts_1.json": lists["posts"],
        IG_ACT + "comments/post_comments_1.json": lists["comments"],
        IG_ACT + "likes/liked_posts.json": lists["likes"],
        IG_REL + "following.json": {"relationships_following": lists["follow"]},
        IG_REL + "followers_1.json": lists["follower"],
    }
    for n, ((handle, name), messages) in enumerate(sorted(threads.items()), start=1):
        folder = f"inbox/{handle.replace('.', '')}_{17841400000000000 + n}"
        messages.sort(key=lambda m: -m["timestamp_ms"])
        members[f"{IG_ACT}messages/{folder}/message_1.json"] = {
            "participants": [{"name": name}, {"name": owner.name}], "messages": messages,
            "title": name, "is_still_participant": True, "thread_path": folder,
            "magic_words": []}
    root = f"instagram-{username}-2024-12-01-Ev34Al56/"
    path = out_dir / "instagram-archive.zip"
    return metaarchive.write_zip(path, {root + k: v for k, v in members.items()})
