"""Build Meta-format (Facebook, Instagram, Threads) test exports with Meta's real mojibake.

Meta writes each UTF-8 byte of a non-ASCII character as its own ``\\u00XX`` escape
(formats.md 2.7), so ``"Niccolò"`` is stored as ``"Niccol\\u00c3\\u00b2"``. ``meta_json`` does
exactly that, so fixtures exercise the repair instead of skipping it.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

# fixed member time: archives built twice are byte-identical
ZIP_TIME = (2024, 6, 1, 12, 0, 0)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

# Facebook member paths per layout generation (formats.md 2.2): "old" = <=2020/2021,
# "current" = 2024+. Kinds missing from a layout are absent from its dict.
FB_PATHS: dict[str, dict[str, str]] = {
    "old": {
        "posts": "posts/your_posts_1.json",
        "comments": "comments/comments.json",
        "reactions": "likes_and_reactions/posts_and_comments.json",
        "pages": "likes_and_reactions/pages.json",
        "friends": "friends/friends.json",
        "removed_friends": "friends/removed_friends.json",
        "sent_requests": "friends/sent_friend_requests.json",
        "received_requests": "friends/received_friend_requests.json",
        "following": "following_and_followers/following.json",
        "followers": "following_and_followers/followers.json",
        "groups": "groups/your_group_membership_activity.json",
        "group_posts": "groups/your_posts_and_comments_in_groups.json",
        "search": "search_history/your_search_history.json",
        "profile": "profile_information/profile_information.json",
        "inbox": "messages/inbox",
        "events": "events/your_event_responses.json",
        "albums": "photos_and_videos/album",
    },
    "current": {
        "posts": "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json",
        "other_posts": "your_facebook_activity/posts/posts_on_other_pages_and_profiles.json",
        "albums": "your_facebook_activity/posts/album",
        "comments": "your_facebook_activity/comments_and_reactions/comments.json",
        "reactions": "your_facebook_activity/comments_and_reactions/likes_and_reactions_1.json",
        "reactions_lv": "your_facebook_activity/comments_and_reactions/likes_and_reactions.json",
        "pages": "your_facebook_activity/pages/pages_you've_liked.json",
        "pages_followed": "your_facebook_activity/pages/pages_and_profiles_you_follow.json",
        "friends": "connections/friends/your_friends.json",
        "removed_friends": "connections/friends/removed_friends.json",
        "sent_requests": "connections/friends/sent_friend_requests.json",
        "received_requests": "connections/friends/received_friend_requests.json",
        "following": "connections/followers/who_you've_followed.json",
        "followers": "connections/followers/people_who_followed_you.json",
        "groups": "your_facebook_activity/groups/your_group_membership_activity.json",
        "groups_admin": "your_facebook_activity/groups/your_groups.json",
        "group_posts": "your_facebook_activity/groups/group_posts_and_comments.json",
        "group_comments": "your_facebook_activity/groups/your_comments_in_groups.json",
        "events": "your_facebook_activity/events/your_event_responses.json",
        "search": "logged_information/search/your_search_history.json",
        "profile": "personal_information/profile_information/profile_information.json",
        "inbox": "your_facebook_activity/messages/inbox",
        "archived": "your_facebook_activity/messages/archived_threads",
        "requests": "your_facebook_activity/messages/message_requests",
    },
}


def mangle(text: str) -> str:
    """Text as Meta's JSON escapes spell it: each UTF-8 byte as one ``\\u00XX``."""
    return _NON_ASCII.sub(
        lambda m: "".join(f"\\u00{b:02x}" for b in m.group().encode("utf-8")), text)


def meta_json(obj: object) -> bytes:
    """``obj`` serialized the way Meta does: ASCII only, non-ASCII as per-byte escapes."""
    return mangle(json.dumps(obj, ensure_ascii=False, indent=2)).encode("ascii")


def _as_bytes(content: bytes | str | object) -> bytes:
    if isinstance(content, bytes):
        return content
    if isinstance(content, str):
        return content.encode("utf-8")
    return meta_json(content)


def write_zip(path: Path | str, members: dict[str, bytes | object]) -> Path:
    """Write a zip; bytes are stored as given, str as UTF-8, anything else via ``meta_json``."""
    path = Path(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, _as_bytes(content))
    return path


def write_folder(path: Path | str, members: dict[str, bytes | object]) -> Path:
    """Write the same members as an unpacked export folder."""
    path = Path(path)
    for name, content in members.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_as_bytes(content))
    return path


def fb_path(kind: str, layout: str = "current", root: str = "") -> str:
    """The member path of a Facebook data kind in a layout, under an optional wrapper root."""
    return root + FB_PATHS[layout][kind]


def thread(participants: list[str], messages: list[dict], title: str | None = None,
           thread_path: str = "inbox/thread_1") -> dict:
    """A Meta message_N.json object (formats.md 2.5); ``messages`` newest first."""
    return {"participants": [{"name": p} for p in participants],
            "title": title or participants[0], "is_still_participant": True,
            "thread_path": thread_path, "magic_words": [], "messages": messages}
