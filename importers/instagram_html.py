"""Instagram importer for the HTML download (platform ``instagram``): the pages read as records.

How a user gets it: Accounts Center → Your information and permissions → Export your
information → the Instagram profile, all time, format **HTML** (JSON is better: see the
README). The zip ``instagram-<user>-<YYYY-MM-DD>-<random>.zip`` holds the JSON export's folders
with ``.html`` pages: ``your_instagram_activity/media/posts_1.html`` (``content/`` before 2025),
``comments/post_comments_1.html``, ``likes/liked_posts.html``,
``connections/followers_and_following/following.html`` and ``followers_1.html``,
``logged_information/recent_searches/*.html``, ``messages/inbox/<thread>/message_1.html`` and
``personal_information/personal_information/personal_information.html``.

Blocks come from ``_meta_html``; Instagram puts a comment's text, owner and time, a search's
words and the profile's facts in label/value tables (labels localized, mapped to English by
``_meta.canonical_label``), and a followed account as a link with the date below it. Threads
pages and saved items are listed in coverage, not read.
"""

from __future__ import annotations

import re

import pandas as pd

from presence_audit.importers import ExportPart, ImportContext, ImportResult, register
from presence_audit.importers._instagram_paths import FACEBOOK_MARKERS, OWNED_PREFIXES
from presence_audit.importers._meta_html import (
    Block,
    HtmlExport,
    HtmlMember,
    HtmlReader,
    frame,
    html_roots,
    read_thread,
    zone_of,
)
from presence_audit.importers._toolkit import Route, RouteTable
from presence_audit.importers.instagram import (
    find_roots,
    mentions,
    name_info,
    shortcode,
    username_from_href,
)

PLATFORM = "instagram"
_SPLIT = r"(?:_\d+)?\.html?"
_MEDIA_DIR = r"(?:media|content)/"


def _p(tail: str) -> re.Pattern[str]:
    return re.compile(r"(?:^|/)" + tail + r"$", re.IGNORECASE)


# --- readers: blocks -> rows ---------------------------------------------------------------

def read_media(blocks: list[Block], m: HtmlMember) -> None:
    """Posts, stories, reels: the caption is the block's header (or its body text)."""
    for b in blocks:
        text = b.title or b.text
        if not text and not b.date:
            m.bad += 1
            continue
        m.record(b, "post", text=text)


def read_comments(blocks: list[Block], m: HtmlMember) -> None:
    """Comments: ``Comment``, ``Media Owner`` and ``Time`` fields (localized labels)."""
    for b in blocks:
        text = b.field("Comment") or b.text
        owner = b.field("Media Owner")
        if not text and not owner:
            m.bad += 1
            continue
        url = b.field("Comment.href", "Media Owner.href")
        m.record(b, "comment", text=text, counterpart=owner, url=url)


def read_likes(blocks: list[Block], m: HtmlMember) -> None:
    """Liked posts, comments, stories: the owner is the header (≤2024) or the Owner box's
    Username (2025), the post's link the first link; a post's shortcode keys the record."""
    tag = m.rel.rsplit("/", 1)[-1].split(".")[0]
    for b in blocks:
        href = b.field("URL.href", "URL") or next((h for _, h in b.links), "")
        owner = b.field("Username") or b.title or username_from_href(href)
        if not (owner or href):
            m.bad += 1
            continue
        code = shortcode(href)
        rid = f"{tag}:{code}" if code and not tag.startswith("liked_comments") else ""
        m.record(b, "like", counterpart=owner, url=href, record_id=rid)


def relations(kind: str) -> HtmlReader:
    """Following, followers, close friends: a link to the account, the date under it."""
    def read(blocks: list[Block], m: HtmlMember) -> None:
        for b in blocks:
            text, href = next(iter(b.links), ("", ""))
            name = b.title or text or username_from_href(href)
            name = name if name and " " not in name else username_from_href(href) or name
            if not name:
                m.bad += 1
                continue
            # the JSON reader's id: an account followed is one record whatever the format
            m.record(b, kind, counterpart=name, url=href, record_id=f"{kind}:{name.lower()}")
    return read


def read_searches(blocks: list[Block], m: HtmlMember) -> None:
    """Searched words, tags and accounts: the ``Search`` field, else the header or a link."""
    profile = "profile_searches" in m.rel or "account_searches" in m.rel
    for b in blocks:
        href = next((h for _, h in b.links), "")
        query = b.field("Search") or b.title or (b.lines[0] if b.lines else "")
        if profile:
            query = query or username_from_href(href)
        if not query:
            m.bad += 1
            continue
        m.record(b, "search", text=query, counterpart=query if profile else "", url=href)


