"""Where each Instagram / Threads data kind lives, across the export generations (formats.md 3).

One table row per file family: a regex on the member path *relative to the export root*
(anchored at a folder boundary, so a tree nested one level down still matches — formats.md
2.2), the reader that understands its shape, the Activity kind it feeds, the platform, and
the top-level key variants of every generation. The importer walks the members once and
gives each to the first row that matches; members no row claims are media (skipped) or
unrecognized JSON (listed in coverage).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FileSpec:
    pattern: re.Pattern[str]
    reader: str            # name of a reader in importers/instagram.py
    kind: str              # Activity kind (or a coverage label for files not turned into rows)
    keys: tuple[str, ...] = ()
    platform: str = "instagram"
    reason: str = ""       # why a recognized file is skipped


def _p(tail: str) -> re.Pattern[str]:
    """Match ``tail`` at a folder boundary at the end of a relative path."""
    return re.compile(r"(?:^|/)" + tail + r"$")


_SPLIT = r"(?:_\d+)?\.json"  # split files: posts_1.json, followers_2.json (formats.md 0.1)
_MEDIA_DIR = r"(?:media|content)/"  # 2025+ media/ vs 2024-and-older content/ (formats.md 3.2)

SPECS: tuple[FileSpec, ...] = (
    # Threads first: its following.json / followers.json must not fall to Instagram's rows.
    FileSpec(_p(r"threads/threads_and_replies\.json"), "media", "post",
             ("text_post_app_text_posts",), "threads"),
    FileSpec(_p(r"threads/liked_threads\.json"), "likes", "like",
             ("text_post_app_media_likes",), "threads"),
    FileSpec(_p(r"threads/following\.json"), "relations", "follow",
             ("text_post_app_text_post_app_following",), "threads"),
    FileSpec(_p(r"threads/followers\.json"), "relations", "follower",
             ("text_post_app_text_post_app_followers",), "threads"),
    # Own media.
    FileSpec(_p(_MEDIA_DIR + r"posts" + _SPLIT), "media", "post"),
    FileSpec(_p(_MEDIA_DIR + r"stories\.json"), "media", "post", ("ig_stories",)),
    FileSpec(_p(_MEDIA_DIR + r"reels\.json"), "media", "post", ("ig_reels_media",)),
    FileSpec(_p(_MEDIA_DIR + r"igtv_videos\.json"), "media", "post", ("ig_igtv_media",)),
    FileSpec(_p(_MEDIA_DIR + r"archived_posts\.json"), "media", "post",
             ("ig_archived_post_media",)),
    FileSpec(_p(_MEDIA_DIR + r"recently_deleted_content\.json"), "media", "post",
             ("ig_recently_deleted_media",)),
    FileSpec(_p(_MEDIA_DIR + r"profile_photos\.json"), "media", "post", ("ig_profile_picture",)),
    FileSpec(_p(r"reposts\.json"), "reposts", "repost", ("profile_media_reposts",)),
    # Comments: 2023+ post_comments_N.json is a bare list, older files are keyed.
    FileSpec(_p(r"comments/post_comments" + _SPLIT), "comments", "comment",
             ("comments_media_comments",)),
    FileSpec(_p(r"comments/reels_comments\.json"), "comments", "comment",
             ("comments_reels_comments",)),
    # Likes: v0 string_list_data under a key, v1 (2025) bare list of label_values.
    FileSpec(_p(r"likes/liked_posts\.json"), "likes", "like", ("likes_media_likes",)),
    FileSpec(_p(r"likes/liked_comments\.json"), "likes", "like", ("likes_comment_likes",)),
    FileSpec(_p(r"story_(?:interactions|sticker_interactions)/story_likes\.json"), "likes",
             "like", ("story_activities_story_likes",)),
    # Relationships.
    FileSpec(_p(r"followers_and_following/following\.json"), "relations", "follow",
             ("relationships_following",)),
    FileSpec(_p(r"followers_and_following/followers" + _SPLIT), "relations", "follower",
             ("relationships_followers",)),
    FileSpec(_p(r"followers_and_following/close_friends\.json"), "relations", "friend",
             ("relationships_close_friends",)),
    FileSpec(_p(r"followers_and_following/following_hashtags\.json"), "hashtags", "follow",
             ("relationships_following_hashtags",)),
    FileSpec(_p(r"followers_and_following/(?:blocked|restricted)_(?:profiles|accounts)\.json"),
             "skip", "relation", reason="blocked/restricted accounts: not an activity audited"),
    FileSpec(_p(r"followers_and_following/(?:pending_follow_requests|recent_follow_requests|"
                r"recently_unfollowed_(?:profiles|accounts)|removed_suggestions|custom_lists|"
                r"follow_requests_you've_received|follow_requests_you_ve_received)\.json"),
             "skip", "relation",
             reason="requests, unfollows and lists: not a current relation, not audited"),
    # Messages (formats.md 2.5 shape, read by _meta.read_threads).
    FileSpec(_p(r"messages/(?:inbox|message_requests)/[^/]+/message_\d+\.json"), "messages",
             "message"),
    FileSpec(_p(r"messages/secret_conversations\.json"), "skip", "message",
             reason="device metadata only, no messages (end-to-end encrypted chats are not "
                    "in this export)"),
    # Searches.
    FileSpec(_p(r"recent_searches/(?:profile|account)_searches\.json"), "searches", "search",
             ("searches_user",)),
    FileSpec(_p(r"recent_searches/(?:word_or_phrase|keyword)_searches\.json"), "searches",
             "search", ("searches_keyword",)),
    FileSpec(_p(r"recent_searches/(?:tag|hashtag)_searches\.json"), "searches", "search",
             ("searches_hashtag",)),
    # Saved items: private bookmarks; the schema has no kind for them (see the reader).
    FileSpec(_p(r"saved/saved_(?:posts|collections)\.json"), "saved", "saved",
             ("saved_saved_media", "saved_saved_collections")),
    # The profile (account_information/ before 2023, personal_information/ after).
    FileSpec(_p(r"(?:account_information|personal_information)/personal_information\.json"),
             "profile", "profile", ("profile_user",)),
)

# 2018-2019 flat files, at the root next to profile.json (formats.md 3.2).
FLAT_SPECS: tuple[FileSpec, ...] = (
    FileSpec(re.compile(r"^profile\.json$"), "flat_profile", "profile"),
    FileSpec(re.compile(r"^media\.json$"), "flat_media", "post"),
    FileSpec(re.compile(r"^connections\.json$"), "flat_connections", "follow"),
    FileSpec(re.compile(r"^comments\.json$"), "flat_comments", "comment"),
    FileSpec(re.compile(r"^likes\.json$"), "flat_likes", "like"),
    FileSpec(re.compile(r"^searches\.json$"), "flat_searches", "search"),
    FileSpec(re.compile(r"^saved\.json$"), "saved", "saved", ("saved_media",)),
    FileSpec(re.compile(r"^messages\.json$"), "flat_messages", "message"),
)

# Folders that belong to Instagram when its export shares a root with a Facebook one
# (Accounts Center exports of linked profiles, formats.md 0.2).
OWNED_PREFIXES = ("your_instagram_activity/", "connections/followers_and_following/",
                  "personal_information/personal_information/",
                  "logged_information/recent_searches/")
FACEBOOK_MARKERS = ("your_facebook_activity/", "your_activity_across_facebook/",
                    "personal_information/profile_information/")

MEDIA_EXTENSIONS = frozenset({
    "jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "bmp", "mp4", "mov", "m4v", "webm",
    "mp3", "m4a", "aac", "ogg", "opus", "wav", "srt", "vtt"})


def spec_for(rel: str, flat: bool) -> FileSpec | None:
    """The first table row claiming ``rel``, or None."""
    for spec in FLAT_SPECS if flat else SPECS:
        if spec.pattern.search(rel):
            return spec
    return None


def split_order(rel: str) -> tuple[str, int]:
    """Sort key putting ``x_2.json`` after ``x_1.json`` and before ``x_10.json``."""
    m = re.search(r"^(.*?)(?:_(\d+))?\.json$", rel)
    if not m:
        return (rel, 0)
    return (m.group(1), int(m.group(2) or 0))
