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

from presence_audit.importers._toolkit import Route


def _spec(pattern: re.Pattern[str], reader: str, kind: str, keys: tuple[str, ...] = (),
          platform: str = "instagram", reason: str = "") -> Route:
    """A route read by the reader named ``reader`` in importers/instagram.py."""
    return Route(pattern, reader, kind, keys, platform, reason)


def _p(tail: str) -> re.Pattern[str]:
    """Match ``tail`` at a folder boundary at the end of a relative path."""
    return re.compile(r"(?:^|/)" + tail + r"$")


_SPLIT = r"(?:_\d+)?\.json"  # split files: posts_1.json, followers_2.json (formats.md 0.1)
_MEDIA_DIR = r"(?:media|content)/"  # 2025+ media/ vs 2024-and-older content/ (formats.md 3.2)

SPECS: tuple[Route, ...] = (
    # Threads first: its following.json / followers.json must not fall to Instagram's rows.
    _spec(_p(r"threads/threads_and_replies\.json"), "media", "post",
             ("text_post_app_text_posts",), "threads"),
    _spec(_p(r"threads/liked_threads\.json"), "likes", "like",
             ("text_post_app_media_likes",), "threads"),
    _spec(_p(r"threads/following\.json"), "relations", "follow",
             ("text_post_app_text_post_app_following",), "threads"),
    _spec(_p(r"threads/followers\.json"), "relations", "follower",
             ("text_post_app_text_post_app_followers",), "threads"),
    # Own media.
    _spec(_p(_MEDIA_DIR + r"posts" + _SPLIT), "media", "post"),
    _spec(_p(_MEDIA_DIR + r"stories\.json"), "media", "post", ("ig_stories",)),
    _spec(_p(_MEDIA_DIR + r"reels\.json"), "media", "post", ("ig_reels_media",)),
    _spec(_p(_MEDIA_DIR + r"igtv_videos\.json"), "media", "post", ("ig_igtv_media",)),
    _spec(_p(_MEDIA_DIR + r"archived_posts\.json"), "media", "post",
             ("ig_archived_post_media",)),
    _spec(_p(_MEDIA_DIR + r"recently_deleted_content\.json"), "media", "post",
             ("ig_recently_deleted_media",)),
    _spec(_p(_MEDIA_DIR + r"profile_photos\.json"), "media", "post", ("ig_profile_picture",)),
    _spec(_p(r"reposts\.json"), "reposts", "repost", ("profile_media_reposts",)),
    # Comments: 2023+ post_comments_N.json is a bare list, older files are keyed.
    _spec(_p(r"comments/post_comments" + _SPLIT), "comments", "comment",
             ("comments_media_comments",)),
    _spec(_p(r"comments/reels_comments\.json"), "comments", "comment",
             ("comments_reels_comments",)),
    # Likes: v0 string_list_data under a key, v1 (2025) bare list of label_values.
    _spec(_p(r"likes/liked_posts\.json"), "likes", "like", ("likes_media_likes",)),
    _spec(_p(r"likes/liked_comments\.json"), "likes", "like", ("likes_comment_likes",)),
    _spec(_p(r"story_(?:interactions|sticker_interactions)/story_likes\.json"), "likes",
             "like", ("story_activities_story_likes",)),
    # Relationships.
    _spec(_p(r"followers_and_following/following\.json"), "relations", "follow",
             ("relationships_following",)),
    _spec(_p(r"followers_and_following/followers" + _SPLIT), "relations", "follower",
             ("relationships_followers",)),
    _spec(_p(r"followers_and_following/close_friends\.json"), "relations", "friend",
             ("relationships_close_friends",)),
    _spec(_p(r"followers_and_following/following_hashtags\.json"), "hashtags", "follow",
             ("relationships_following_hashtags",)),
    _spec(_p(r"followers_and_following/(?:blocked|restricted)_(?:profiles|accounts)\.json"),
             "skip", "relation", reason="blocked/restricted accounts: not an activity audited"),
    _spec(_p(r"followers_and_following/(?:pending_follow_requests|recent_follow_requests|"
                r"recently_unfollowed_(?:profiles|accounts)|removed_suggestions|custom_lists|"
                r"follow_requests_you've_received|follow_requests_you_ve_received)\.json"),
             "skip", "relation",
             reason="requests, unfollows and lists: not a current relation, not audited"),
    # Messages (formats.md 2.5 shape, read by _meta.read_threads).
    _spec(_p(r"messages/(?:inbox|message_requests)/[^/]+/message_\d+\.json"), "messages",
             "message"),
    _spec(_p(r"messages/secret_conversations\.json"), "skip", "message",
             reason="device metadata only, no messages (end-to-end encrypted chats are not "
                    "in this export)"),
    # Searches.
    _spec(_p(r"recent_searches/(?:profile|account)_searches\.json"), "searches", "search",
             ("searches_user",)),
    _spec(_p(r"recent_searches/(?:word_or_phrase|keyword)_searches\.json"), "searches",
             "search", ("searches_keyword",)),
    _spec(_p(r"recent_searches/(?:tag|hashtag)_searches\.json"), "searches", "search",
             ("searches_hashtag",)),
    # Saved items: private bookmarks; the schema has no kind for them (see the reader).
    _spec(_p(r"saved/saved_(?:posts|collections)\.json"), "saved", "saved",
             ("saved_saved_media", "saved_saved_collections")),
    # The profile (account_information/ before 2023, personal_information/ after).
    _spec(_p(r"(?:account_information|personal_information)/personal_information\.json"),
             "profile", "profile", ("profile_user",)),
)

# 2018-2019 flat files, at the root next to profile.json (formats.md 3.2).
FLAT_SPECS: tuple[Route, ...] = (
    _spec(re.compile(r"^profile\.json$"), "flat_profile", "profile"),
    _spec(re.compile(r"^media\.json$"), "flat_media", "post"),
    _spec(re.compile(r"^connections\.json$"), "flat_connections", "follow"),
    _spec(re.compile(r"^comments\.json$"), "flat_comments", "comment"),
    _spec(re.compile(r"^likes\.json$"), "flat_likes", "like"),
    _spec(re.compile(r"^searches\.json$"), "flat_searches", "search"),
    _spec(re.compile(r"^saved\.json$"), "saved", "saved", ("saved_media",)),
    _spec(re.compile(r"^messages\.json$"), "flat_messages", "message"),
)

# Folders that belong to Instagram when its export shares a root with a Facebook one
# (Accounts Center exports of linked profiles, formats.md 0.2).
OWNED_PREFIXES = ("your_instagram_activity/", "connections/followers_and_following/",
                  "personal_information/personal_information/",
                  "logged_information/recent_searches/")
FACEBOOK_MARKERS = ("your_facebook_activity/", "your_activity_across_facebook/",
                    "personal_information/profile_information/")


def split_order(rel: str) -> tuple[str, int]:
    """Sort key putting ``x_2.json`` after ``x_1.json`` and before ``x_10.json``."""
    m = re.search(r"^(.*?)(?:_(\d+))?\.json$", rel)
    if not m:
        return (rel, 0)
    return (m.group(1), int(m.group(2) or 0))
