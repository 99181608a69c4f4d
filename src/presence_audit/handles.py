"""Account handles as people write them, read into one match key per platform.

Profiles name accounts the way people copy them: ``@name``, a profile URL with or without
``https://``, ``www.``, ``m.``, a trailing slash or a query, or a platform's short form
(``in/slug``, ``u/name``, ``@user@host``). ``read`` turns each accepted form into a
``Handle`` whose ``handle`` is the account's one canonical name on that platform (lower-case,
no ``@``; LinkedIn keeps its ``in/`` or ``company/`` namespace; Mastodon is ``user@host``) and
whose ``account_id`` holds an id a URL carries (``profile.php?id=N``, ``did:plc:…``,
``/channel/UC…``). ``match_key`` is the comparison key of a canonical name, and matching.py
applies the same function to the archive's counterparts and mentions, so both sides meet.

Every platform of the Activity schema is accepted, including those no importer reads yet:
a profile may list them before the tool can import them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

import numpy as np
import pandas as pd

from presence_audit.schema import PLATFORMS
from presence_audit.textnorm import normalize


@dataclass(frozen=True)
class Handle:
    platform: str
    handle: str | None  # canonical: lower-case, without '@'; None when only an id is known
    account_id: str | None = None


# Accepted forms per platform, shown in every error about that platform (and the README).
FORMS = {
    "x": "@name, name, https://x.com/name, twitter.com/name, x.com/i/user/ID",
    "facebook": "the display name the export shows (Jane Doe), facebook.com/name, "
                "facebook.com/profile.php?id=ID",
    "instagram": "@name, name, instagram.com/name",
    "threads": "@name, name, threads.net/@name",
    "linkedin": "in/slug, company/slug, linkedin.com/in/slug, linkedin.com/company/slug "
                "(a bare slug is read as in/slug)",
    "mastodon": "@user@host, user@host, https://host/@user",
    "bluesky": "@name.bsky.social, name.example.com, bsky.app/profile/HANDLE, did:plc:ID",
    "reddit": "u/name, name, reddit.com/user/name",
    "tiktok": "@name, name, tiktok.com/@name",
    "youtube": "@handle, youtube.com/@handle, youtube.com/channel/UC…",
}
HOSTS = {
    "x": ("x.com", "twitter.com"), "facebook": ("facebook.com", "fb.com"),
    "instagram": ("instagram.com", "instagr.am"), "threads": ("threads.net", "threads.com"),
    "linkedin": ("linkedin.com",), "bluesky": ("bsky.app",), "reddit": ("reddit.com",),
    "tiktok": ("tiktok.com",), "youtube": ("youtube.com",),
}  # Mastodon runs on any host
_PLATFORM_HINTS = {"twitter": "x", "fb": "facebook", "ig": "instagram", "insta": "instagram",
                   "bsky": "bluesky", "yt": "youtube"}
# First path segments of site pages, never a profile name ("x.com/home", "instagram.com/p/…").
_RESERVED = {
    "x": {"home", "explore", "search", "i", "intent", "settings", "messages", "notifications",
          "hashtag", "share", "compose", "login", "signup", "tos", "privacy"},
    "facebook": {"groups", "pages", "events", "watch", "marketplace", "gaming", "share",
                 "sharer.php", "login", "photo.php", "permalink.php", "story.php", "hashtag",
                 "help", "friends", "reel", "stories", "people", "profile.php"},
    "instagram": {"p", "reel", "reels", "explore", "accounts", "direct", "stories", "tv"},
}
_VALID = {
    "x": re.compile(r"[a-z0-9_]{1,50}"),
    "facebook": re.compile(r"[a-z0-9.]{1,80}"),  # vanity name of a URL; display names free
    "instagram": re.compile(r"[a-z0-9._]{1,30}"),
    "threads": re.compile(r"[a-z0-9._]{1,30}"),
    "linkedin": re.compile(r"(?:in|company|school|showcase)/[^\s/?#@]+"),
    "mastodon": re.compile(r"[a-z0-9_.\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)+"),
    "bluesky": re.compile(r"[a-z0-9\-]+(?:\.[a-z0-9\-]+)+"),
    "reddit": re.compile(r"[a-z0-9_\-]{1,30}"),
    "tiktok": re.compile(r"[a-z0-9._]{1,30}"),
    "youtube": re.compile(r"[a-z0-9._\-]{1,60}"),
}
_ACCOUNT_ID = re.compile(r"^[A-Za-z0-9:._%\-]+$")  # numeric ids; Bluesky DIDs carry ':'
_DID = re.compile(r"did:(?:plc|web):[a-z0-9._:%\-]+")
_CHANNEL = re.compile(r"UC[A-Za-z0-9_\-]{22}")
_DIGITS = re.compile(r"\d{1,20}")
_LINKEDIN_KINDS = ("in", "company", "school", "showcase")
# "host/…" without a scheme counts as a URL only when a path or query follows the host, so
# "maria.rossi.nyc" (Instagram) and "ann.bsky.social" (Bluesky) stay handles.
_URL = re.compile(r"^(?:[a-z][a-z0-9+.\-]*://|(?:[a-z0-9\-]+\.)+[a-z0-9\-]+(?::\d+)?[/?])",
                  re.IGNORECASE)

Found = tuple[str | None, str | None]  # (handle, account id) before validation
_Url = tuple[str, list[str], dict[str, list[str]]]  # host, path segments, query


def match_key(value: object) -> str:
    """The comparison key of a handle or archive counterpart: normalized, spaces collapsed,
    no leading '@'. One function for both sides of a match."""
    if not isinstance(value, str):
        return ""
    return " ".join(normalize(value).split()).lstrip("@")


def match_keys(values: pd.Series) -> np.ndarray:
    """``match_key`` of every value, computed once per distinct value (counterparts repeat)."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    keys = np.array([match_key(u) for u in uniques] + [""], dtype=object)
    return keys[codes]  # the sentinel -1 picks the trailing ""


