"""Facebook importer for the HTML download (platform ``facebook``): the pages read as records.

How a user gets it: Accounts Center → Your information and permissions → Export your
information → the Facebook profile, all time, format **HTML** (the default; JSON is better:
see the README). The zip holds the same folders as the JSON export with ``.html`` pages
(``your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.html``,
``connections/friends/your_friends.html``, ``messages/inbox/<thread>/message_1.html`` …; ≤2021:
``posts/your_posts_1.html``, ``friends/friends.html``) and an ``index.html`` to browse them.

Each page's blocks (``_meta_html``) become rows: posts, comments, likes and reactions (the
reaction from its icon or the sentence), friends (current, removed, requests), following,
followers, pages liked and followed, groups joined and administered, group posts and
comments, searches, Messenger threads and the profile. Whose item was liked or commented
comes from the localized title sentence (``facebook.title_target``), as in the JSON reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from presence_audit.importers import ExportPart, ImportContext, ImportResult, register
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
from presence_audit.importers.facebook import (
    _INSTAGRAM,
    _LIKE_VALUES,
    export_date,
    find_roots,
    title_group,
    title_target,
)

PLATFORM = "facebook"
# HTML pages mark a Facebook root like the JSON files do (folders, or the ≤2021 file names)
_MARKER = re.compile(r"(?:^|/)(your_facebook_activity/|your_activity_across_facebook/|"
                     r"friends_and_followers/|posts/your_posts_1\.html?$|"
                     r"(?:personal_information/)?profile_information/profile_information"
                     r"\.html?$)", re.IGNORECASE)
_REACTED = re.compile(r"\b(?:reacted to|loves|ha reagito|a réagi|hat auf|reaccionó)\b", re.I)


def _pattern(*tails: str) -> re.Pattern[str]:
    """Pages ending in any of ``tails`` (``_N`` split parts, both apostrophe spellings)."""
    alts = [re.escape(t).replace("_", "[_'’]") + r"(?:_\d+)?\.html?" for t in tails]
    return re.compile(r"(?:^|/)(?:" + "|".join(alts) + ")$", re.IGNORECASE)


# --- readers: blocks -> rows ---------------------------------------------------------------

def said(kind: str, target: Callable[[str], str | None], links: bool = False) -> HtmlReader:
    """A reader of the person's own words (posts, comments, group posts): the body's text,
    else the title sentence; whose item or which group it was on, from the title."""
    def read(blocks: list[Block], m: HtmlMember) -> None:
        for b in blocks:
            text = b.text or b.title
            if not text:
                m.bad += 1
                continue
            url = next((href for _, href in b.links), "") if links else ""
            m.record(b, kind, text=text, counterpart=target(b.title) or "", url=url)
    return read


def _item_or_group(title: str) -> str | None:
    return title_target(title) or title_group(title)


def read_reactions(blocks: list[Block], m: HtmlMember) -> None:
    """Likes and reactions: the reaction is an icon (its alt text or file name) or a verb."""
    for b in blocks:
        if not b.title and not b.text:
            m.bad += 1
            continue
        icon = next((i for i in b.icons if i.casefold() not in _LIKE_VALUES), "")
        reaction = icon or ("reaction" if _REACTED.search(b.title) else "")
        text = b.title or b.text
        kind = "reaction" if reaction else "like"
        m.record(b, kind, text=f"{reaction}: {text}" if icon else text,
                 counterpart=title_target(b.title) or "")


def people(kind: str, label: str = "") -> HtmlReader:
    """Name lists (friends, requests, following, followers, pages): the name is the title."""
    def read(blocks: list[Block], m: HtmlMember) -> None:
        for b in blocks:
            name = b.title or (b.lines[0] if b.lines else "")
            if not name:
                m.bad += 1
                continue
            url = next((href for _, href in b.links), "")
            m.record(b, kind, text=f"{label}: {name}" if label else "", counterpart=name, url=url)
    return read


def read_groups(blocks: list[Block], m: HtmlMember) -> None:
    """Groups joined (a sentence naming the group) or administered (the group's name)."""
    admin = "your_groups" in m.rel.lower()
    for b in blocks:
        name = title_group(b.title) or (b.lines[0] if b.lines else "") or b.title
        if not name:
            m.bad += 1
            continue
        text = f"admin of group: {name}" if admin else (b.title or f"member of group: {name}")
        m.record(b, "group", text=text, counterpart=name)


def read_searches(blocks: list[Block], m: HtmlMember) -> None:
    for b in blocks:
        query = (b.lines[0] if b.lines else b.title).strip(" \"'“”«»")
        if not query:
            m.bad += 1
            continue
        m.record(b, "search", text=query)


def read_profile(blocks: list[Block], m: HtmlMember) -> None:
    """The owner's name (who "me" is) and the account facts TITLE_MISUSE reads."""
    facts: list[str] = []
    name = ""
    for b in blocks:
        name = name or b.field("Name")
        facts += [f"{k.lower()}: {v}" for k, v in b.fields.items() if not k.endswith(".href")]
        if not b.fields and b.title and b.text:
            facts.append(f"{b.title.lower()}: {b.text}")
    name = name or next((b.text for b in blocks if b.title.casefold() in ("name", "nome")), "")
    if name:
        m.result["owner"] = name
    if facts:
        m.record(blocks[0], "profile", text="; ".join(dict.fromkeys(facts))[:2000],
              record_id=f"profile:html:{name.casefold()}")
    else:
        m.bad += 1


READERS = {
    "posts": said("post", title_target, links=True), "comments": said("comment", _item_or_group),
    "reactions": read_reactions,
    "pages": people("page"), "pages_followed": people("follow", "follows page"),
    "friends": people("friend"), "removed_friends": people("friend", "removed friend"),
    "sent_requests": people("friend", "friend request sent"),
    "received_requests": people("friend", "friend request received"),
    "following": people("follow"), "followers": people("follower"),
    "groups": read_groups, "group_posts": said("post", title_group),
    "group_comments": said("comment", _item_or_group), "searches": read_searches,
    "messages": read_thread, "profile": read_profile,
}

_MESSAGES = re.compile(r"(?:^|/)messages/(?:inbox|archived_threads|filtered_threads|"
                       r"message_requests|e2ee_cutover)/[^/]+/message_\d+\.html?$", re.I)

ROUTES = RouteTable((
    Route(_MESSAGES, "messages", "message"),
    Route(_pattern("profile_information/profile_information"), "profile", "profile"),
    Route(_pattern("posts/your_posts", "posts/your_posts__check_ins__photos_and_videos",
                   "posts/posts_on_other_pages_and_profiles"), "posts", "post"),
    Route(_pattern("comments/comments", "comments_and_reactions/comments"), "comments",
          "comment"),
    Route(_pattern("groups/your_comments_in_groups"), "group_comments", "comment"),
    Route(_pattern("groups/group_posts_and_comments", "groups/your_posts_and_comments_in_groups"),
          "group_posts", "post"),
    Route(_pattern("likes_and_reactions/posts_and_comments",
                   "comments_and_reactions/posts_and_comments",
                   "comments_and_reactions/likes_and_reactions"), "reactions", "like"),
    Route(_pattern("likes_and_reactions/pages", "pages/pages_you've_liked"), "pages", "page"),
    Route(_pattern("pages/pages_and_profiles_you_follow", "pages/pages_you_follow"),
          "pages_followed", "follow"),
    Route(_pattern("friends/friends", "friends_and_followers/friends", "friends/your_friends"),
          "friends", "friend"),
    Route(_pattern("friends/removed_friends", "friends_and_followers/removed_friends"),
          "removed_friends", "friend"),
    Route(_pattern("friends/sent_friend_requests", "friends_and_followers/sent_friend_requests"),
          "sent_requests", "friend"),
    Route(_pattern("friends/received_friend_requests",
                   "friends_and_followers/received_friend_requests"), "received_requests",
          "friend"),
    Route(_pattern("following_and_followers/following", "friends_and_followers/who_you_follow",
                   "followers/who_you've_followed", "followers/who_you_follow"), "following",
          "follow"),
    Route(_pattern("following_and_followers/followers", "friends_and_followers/followers",
                   "followers/people_who_followed_you", "followers/your_followers"),
          "followers", "follower"),
    Route(_pattern("groups/your_group_membership_activity", "groups/your_groups"), "groups",
          "group"),
    Route(_pattern("search_history/your_search_history", "search/your_search_history"),
          "searches", "search"),
), READERS, handled=("unread",))


def detect_roots(names: list[str]) -> list[str]:
    """Roots of a Facebook download holding HTML pages this importer reads."""
    return html_roots(names, find_roots(names, _MARKER), ROUTES)


@register
class FacebookHtmlImporter:
    """Facebook "Download Your Information" in HTML format (platform ``facebook``)."""

    name = "facebook_html"
    platform = "facebook"  # the HTML download of the same export

    def detect(self, names: list[str]) -> list[str]:
        return detect_roots(names)

    def read(self, parts: list[ExportPart], ctx: ImportContext) -> ImportResult:
        export = HtmlExport(PLATFORM, ROUTES, zone_of(ctx.timezone))
        for part in parts:
            ctx.progress(f"Facebook (HTML): reading {part.archive.label}:{part.root or '/'}")
            members = [m for m in part.members() if not _INSTAGRAM.search(m)]
            export.read_part(part, members, first=("profile",))
        own = export.facts.get("owner") or ctx.own_handles.get(PLATFORM) or None
        observed = export_date(parts)
        if observed is None:
            stamps = [t for t in export.rows.columns["timestamp"] if t is not None]
            observed = max(stamps) if stamps else pd.NaT
        return ImportResult(frame(export, own, observed), export.coverage)
