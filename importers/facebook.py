"""Facebook importer (platform ``facebook``): "Download Your Information" JSON, every generation.

Reads the ≤2021 layout (``posts/``, ``comments/``, ``friends/``, ``messages/inbox/`` …) and the
2023+ one (``your_facebook_activity/``, ``connections/``, ``logged_information/``,
``personal_information/``), finding files by path suffix (formats.md 2.2) and lists by key
variant (2.3). Facebook gives no ids: ``record_id`` hashes kind, time, text and counterpart so a
re-export yields the same ids (2.8 pitfall 1). Folders of a linked Instagram profile in an
Accounts Center export belong to the Instagram importer and are left alone here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from presence_audit import schema
from presence_audit.archive import is_debris
from presence_audit.coverage import CoverageEntry
from presence_audit.importers import ExportPart, ImportContext, ImportResult, register
from presence_audit.importers._meta import (
    add_row,
    canonical_label,
    flatten_label_values,
    html_error,
    html_files,
    load_json,
    meta_time,
    new_rows,
    norm_name,
    read_threads,
    records_under,
    suffix_pattern,
)
from presence_audit.importers._meta import dicts as _dicts
from presence_audit.importers._meta import find as find_members
from presence_audit.importers._meta import text_or_none as _str
from presence_audit.importers._meta_html import without_html_downloads
from presence_audit.importers._toolkit import MemberError, Route, RouteTable, is_media

PLATFORM = "facebook"
Row = dict[str, object]
Result = tuple[list[Row], int, str]

# quirk: the target of a comment/reaction is only in the localized title (2.8 pitfall 2)
_ITEMS_EN = r"(?:post|comment|photo|video|link|status|album|reel|event|timeline|story|note|" \
            r"life event|live video|memory|reply|update|cover photo|profile picture)"
_TITLE_TARGETS = [re.compile(p, re.IGNORECASE) for p in (
    # EN: "… commented on Ben Sample's post.", "… likes Ben Sample's photo."
    r"\b(?:commented on|replied to|likes|liked|reacted to|loves|wrote on|shared|posted on)\s+"
    r"(?P<name>.+?)['’]s?\s+(?:own\s+)?" + _ITEMS_EN + r"\b",
    # IT: "… ha commentato il post di Ben Sample."
    r"\b(?:post|foto|video|commento|link|stato|diario|contenuto|reel|album|evento|storia|"
    r"risposta)\s+(?:di|del|della)\s+(?P<name>.+?)\.?$",
    # FR: "… a commenté la publication de Ben Sample.", "… d'Élodie."
    r"\b(?:publication|photo|vidéo|commentaire|lien|statut|journal|contenu|album|story|reel)"
    r"\s+(?:de\s+|d['’])(?P<name>.+?)\.?$",
    # DE: "… hat den Beitrag von Ben Sample kommentiert.", "… gefällt der Beitrag von …"
    r"\b(?:Beitrag|Foto|Video|Kommentar|Link|Status|Chronik|Inhalt|Album|Reel)\s+von\s+"
    r"(?P<name>.+?)(?:\s+(?:kommentiert|geantwortet|reagiert|geschrieben|geteilt|markiert))?"
    r"\.?$",
    # ES: "… comentó la publicación de Ben Sample."
    r"\b(?:publicación|foto|video|vídeo|comentario|enlace|estado|biografía|contenido|álbum|"
    r"reel)\s+de\s+(?P<name>.+?)\.?$",
)]
_TITLE_GROUPS = [re.compile(p, re.IGNORECASE) for p in (
    r"\b(?:posted in|became a member of|joined|shared .*? to)\s+(?P<name>.+?)\.?$",  # EN
    r"\b(?:ha pubblicato (?:in|nel gruppo)|è diventat[oa] membro di|si è unit[oa] a)\s+"
    r"(?P<name>.+?)\.?$",  # IT
    r"\b(?:a publié dans|est devenue? membre de|a rejoint)\s+(?P<name>.+?)\.?$",  # FR
    r"\bhat in\s+(?P<name>.+?)\s+(?:gepostet|gepostet\.)\.?$",  # DE
    r"\bist\s+(?:der Gruppe\s+)?(?P<name>.+?)\s+beigetreten\.?$",  # DE
    r"\b(?:publicó en|se unió a|ahora es miembro de)\s+(?P<name>.+?)\.?$",  # ES
)]
_LIKE_VALUES = {"like", "mi piace", "j'aime", "j’aime", "gefällt mir", "me gusta"}
_REACTION_LABELS = {"reaction", "reazione", "réaction", "reaktion", "reacción", "reaccion"}
_TEXT_LABELS = {"text", "post", "testo", "texte", "beitrag", "texto", "publicación",
                "publication", "comment", "commento", "commentaire", "kommentar", "comentario"}
_URL_LABELS = {"url", "link", "href"}


def _match(patterns: list[re.Pattern[str]], title: object) -> str | None:
    if not isinstance(title, str) or not title:
        return None
    for pattern in patterns:
        m = pattern.search(title.strip())
        if m:
            return m.group("name").strip(" \"'«»“”") or None
    return None


def title_target(title: object) -> str | None:
    """Whose item a comment/reaction/post title names, in EN/IT/FR/DE/ES; None if unsaid."""
    return _match(_TITLE_TARGETS, title)


def title_group(title: object) -> str | None:
    """The group a group post or membership title names, in EN/IT/FR/DE/ES."""
    return _match(_TITLE_GROUPS, title)


def _row(index: int, kind: str, stamp: object, text: str | None, counterpart: str | None = None,
         url: str | None = None) -> Row:
    return {"index": index, "kind": kind, "timestamp": meta_time(stamp), "text": text,
            "counterpart": counterpart, "url": url}


# --- label_values helpers -----------------------------------------------------------------

def _pick(flat: dict[str, object], wanted: set[str] | str) -> str | None:
    """First string value whose (canonical or raw, case-folded) key is wanted."""
    names = {wanted} if isinstance(wanted, str) else wanted
    for key, value in flat.items():
        if not isinstance(value, str):
            continue
        if canonical_label(key).casefold() in names or key.casefold() in names:
            return value
    return None


def _first_url(flat: dict[str, object]) -> str | None:
    url = _pick(flat, _URL_LABELS)
    if url:
        return url
    return next((v for v in flat.values() if isinstance(v, str) and v.startswith("http")), None)


# --- posts --------------------------------------------------------------------------------

def post_row(index: int, rec: dict, counterpart: str | None = None) -> Row:
    """One own post: text, shared link, attachment text, tags; a ``place`` makes a check-in."""
    title = _str(rec.get("title"))
    texts = [t for d in _dicts(rec.get("data")) if (t := _str(d.get("post")))]
    extras: list[str] = []
    url = place = None
    for attachment in _dicts(rec.get("attachments")):
        for item in _dicts(attachment.get("data")):
            ext = item.get("external_context")
            if isinstance(ext, dict):
                url = url or _str(ext.get("url"))  # quirk: "" when sharing someone's post
                extras += [s for k in ("name", "source") if (s := _str(ext.get(k)))]
            if isinstance(item.get("place"), dict):
                place = _str(item["place"].get("name")) or place
            media = item.get("media")
            if isinstance(media, dict):
                extras += [s for k in ("title", "description") if (s := _str(media.get(k)))]
            for key in ("event", "life_event", "note"):
                sub = item.get(key)
                if isinstance(sub, dict):
                    extras += [s for k in ("name", "title", "text") if (s := _str(sub.get(k)))]
            if s := _str(item.get("name")):  # quirk: a shared group shows data[0].name
                extras.append(s)
            if s := _str(item.get("text")):
                extras.append(s)
    tags = [n for t in _dicts(rec.get("tags")) if (n := _str(t.get("name")))]
    if tags:
        extras.append("with " + ", ".join(tags))
    text = " — ".join(dict.fromkeys(texts + extras)) or title
    kind = "check_in" if place else "post"
    counterpart = place or counterpart or title_target(title)
    return _row(index, kind, rec.get("timestamp"), text, counterpart, url)


def read_posts(data: object) -> Result:
    rows, bad = [], 0
    for i, rec in enumerate(records_under(data, "posts", "status_updates")):
        if not isinstance(rec, dict):
            bad += 1
            continue
        if "label_values" in rec:
            rows.append(_label_post(i, rec))
        else:
            rows.append(post_row(i, rec))
    return rows, bad, f"{bad} records that are not post objects" if bad else ""


def _label_post(index: int, rec: dict) -> Row:
    # 2024+ posts on other pages/profiles: label_values with the text and the page's name
    flat = flatten_label_values(rec)
    text = _pick(flat, _TEXT_LABELS) or _str(rec.get("title"))
    counterpart = _pick(flat, "name") or title_target(rec.get("title"))
    return _row(index, "post", rec.get("timestamp"), text, counterpart, _first_url(flat))


def read_other_posts(data: object) -> Result:
    rows, bad = [], 0
    for i, rec in enumerate(records_under(data, "other_posts", "posts")):
        if not isinstance(rec, dict):
            bad += 1
        elif "label_values" in rec:
            rows.append(_label_post(i, rec))
        else:
            rows.append(post_row(i, rec))
    return rows, bad, f"{bad} records that are not post objects" if bad else ""


def read_album(data: object) -> Result:
    """Photo albums (and your_videos): a described photo is the person's words -> post."""
    items = records_under(data, "photos", "videos") if isinstance(data, dict) else data
    rows, bare = [], 0
    album = _str(data.get("name")) if isinstance(data, dict) else None
    for i, item in enumerate(_dicts(items)):
        text = _str(item.get("description"))
        if not text:
            bare += 1
            continue
        title = _str(item.get("title"))
        if title and title != album and title not in text:
            text = f"{title} — {text}"
        rows.append(_row(i, "post", item.get("creation_timestamp"), text))
    note = f"{bare} photos/videos without a description (nothing to audit)" if bare else ""
    return rows, 0, note