_BIO_LABELS = ("Biografia", "Biographie", "Biografía", "Biografie")


def read_profile(blocks: list[Block], m: HtmlMember) -> None:
    """The own username (the account column) and the account facts, from the fields."""
    fields: dict[str, str] = {}
    for b in blocks:
        for key, value in b.fields.items():
            fields.setdefault(key, value)
    user = fields.get("Username", "")
    if not user:
        m.bad += 1
        return
    m.result["owner"] = user
    for label in _BIO_LABELS:  # the bio's label is not among _meta's canonical ones
        fields.setdefault("Bio", fields.get(label, ""))
    facts = [f"{k.lower()}: {v}" for k in ("Name", "Username", "Bio", "Website",
                                            "Private Account") if (v := fields.get(k))]
    m.record(blocks[0], "profile", text="; ".join(facts), record_id=f"profile:{user.lower()}")


READERS = {
    "media": read_media, "comments": read_comments, "likes": read_likes,
    "following": relations("follow"), "followers": relations("follower"),
    "close_friends": relations("friend"), "searches": read_searches,
    "messages": read_thread, "profile": read_profile,
}

ROUTES = RouteTable((
    Route(_p(r"threads/[^/]+\.html?"), "unread", "post",
          reason="Threads pages of an HTML download are not read (request JSON)"),
    Route(_p(_MEDIA_DIR + r"(?:posts|stories|reels|igtv_videos|archived_posts)"
             + _SPLIT), "media", "post"),
    Route(_p(r"comments/(?:post_comments|reels_comments)" + _SPLIT), "comments", "comment"),
    Route(_p(r"likes/liked_(?:posts|comments)" + _SPLIT), "likes", "like"),
    Route(_p(r"story_(?:interactions|sticker_interactions)/story_likes" + _SPLIT), "likes",
          "like"),
    Route(_p(r"followers_and_following/following" + _SPLIT), "following", "follow"),
    Route(_p(r"followers_and_following/followers" + _SPLIT), "followers", "follower"),
    Route(_p(r"followers_and_following/close_friends" + _SPLIT), "close_friends", "friend"),
    Route(_p(r"recent_searches/(?:profile|account|word_or_phrase|keyword|tag|hashtag)_searches"
             + _SPLIT), "searches", "search"),
    Route(_p(r"messages/(?:inbox|message_requests)/[^/]+/message_\d+\.html?"), "messages",
          "message"),
    Route(_p(r"saved/saved_(?:posts|collections)" + _SPLIT), "unread", "saved",
          reason="saved items: private bookmarks, not audited"),
    Route(_p(r"(?:account_information|personal_information)/personal_information" + _SPLIT),
          "profile", "profile"),
), READERS, handled=("unread",))


def owned(members: list[str]) -> list[str]:
    """Members of the Instagram tree (inside a Facebook Accounts Center download: only its
    own folders)."""
    if any(m.startswith(FACEBOOK_MARKERS) for m in members):
        return [m for m in members if m.startswith(OWNED_PREFIXES)]
    return members


@register
class InstagramHtmlImporter:
    """Instagram "Download your information" in HTML format (platform ``instagram``)."""

    name = "instagram_html"
    platform = "instagram"  # the HTML download of the same export

    def detect(self, names: list[str]) -> list[str]:
        return html_roots(names, find_roots(names), ROUTES)

    def read(self, parts: list[ExportPart], ctx: ImportContext) -> ImportResult:
        export = HtmlExport(PLATFORM, ROUTES, zone_of(ctx.timezone))
        for part in parts:
            ctx.progress(f"Instagram (HTML): reading {part.archive.label}:{part.root or '/'}")
            export.read_part(part, owned(part.members()), first=("profile",))
        zip_user, observed = "", None
        for part in parts:
            zip_user, observed = name_info(part)
            if zip_user:
                break
        account = export.facts.get("owner") or ctx.own_handles.get(PLATFORM) or zip_user
        if observed is None:
            stamps = [t for t in export.rows.columns["timestamp"] if t is not None]
            observed = max(stamps) if stamps else pd.NaT
        activity = frame(export, account or None, observed)
        activity["mentions"] = mentions(activity["text"])  # @handles in captions and comments
        return ImportResult(activity, export.coverage)