def is_url(text: str) -> bool:
    """Whether ``text`` is written as an address (scheme, or host followed by a path)."""
    return bool(_URL.match(text.strip()))


def accepted(platform: str) -> str:
    return f"accepted forms for {platform}: {FORMS[platform]}"


def unreadable(platform: str, text: str, what: str | None = None) -> ValueError:
    what = what or f"is not a valid {platform} handle"
    return ValueError(f"'{text}' {what}; {accepted(platform)}")


def platform_of(name: str) -> str:
    """The schema platform ``name`` spells; ``ValueError`` with a hint when there is none."""
    platform = name.strip().lower()
    if platform in PLATFORMS:
        return platform
    hint = f" (did you mean '{_PLATFORM_HINTS[platform]}'?)" if platform in _PLATFORM_HINTS else ""
    raise ValueError(f"unknown platform '{platform}'{hint}; known: {', '.join(PLATFORMS)}")


def parse_item(text: str) -> Handle:
    """One ``platform:FORM#id`` item of people.csv or political.csv (``#id`` optional); a
    profile URL of a known site may stand alone, its host naming the platform."""
    item = text.strip()
    prefix, sep, rest = item.partition(":")
    if is_url(item) and not (sep and prefix.strip().lower() in PLATFORMS):
        site = _host_platform(_split_url(item)[0])
        if site is None:
            raise ValueError(f"'{text}': name the platform of this address (such as "
                             "mastodon:https://host/@user)")
        return read(site, item)
    if not sep or not prefix.strip():
        raise ValueError(f"'{text}' is not platform:handle (such as x:@acme#123 or "
                         "linkedin:in/jane-doe)")
    return read(platform_of(prefix), rest)


def read(platform: str, text: str) -> Handle:
    """``text`` (any accepted form, ``#id`` optional) as this platform's canonical Handle."""
    written, hash_, given_id = text.strip().partition("#")
    written, given_id = written.strip(), given_id.strip()
    if hash_ and not _ACCOUNT_ID.match(given_id):
        raise ValueError(f"'{text}': the account id after '#' is empty or malformed")
    handle, account_id = _read_form(platform, written, text) if written else (None, None)
    if account_id and given_id and account_id != given_id:
        raise ValueError(f"'{text}': the URL names account id {account_id}, '#' names "
                         f"{given_id}")
    account_id = account_id or given_id or None
    if handle is None and account_id is None:
        raise ValueError(f"'{text}' names neither a handle nor an account id")
    return Handle(platform, handle, account_id)


def _read_form(platform: str, written: str, text: str) -> Found:
    if is_url(written):
        host, segments, query = _split_url(written)
        owner = _host_platform(host)
        if owner != platform and not (platform == "mastodon" and owner is None):
            what = (f"is an address on {owner}, not {platform}" if owner
                    else f"is not an address on {platform}")
            raise unreadable(platform, text, what)
        found = _URL_READERS[platform](host, segments, query)
    elif platform == "facebook":
        # Facebook exports name accounts by display name: the name is the handle
        return " ".join(unicodedata.normalize("NFKC", written).casefold().split()), None
    else:
        found = _SHORT_READERS[platform](_short(written))
    if found is None:
        raise unreadable(platform, text)
    handle, account_id = found
    if handle is not None:
        handle = handle.lower()
        if not _VALID[platform].fullmatch(handle):
            raise unreadable(platform, text)
    return handle, account_id


def _split_url(text: str) -> _Url:
    """Host (lower-case, no port), non-empty unquoted path segments, and query of a URL."""
    try:
        parts = urlsplit(text if "://" in text else f"https://{text}")
    except ValueError:  # a malformed host such as "[x"
        return "", [], {}
    host = (parts.hostname or "").rstrip(".")
    segments = [unquote(s) for s in parts.path.split("/") if s]
    return host, segments, parse_qs(parts.query)


def _host_platform(host: str) -> str | None:
    """The platform whose site ``host`` is (any subdomain: www., m., it.linkedin.com)."""
    for platform, hosts in HOSTS.items():
        if any(host == h or host.endswith(f".{h}") for h in hosts):
            return platform
    return None