# --- comments and reactions ---------------------------------------------------------------

def comment_row(index: int, rec: dict) -> Row | None:
    title = _str(rec.get("title"))
    text = group = None
    stamp = rec.get("timestamp")
    for d in _dicts(rec.get("data")):
        comment = d.get("comment")
        if isinstance(comment, dict):
            text = _str(comment.get("comment")) or text
            group = _str(comment.get("group")) or group
            stamp = stamp or comment.get("timestamp")
    if not text and not title:
        return None
    # keep the title as evidence text when the export carries no comment text
    return _row(index, "comment", stamp, text or title, title_target(title) or group)


def read_comments(data: object) -> Result:
    rows, bad = [], 0
    for i, rec in enumerate(records_under(data, "comments", "group_comments")):
        row = comment_row(i, rec) if isinstance(rec, dict) else None
        if row is None:
            bad += 1
        else:
            rows.append(row)
    return rows, bad, f"{bad} comments without text or title" if bad else ""


def read_reactions(data: object) -> Result:
    """Both forms: ``data[].reaction`` (<=2024) and ``label_values`` (2025)."""
    rows, bad = [], 0
    for i, rec in enumerate(records_under(data, "reactions", "likes_and_reactions")):
        if not isinstance(rec, dict):
            bad += 1
            continue
        title = _str(rec.get("title"))
        if "label_values" in rec:
            flat = flatten_label_values(rec)
            reaction = _pick(flat, _REACTION_LABELS)
            counterpart = _pick(flat, "name") or title_target(title)
            url = _first_url(flat)
            text = title or " · ".join(str(v) for v in (counterpart, url) if v)
        else:
            reaction = next((_str(d["reaction"].get("reaction")) for d in _dicts(rec.get("data"))
                             if isinstance(d.get("reaction"), dict)), None)
            counterpart, url, text = title_target(title), None, title
        if not text and not reaction:
            bad += 1
            continue
        like = reaction is None or reaction.casefold() in _LIKE_VALUES
        if not like:
            text = f"{reaction}: {text}" if text else reaction
        rows.append(_row(i, "like" if like else "reaction", rec.get("timestamp"), text,
                         counterpart, url))
    return rows, bad, f"{bad} reactions without title or reaction" if bad else ""


# --- connections --------------------------------------------------------------------------

def _name_of(item: object) -> str | None:
    if isinstance(item, str):  # quirk: very old friends.json is a list of plain names
        return _str(item)
    if not isinstance(item, dict):
        return None
    if name := _str(item.get("name")):
        return name
    for d in _dicts(item.get("data")):
        if name := _str(d.get("name")):
            return name
    if "label_values" in item:
        return _pick(flatten_label_values(item), {"name", "username"})
    return _str(item.get("title"))


def people_reader(kind: str, keys: tuple[str, ...], label: str) -> Callable[[object], Result]:
    """A reader for name lists (friends, requests, following, followers, pages)."""

    def read(data: object) -> Result:
        rows, bad = [], 0
        for i, item in enumerate(records_under(data, *keys)):
            name = _name_of(item)
            if not name:
                bad += 1
                continue
            stamp = item.get("timestamp") if isinstance(item, dict) else None
            url = _str(item.get("url")) if isinstance(item, dict) else None
            text = f"{label}: {name}" if label else None
            rows.append(_row(i, kind, stamp, text, name, url))
        return rows, bad, f"{bad} entries without a name" if bad else ""

    return read


def read_groups_joined(data: object) -> Result:
    rows, bad = [], 0
    for i, rec in enumerate(records_under(data, "groups_joined")):
        if not isinstance(rec, dict):
            bad += 1
            continue
        title = _str(rec.get("title"))
        name = next((n for d in _dicts(rec.get("data")) if (n := _str(d.get("name")))), None)
        name = name or _str(rec.get("name")) or title_group(title)
        if not name and not title:
            bad += 1
            continue
        rows.append(_row(i, "group", rec.get("timestamp"), title or f"member of group: {name}",
                         name))
    return rows, bad, f"{bad} entries without a group name" if bad else ""