def _short(written: str) -> str:
    """A short form without a trailing query, slashes or leading '/' ("/u/name/?x" -> u/name)."""
    return written.split("?", 1)[0].strip("/").strip()


def _at_name(segment: str) -> str | None:
    return segment[1:] if segment.startswith("@") and len(segment) > 1 else None


# --- profile URLs (host, path segments, query) -> (handle, account id) ------------------------

def _root_name(platform: str) -> Callable[[str, list[str], dict], Found | None]:
    """Sites whose profile is the first path segment (x.com/name, instagram.com/name)."""
    def reader(host: str, segments: list[str], query: dict) -> Found | None:
        if segments and segments[0].lower() not in _RESERVED[platform]:
            return segments[0].removeprefix("@"), None
        return None
    return reader


def _x_url(host: str, segments: list[str], query: dict) -> Found | None:
    if segments[:2] == ["i", "user"] and len(segments) == 3 and _DIGITS.fullmatch(segments[2]):
        return None, segments[2]
    return _root_name("x")(host, segments, query)


def _facebook_url(host: str, segments: list[str], query: dict) -> Found | None:
    if segments == ["profile.php"]:
        ids = query.get("id", [])
        return (None, ids[0]) if ids and _DIGITS.fullmatch(ids[0]) else None
    if len(segments) >= 3 and segments[0] == "people" and _DIGITS.fullmatch(segments[2]):
        return None, segments[2]
    return _root_name("facebook")(host, segments, query)


def _at_url(host: str, segments: list[str], query: dict) -> Found | None:
    """threads.net/@name, tiktok.com/@name, youtube.com/@handle."""
    name = _at_name(segments[0]) if segments else None
    return (name, None) if name else None


def _youtube_url(host: str, segments: list[str], query: dict) -> Found | None:
    if len(segments) >= 2 and segments[0] == "channel" and _CHANNEL.fullmatch(segments[1]):
        return None, segments[1]
    return _at_url(host, segments, query)


def _linkedin_url(host: str, segments: list[str], query: dict) -> Found | None:
    if len(segments) >= 2 and segments[0].lower() in _LINKEDIN_KINDS:
        return f"{segments[0].lower()}/{segments[1]}", None
    return None


def _mastodon_url(host: str, segments: list[str], query: dict) -> Found | None:
    """host/@user, host/@user@other (a remote account seen from host), host/users/user."""
    name = _at_name(segments[0]) if segments else None
    if name is None and len(segments) >= 2 and segments[0] == "users":
        name = segments[1]
    if not name:
        return None
    return (name if "@" in name else f"{name}@{host}"), None


def _bluesky_url(host: str, segments: list[str], query: dict) -> Found | None:
    if len(segments) >= 2 and segments[0] == "profile":
        return _bluesky_short(segments[1])
    return None


def _reddit_url(host: str, segments: list[str], query: dict) -> Found | None:
    if len(segments) >= 2 and segments[0] in ("user", "u"):
        return segments[1], None
    return None


_URL_READERS: dict[str, Callable[[str, list[str], dict], Found | None]] = {
    "x": _x_url, "facebook": _facebook_url, "instagram": _root_name("instagram"),
    "threads": _at_url, "linkedin": _linkedin_url, "mastodon": _mastodon_url,
    "bluesky": _bluesky_url, "reddit": _reddit_url, "tiktok": _at_url,
    "youtube": _youtube_url,
}


# --- short forms -> (handle, account id) ---------------------------------------------------

def _plain(written: str) -> Found | None:
    """@name or name."""
    return written.removeprefix("@"), None


def _linkedin_short(written: str) -> Found | None:
    kind, sep, slug = written.partition("/")
    if not sep:
        return f"in/{written}", None  # a bare slug: most often a person's
    if kind.lower() in _LINKEDIN_KINDS and slug and "/" not in slug:
        return f"{kind.lower()}/{unquote(slug)}", None
    return None


def _mastodon_short(written: str) -> Found | None:
    user, sep, host = written.removeprefix("@").partition("@")
    return (f"{user}@{host}", None) if sep and user and host else None


def _bluesky_short(written: str) -> Found | None:
    if _DID.fullmatch(written.lower()):
        return None, written.lower()
    return written.removeprefix("@"), None


def _reddit_short(written: str) -> Found | None:
    kind, sep, name = written.partition("/")
    if not sep:
        return written, None
    return (name, None) if kind.lower() in ("u", "user") and "/" not in name else None


def _youtube_short(written: str) -> Found | None:
    if _CHANNEL.fullmatch(written):
        return None, written
    return written.removeprefix("@"), None


_SHORT_READERS: dict[str, Callable[[str], Found | None]] = {
    "x": _plain, "instagram": _plain, "threads": _plain, "tiktok": _plain,
    "linkedin": _linkedin_short, "mastodon": _mastodon_short, "bluesky": _bluesky_short,
    "reddit": _reddit_short, "youtube": _youtube_short,
}