def read_groups_admin(data: object) -> Result:
    rows, bad = [], 0
    for i, item in enumerate(records_under(data, "groups_admined", "groups")):
        name = _name_of(item)
        if not name:
            bad += 1
            continue
        stamp = item.get("timestamp") if isinstance(item, dict) else None
        rows.append(_row(i, "group", stamp, f"admin of group: {name}", name))
    return rows, bad, f"{bad} entries without a group name" if bad else ""


def _nested_records(obj: object) -> list:
    """Records of the <=2020 group file: a two-level dict of lists."""
    out: list = []
    stack = [(obj, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, list):
            out.extend(value)
        elif isinstance(value, dict) and depth < 3:
            stack.extend((v, depth + 1) for v in reversed(value.values())
                         if isinstance(v, dict | list))
    return out


def read_group_activity(data: object) -> Result:
    """Group posts (counterpart = group) and the comments some generations mix in."""
    records = records_under(data, "group_posts", "group_comments") or _nested_records(data)
    rows, bad = [], 0
    for i, rec in enumerate(records):
        if not isinstance(rec, dict):
            bad += 1
            continue
        is_comment = any(isinstance(d.get("comment"), dict) for d in _dicts(rec.get("data")))
        if is_comment:
            row = comment_row(i, rec)
        else:
            row = post_row(i, rec, counterpart=title_group(rec.get("title")))
            if row["kind"] == "post" and not row["counterpart"]:
                row["counterpart"] = title_group(rec.get("title"))
        if row is None:
            bad += 1
        else:
            rows.append(row)
    return rows, bad, f"{bad} records without text or title" if bad else ""


_EVENT_LISTS = {"events_joined": "joined", "events_interested": "interested",
                "events_hosted": "hosted"}


def read_events(data: object) -> Result:
    """Event responses -> kind ``group`` ("event: …"), or ``check_in`` when a place is given.

    Declined events are not the person's presence and are only counted.
    """
    if isinstance(data, dict):
        data = next((data[k] for k in ("event_responses_v2", "event_responses")
                     if isinstance(data.get(k), dict)), data)
    rows: list[Row] = []
    bad, declined = 0, 0
    if not isinstance(data, dict):
        return rows, 0, "no event lists found"
    index = 0
    for key, value in data.items():
        base = key.removesuffix("_v2")
        items = value if isinstance(value, list) else []
        if base == "events_declined":
            declined += len(items)
            continue
        response = _EVENT_LISTS.get(base)
        if response is None:
            continue
        for item in items:
            index += 1
            name = _name_of(item)
            if not name or not isinstance(item, dict):
                bad += 1
                continue
            place = item.get("place")
            place_name = _str(place.get("name")) if isinstance(place, dict) else None
            stamp = item.get("start_timestamp") or item.get("timestamp")
            text = f"event: {name} ({response})" + (f" at {place_name}" if place_name else "")
            rows.append(_row(index - 1, "check_in" if place_name else "group", stamp, text,
                             place_name or name))
    notes = [f"{declined} declined events not imported"] if declined else []
    if bad:
        notes.append(f"{bad} events without a name")
    return rows, bad, "; ".join(notes)


def read_searches(data: object) -> Result:
    rows, bad = [], 0
    for i, rec in enumerate(records_under(data, "searches")):
        if not isinstance(rec, dict):
            bad += 1
            continue
        query = next((t for d in _dicts(rec.get("data")) if (t := _str(d.get("text")))), None)
        if not query:
            query = next((t.strip('"“”') for a in _dicts(rec.get("attachments"))
                          for d in _dicts(a.get("data")) if (t := _str(d.get("text")))), None)
        if not query and "label_values" in rec:
            flat = flatten_label_values(rec)
            query = _pick(flat, {"search", "text", "value"}) or next(
                (v for v in flat.values() if isinstance(v, str) and v), None)
        if not query:
            bad += 1
            continue
        rows.append(_row(i, "search", rec.get("timestamp"), query))
    return rows, bad, f"{bad} searches without a query" if bad else ""


def profile_name(data: object) -> str | None:
    """The account owner's display name: ``profile_v2.name.full_name`` (or older forms)."""
    if not isinstance(data, dict):
        return None
    profile = next((data[k] for k in ("profile_v2", "profile") if isinstance(data.get(k), dict)),
                   data)
    name = profile.get("name")
    if isinstance(name, dict):
        full = _str(name.get("full_name"))
        if full:
            return full
        parts = [p for k in ("first_name", "middle_name", "last_name")
                 if (p := _str(name.get(k)))]
        return " ".join(parts) or None
    return _str(name)


def profile_text(data: object) -> str | None:
    """The account-level facts rules read (title, employer, bio, city), one line.

    TITLE_MISUSE, ACCOUNT_HYGIENE and M-TITLED look for the office in exactly these fields.
    """
    if not isinstance(data, dict):
        return None
    profile = next((data[k] for k in ("profile_v2", "profile") if isinstance(data.get(k), dict)),
                   data)
    facts = [f"name: {n}" for n in [profile_name(data)] if n]
    for key, label in (("username", "username"), ("intro_bio", "bio"), ("about_me", "bio")):
        if value := _str(profile.get(key)):
            facts.append(f"{label}: {value}")
    for key, label in (("current_city", "city"), ("hometown", "hometown")):
        place = profile.get(key)
        if value := _str(place.get("name") if isinstance(place, dict) else place):
            facts.append(f"{label}: {value}")
    birthday = profile.get("birthday")
    if isinstance(birthday, dict) and all(isinstance(birthday.get(k), int)
                                          for k in ("year", "month", "day")):
        facts.append("birthday: {year:04d}-{month:02d}-{day:02d}".format(**birthday))
    jobs = profile.get("work_experiences")
    for job in jobs if isinstance(jobs, list) else []:
        if isinstance(job, dict):
            title, employer = _str(job.get("title")), _str(job.get("employer"))
            if title or employer:
                facts.append("work: " + " at ".join(x for x in (title, employer) if x))
    for site in profile.get("websites") or [] if isinstance(profile.get("websites"), list) else []:
        if value := _str(site.get("address") if isinstance(site, dict) else site):
            facts.append(f"website: {value}")
    return "; ".join(facts) or None


# --- which file is which --------------------------------------------------------------------

READERS: dict[str, Callable[[object], Result]] = {
    "posts": read_posts, "other_posts": read_other_posts, "album": read_album,
    "comments": read_comments, "reactions": read_reactions,
    "pages": people_reader("page", ("page_likes",), ""),
    "pages_followed": people_reader("follow", ("pages_followed",), "follows page"),
    "friends": people_reader("friend", ("friends",), ""),
    "removed_friends": people_reader("friend", ("deleted_friends",), "removed friend"),
    "sent_requests": people_reader("friend", ("sent_requests",), "friend request sent"),
    "received_requests": people_reader("friend", ("received_requests",),
                                       "friend request received"),
    "rejected_requests": people_reader("friend", ("rejected_requests",),
                                       "friend request rejected"),
    "following": people_reader("follow", ("following",), ""),
    "followers": people_reader("follower", ("followers",), ""),
    "groups_joined": read_groups_joined, "groups_admin": read_groups_admin,
    "group_activity": read_group_activity, "events": read_events, "searches": read_searches,
}


def _suffixes(reader: str, kind: str, *suffixes: str) -> Route:
    """A route for the path suffixes a file has had in every generation (formats.md 2.2)."""
    return Route(suffix_pattern(*suffixes), reader, kind)


PROFILE = ("profile_information/profile_information.json",)
_MESSAGES = re.compile(r"(?:^|/)messages/(?:inbox|archived_threads|filtered_threads|"
                       r"message_requests|e2ee_cutover)/[^/]+/message_\d+\.json$")
_ALBUM = re.compile(r"(?:^|/)(?:posts|photos_and_videos)/album/[^/]+\.json$")

# JSON members only; first match wins. "messages" and "profile" are read by _Reader itself.
ROUTES = RouteTable((
    Route(_MESSAGES, "messages", "message"),
    _suffixes("profile", "profile", *PROFILE),
    _suffixes("posts", "post", "posts/your_posts_1.json",
              "posts/your_posts__check_ins__photos_and_videos_1.json"),
    _suffixes("other_posts", "post", "posts/posts_on_other_pages_and_profiles.json"),
    _suffixes("album", "post", "posts/your_videos.json", "photos_and_videos/your_videos.json"),
    _suffixes("comments", "comment", "comments/comments.json",
              "comments_and_reactions/comments.json", "groups/your_comments_in_groups.json"),
    _suffixes("reactions", "like", "likes_and_reactions/posts_and_comments.json",
              "comments_and_reactions/posts_and_comments.json",
              "comments_and_reactions/likes_and_reactions.json"),
    _suffixes("pages", "page", "likes_and_reactions/pages.json",
              "pages/pages_you've_liked.json"),
    _suffixes("pages_followed", "follow", "pages/pages_and_profiles_you_follow.json",
              "pages/pages_you_follow.json"),
    _suffixes("friends", "friend", "friends/friends.json", "friends_and_followers/friends.json",
              "friends/your_friends.json"),
    _suffixes("removed_friends", "friend", "friends/removed_friends.json",
              "friends_and_followers/removed_friends.json"),
    _suffixes("sent_requests", "friend", "friends/sent_friend_requests.json",
              "friends_and_followers/sent_friend_requests.json"),
    _suffixes("received_requests", "friend", "friends/received_friend_requests.json",
              "friends_and_followers/received_friend_requests.json"),
    _suffixes("rejected_requests", "friend", "friends/rejected_friend_requests.json",
              "friends_and_followers/rejected_friend_requests.json"),
    _suffixes("following", "follow", "following_and_followers/following.json",
              "friends_and_followers/who_you_follow.json", "followers/who_you've_followed.json",
              "followers/who_you_follow.json"),
    _suffixes("followers", "follower", "following_and_followers/followers.json",
              "friends_and_followers/followers.json", "followers/people_who_followed_you.json",
              "followers/your_followers.json"),
    _suffixes("groups_joined", "group", "groups/your_group_membership_activity.json"),
    _suffixes("groups_admin", "group", "groups/your_groups.json"),
    _suffixes("group_activity", "post", "groups/your_posts_and_comments_in_groups.json",
              "groups/group_posts_and_comments.json"),
    _suffixes("events", "group", "events/your_event_responses.json"),
    _suffixes("searches", "search", "search_history/your_search_history.json",
              "search/your_search_history.json"),
    Route(_ALBUM, "album", "post"),
), READERS, handled=("messages", "profile"))

# quirk: Accounts Center exports hold the linked Instagram profile's folders (formats.md 0.2)
_INSTAGRAM = re.compile(r"(?:^|/)(?:your_instagram_activity|followers_and_following)/")
_MARKER = re.compile(r"(?:^|/)(your_facebook_activity/|your_activity_across_facebook/|"
                     r"friends_and_followers/|posts/your_posts_1\.json$|"
                     r"(?:personal_information/)?profile_information/profile_information\.json$)")
_MEDIA_DIR = re.compile(r"(?:^|/)photos_and_videos/")
# facebook-<user>-<YYYY>-<MM>-<DD>-<random>: the only generation date an export carries
_WRAPPER_DATE = re.compile(r"facebook-.+?-(\d{4})-(\d{2})-(\d{2})(?:-|\.zip$|/|$)",
                           re.IGNORECASE)


def find_roots(names: list[str], marker: re.Pattern[str] = _MARKER) -> list[str]:
    """Prefixes before a Facebook marker (never inside an Instagram tree), outermost only."""
    roots: set[str] = set()
    for name in names:
        if is_debris(name) or _INSTAGRAM.search(name):
            continue
        m = marker.search(name)
        if m:
            roots.add(name[: m.start(1)])
    kept: list[str] = []
    for root in sorted(roots, key=len):
        if not any(root.startswith(k) for k in kept):
            kept.append(root)
    return sorted(kept)


def export_date(parts: list[ExportPart]) -> pd.Timestamp | None:
    """The date in a ``facebook-<user>-<YYYY>-<MM>-<DD>-…`` wrapper folder or zip name."""
    for part in parts:
        for where in (part.root, part.archive.label):
            m = _WRAPPER_DATE.search(where)
            if m:
                try:
                    return pd.Timestamp(f"{m[1]}-{m[2]}-{m[3]}", tz="UTC")
                except ValueError:
                    continue
    return None


class _Reader:
    """State of one ``read`` call: rows and coverage across every part of one export."""

    def __init__(self, parts: list[ExportPart], ctx: ImportContext) -> None:
        self.parts = parts
        self.rows = new_rows()
        self.coverage: list[CoverageEntry] = []
        self.parsed: dict[tuple[int, str], object] = {}
        self.own = self._own_name(ctx)
        self.json_seen = False

    def entry(self, part: ExportPart, rel: str, kind: str, status: str, records: int = 0,
              bad: int = 0, reason: str = "") -> None:
        member = part.root + rel or "/"
        self.coverage.append(CoverageEntry(PLATFORM, part.archive.label, member, kind, status,
                                           records, bad, reason))

    def members(self, part: ExportPart) -> list[str]:
        return [m for m in part.members() if not _INSTAGRAM.search(m)]

    def _own_name(self, ctx: ImportContext) -> str | None:
        # the profile may sit in any part of a split download; it names the owner for all
        for i, part in enumerate(self.parts):
            for rel in find_members(self.members(part), *PROFILE):
                if is_debris(rel):
                    continue
                try:
                    data = load_json(part, rel)
                except MemberError as exc:
                    self.parsed[(i, rel)] = exc
                    continue
                self.parsed[(i, rel)] = data
                name = profile_name(data)
                if name:
                    return name
        return ctx.own_handles.get(PLATFORM) or None

    def run(self) -> None:
        for i, part in enumerate(self.parts):
            self.read_part(i, part)

    def read_part(self, i: int, part: ExportPart) -> None:
        threads: list[str] = []
        for rel in self.members(part):
            lower = rel.lower()
            if is_debris(rel):
                self.entry(part, rel, "debris", "skipped", reason="macOS/desktop debris")
            elif lower.endswith(".json"):
                self.json_seen = True
                route = ROUTES.route(rel)
                if route is None:
                    self.entry(part, rel, "other", "unrecognized",
                               reason="not checked: no reader for this file")
                elif route.reader == "messages":
                    threads.append(rel)
                elif route.reader == "profile":
                    self.read_profile(i, part, rel)
                else:
                    self.read_member(part, rel, route)
            elif lower.endswith((".html", ".htm")):
                if rel in html_files([rel]):
                    self.entry(part, rel, "html", "unrecognized",
                               reason="HTML page not read; request the export in JSON format")
                else:
                    self.entry(part, rel, "media", "skipped", reason="attachment (HTML file)")
            elif is_media(rel) or _MEDIA_DIR.search(rel):
                self.entry(part, rel, "media", "skipped", reason="media file (not audited)")
            elif lower.rsplit("/", 1)[-1] == "no-data.txt":
                # quirk: Meta marks an empty category with no-data.txt (formats.md 0.1)
                self.entry(part, rel, "empty", "read", reason="empty category (no-data.txt)")
            else:
                self.entry(part, rel, "other", "unrecognized",
                           reason="not checked: not a JSON data file")
        if threads:
            columns, coverage = read_threads(part, threads, PLATFORM,
                                             {self.own} if self.own else set(),
                                             seen=set(self.rows.seen))
            self.rows.extend(columns)
            self.coverage.extend(coverage)

    def read_profile(self, i: int, part: ExportPart, rel: str) -> None:
        data = self.parsed.get((i, rel))
        if data is None:
            try:
                data = load_json(part, rel)
            except MemberError as exc:
                data = exc
        if isinstance(data, MemberError):
            self.entry(part, rel, "profile", "failed", reason=data.reason)
            return
        name = profile_name(data)
        reason = (f"account owner: {name}" if name
                  else "no name in the profile; messages' own side not known")
        text = profile_text(data)
        added = bool(text) and add_row(
            self.rows, kind="profile", record_id=schema.content_id("profile", name or self.own),
            timestamp=None,
            source=part.source(rel), text=text, account=name or self.own)
        self.entry(part, rel, "profile", "read", records=int(added), reason=reason)

    def read_member(self, part: ExportPart, rel: str, route: Route) -> None:
        kind, reader = route.kind, ROUTES.reader(route)
        notes: list[str] = []
        try:
            data = load_json(part, rel, notes)
        except MemberError as exc:
            self.entry(part, rel, kind, "failed", reason=exc.reason)
            return
        try:
            rows, bad, note = reader(data)
        except (AttributeError, TypeError, KeyError, ValueError, IndexError) as exc:
            # a shape no generation is known to write: say so, keep the rest of the export
            self.entry(part, rel, kind, "failed",
                       reason=f"unexpected structure ({type(exc).__name__}: {exc})"[:200])
            return
        added = repeated = 0
        for row in rows:
            stamp = row["timestamp"]
            record_id = schema.content_id(row["kind"], stamp.isoformat() if stamp else "",
                                          norm_name(row["text"]), norm_name(row["counterpart"]))
            if add_row(self.rows, kind=row["kind"], record_id=record_id, timestamp=stamp,
                       source=part.source(rel, row["index"]), text=row["text"],
                       counterpart=row["counterpart"], url=row["url"]):
                added += 1
            else:
                repeated += 1
        if repeated:
            notes.append(f"{repeated} records repeating one already read, counted once")
        self.entry(part, rel, kind, "read", added, bad, "; ".join([note, *notes] if note
                                                                 else notes))

    def frame(self) -> tuple[pd.DataFrame, str]:
        """The Activity frame, with ``account`` and ``observed_at`` filled for every row."""
        columns = self.rows.columns
        n = len(self.rows)
        # a message row without an account was received (``_meta._thread_rows``): keep it so
        columns["account"] = [None if k == "message" and a is None else self.own
                              for k, a in zip(columns["kind"], columns["account"], strict=True)]
        observed = export_date(self.parts)
        if observed is not None:
            why = f"export date {observed.date()} taken from the facebook-<user>-<date> name"
        else:
            stamps = [t for t in columns["timestamp"] if t is not None]
            observed = max(stamps) if stamps else None
            why = ("the export carries no generation date: observed_at is the newest timestamp "
                   f"seen in it ({observed.isoformat() if observed is not None else 'none'})")
        columns["observed_at"] = [observed] * n
        frame = schema.dedupe(schema.from_records(columns, PLATFORM))
        return frame, why


@register
class FacebookImporter:
    """Facebook DYI JSON exports (platform ``facebook``)."""

    name = PLATFORM

    def detect(self, names: list[str]) -> list[str]:
        # an HTML-only download is the facebook_html importer's (formats.md 0.5)
        return without_html_downloads(names, find_roots(names))

    def read(self, parts: list[ExportPart], ctx: ImportContext) -> ImportResult:
        for part in parts:
            ctx.progress(f"Facebook: reading {part.archive.label}:{part.root or '/'}")
        reader = _Reader(parts, ctx)
        reader.run()
        if not reader.json_seen:
            html = [p.root + m for p in parts for m in html_files(reader.members(p))]
            if html:
                # quirk: an export requested in HTML holds no JSON to audit (formats.md 0.5)
                raise html_error(parts[0].archive.label, html)
        frame, why = reader.frame()
        for part in parts:
            reader.entry(part, "", "observed_at", "read", reason=why)
        return ImportResult(frame, reader.coverage)
