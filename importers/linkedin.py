"""LinkedIn data export ("Get a copy of your data"): platform ``linkedin``.

Request it under Settings & Privacy → Data privacy → Get a copy of your data; LinkedIn mails a
zip of CSV files (a fast partial archive, then the complete one), sometimes inside a folder
such as ``Basic_LinkedInDataExport_…/``. Read: connections (profile URL → the ``in/slug``
handle people.csv uses), shares and posts, comments, reactions, messages, invitations,
endorsements and recommendations given and received, company follows, groups, searches and
the profile. Skill endorsements and recommendations, given or received, are ``connection``
rows as rules.md's COMMERCIAL_ENDORSEMENT expects (text: the skill, or what was written; the
record id says which and which way); invitations are ``connection`` rows too. Everything
else (positions, ads, learning, articles in HTML, …) is listed in coverage. Quirks:
formats.md section 4.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from presence_audit import handles, schema
from presence_audit.importers import ExportPart, ImportContext, ImportResult, register
from presence_audit.importers._toolkit import (
    CsvMember,
    CsvTable,
    Route,
    RouteTable,
    Rows,
    cell,
    import_csv_export,
    marker_roots,
)

PLATFORM = "linkedin"
# files whose presence marks a LinkedIn export root (formats.md 0.2)
MARKERS = ("Connections.csv", "Profile.csv", "Registration.csv", "Invitations.csv",
           "Company Follows.csv", "Endorsement_Received_Info.csv")
FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S", "%Y/%m/%d",
    "%d %b %Y", "%d-%b-%y", "%d-%b-%Y", "%b %d, %Y",  # Connected On
    "%a %b %d %H:%M:%S %Y",  # Company Follows: Java Date.toString, zone word dropped
    "%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p", "%m/%d/%y", "%m/%d/%Y",  # Invitations
)
_LONG_NUMBER = re.compile(r"\d{15,}")


def _route(stem: str, reader: str, kind: str, keys: tuple[str, ...] = (),
           reason: str = "") -> Route:
    """A route for ``stem.csv`` at any depth, also as ``stem_<memberid>.csv`` (4.1)."""
    pattern = re.compile(rf"(?:^|/){re.escape(stem)}(?:_\d+)?\.csv$", re.IGNORECASE)
    return Route(pattern, reader, kind, keys, PLATFORM, reason)


# --- readers, one per file: (table, rows, member) -----------------------------------------


def _handle(url: str) -> str | None:
    """The ``in/slug`` handle of a profile URL (handles.py's canonical form), else None."""
    if not url:
        return None
    try:
        return handles.read(PLATFORM, url.strip()).handle
    except ValueError:
        return None


def _name(row: dict[str, str], first: str = "First Name", last: str = "Last Name") -> str:
    return " ".join(p for p in (cell(row, first), cell(row, last)) if p)


def _item_id(link: str) -> str | None:
    """The long number inside a share/activity URN or post URL (formats.md 4.5 item 5)."""
    found = _LONG_NUMBER.findall(unquote(link))
    return found[-1] if found else None


def _connections(t: CsvTable, rows: Rows, m: CsvMember) -> None:
    for line, row, ts, basis in m.dated(t, FORMATS, "Connected On"):
        name = _name(row)
        url = cell(row, "URL", "Profile URL")
        if not m.has(name or url, "rows without a name or profile URL"):
            continue
        handle = _handle(url)
        job = ", ".join(p for p in (cell(row, "Position"), cell(row, "Company")) if p)
        m.add(rows, line, record_id=f"connection:{handle or schema.content_id(name)}",
              kind="connection", timestamp=ts, time_basis=basis,
              text=f"{name} ({job})" if job else name, counterpart=handle or name,
              url=url or None)


def _shares(t: CsvTable, rows: Rows, m: CsvMember) -> None:
    for line, row, ts, basis in m.dated(t, FORMATS, "Date"):
        link, words = cell(row, "ShareLink"), cell(row, "ShareCommentary")
        shared = cell(row, "SharedUrl")
        item = _item_id(link) or schema.content_id("share", row.get("Date"), link, words)
        m.add(rows, line, record_id=f"share:{item}", kind="post" if words else "repost",
              timestamp=ts, time_basis=basis, text=words or shared or None,
              url=link or None)


def _comments(t: CsvTable, rows: Rows, m: CsvMember) -> None:
    for line, row, ts, basis in m.dated(t, FORMATS, "Date"):
        link, words = cell(row, "Link"), cell(row, "Message")
        if not m.has(words, "comments without text"):
            continue
        m.add(rows, line, kind="comment", timestamp=ts, time_basis=basis,
              record_id=schema.content_id("comment", row.get("Date"), link, words),
              text=words, url=link or None)


def _reactions(t: CsvTable, rows: Rows, m: CsvMember) -> None:
    for line, row, ts, basis in m.dated(t, FORMATS, "Date"):
        link, kind = cell(row, "Link"), cell(row, "Type")
        if not m.has(link, "reactions without the item's link"):
            continue
        m.add(rows, line, kind="like" if kind.upper() == "LIKE" else "reaction",
              record_id=f"reaction:{_item_id(link) or schema.content_id(link)}",
              timestamp=ts, time_basis=basis, url=link)


def _messages(t: CsvTable, rows: Rows, m: CsvMember) -> None:
    for line, row, ts, basis in m.dated(t, FORMATS, "DATE"):
        words = "\n\n".join(p for p in (cell(row, "SUBJECT"), cell(row, "CONTENT")) if p)
        sender = _handle(cell(row, "SENDER PROFILE URL")) or cell(row, "FROM")
        urls = cell(row, "RECIPIENT PROFILE URLS").split()
        recipients = [h for h in map(_handle, urls) if h] or [
            n.strip() for n in cell(row, "TO").split(",") if n.strip()]
        others = [p for p in (sender, *recipients) if p and p != m.own]
        m.add(rows, line, kind="message", timestamp=ts, time_basis=basis,
              record_id=schema.content_id("message", cell(row, "CONVERSATION ID"),
                                          row.get("DATE"), sender, words),
              text=words or None, counterpart=others[0] if others else None,
              mentions=" ".join(p.lower() for p in others if p.startswith("in/")) or None)


def _invitations(t: CsvTable, rows: Rows, m: CsvMember) -> None:
    for line, row, ts, basis in m.dated(t, FORMATS, "Sent At"):
        outgoing = cell(row, "Direction").upper() == "OUTGOING"
        url = cell(row, "inviteeProfileUrl" if outgoing else "inviterProfileUrl")
        other = _handle(url) or cell(row, "To" if outgoing else "From")
        way = "sent" if outgoing else "received"
        m.add(rows, line, kind="connection", timestamp=ts, time_basis=basis,
              record_id=f"invitation-{way}:{other}:{cell(row, 'Sent At')}",
              text=cell(row, "Message") or f"invitation {way}", counterpart=other or None,
              url=url or None)


def _endorsements(given: bool):
    who = "Endorsee" if given else "Endorser"
    way = "given" if given else "received"

    def read(t: CsvTable, rows: Rows, m: CsvMember) -> None:
        for line, row, ts, basis in m.dated(t, FORMATS, "Endorsement Date"):
            url = cell(row, f"{who} Public Url")
            other = _handle(url) or _name(row, f"{who} First Name", f"{who} Last Name")
            skill = cell(row, "Skill Name")
            m.add(rows, line, kind="connection", timestamp=ts, time_basis=basis,
                  record_id=f"endorsement-{way}:{other}:{skill}",
                  text=f"skill {way}: {skill}", counterpart=other or None,
                  url=f"https://{url}" if url and "://" not in url else url or None)
    return read


def _recommendations(given: bool):
    way = "given" if given else "received"

    def read(t: CsvTable, rows: Rows, m: CsvMember) -> None:
        for line, row, ts, basis in m.dated(t, FORMATS, "Creation Date"):
            other, words = _name(row), cell(row, "Text")
            m.add(rows, line, kind="connection", timestamp=ts, time_basis=basis,
                  record_id=f"recommendation-{way}:"
                  + schema.content_id(f"recommendation-{way}", other, words),
                  text=words or None, counterpart=other or None)
    return read


def _company_follows(t: CsvTable, rows: Rows, m: CsvMember) -> None:
    for line, row, ts, basis in m.dated(t, FORMATS, "Followed On"):
        org = cell(row, "Organization")
        if not m.has(org, "follows without an organization"):
            continue
        m.add(rows, line, kind="follow", record_id=f"company:{org.casefold()}",
              timestamp=ts, time_basis=basis, counterpart=org)


def _groups(t: CsvTable, rows: Rows, m: CsvMember) -> None:
    m.notes.append("group file columns not verified on a real export: read by name")
    for line, row, ts, basis in m.dated(t, FORMATS, "Joined On", "Date", "Created On"):
        group = cell(row, "Title", "Name", "Group Name", "Group")
        if not m.has(group, "rows without a group name"):
            continue
        m.add(rows, line, kind="group", record_id=f"group:{group.casefold()}",
              timestamp=ts, time_basis=basis, counterpart=group,
              url=cell(row, "Url", "URL", "Website") or None)


def _searches(t: CsvTable, rows: Rows, m: CsvMember) -> None:
    for line, row, ts, basis in m.dated(t, FORMATS, "Time", "Date", "Searched At"):
        query = cell(row, "Search Query", "Query", "Search Term")
        if not m.has(query, "searches without a query"):
            continue
        m.add(rows, line, kind="search", timestamp=ts, time_basis=basis,
              record_id=schema.content_id("search", row.get("Time"), query), text=query)


def _profile(t: CsvTable, rows: Rows, m: CsvMember) -> None:
    for line, row in t.rows[:1]:
        text = "\n".join(p for p in (_name(row), cell(row, "Headline"), cell(row, "Summary"),
                                     cell(row, "Geo Location"), cell(row, "Websites")) if p)
        m.add(rows, line, record_id="profile", kind="profile", time_basis="unknown",
              text=text or None)


_SKIP = "account facts, not activity (not audited)"
_ADS = "what LinkedIn infers or advertises, not the person's activity (not audited)"
_UNREAD = "not read by this tool: its contents were not checked"
ROUTES = RouteTable((
    _route("Connections", "connections", "connection", ("First Name", "Last Name")),
    _route("Shares", "shares", "post", ("Date", "ShareLink")),
    _route("Comments", "comments", "comment", ("Date", "Message")),
    _route("Reactions", "reactions", "reaction", ("Date", "Type", "Link")),
    _route("messages", "messages", "message", ("FROM", "DATE", "CONTENT")),
    _route("guide_messages", "skip", "message",
           reason="messages with LinkedIn's AI guide, not with people (not audited)"),
    _route("learning_role_play_messages", "skip", "message",
           reason="role-play practice chats in LinkedIn Learning (not audited)"),
    _route("Invitations", "invitations", "connection", ("From", "To", "Sent At", "Direction")),
    _route("Endorsement_Given_Info", "endorsements_given", "connection",
           ("Endorsement Date", "Skill Name")),
    _route("Endorsement_Received_Info", "endorsements_received", "connection",
           ("Endorsement Date", "Skill Name")),
    _route("Recommendations_Given", "recommendations_given", "connection",
           ("First Name", "Last Name", "Text")),
    _route("Recommendations_Received", "recommendations_received", "connection",
           ("First Name", "Last Name", "Text")),
    _route("Company Follows", "company_follows", "follow", ("Organization",)),
    _route("Groups", "groups", "group"),
    _route("SearchQueries", "searches", "search"),
    _route("Profile", "profile", "profile", ("First Name", "Last Name")),
    _route("Member_Follows", "unread", "follow", reason=f"follows of people: {_UNREAD}"),
    _route("Rich_Media", "unread", "post", reason=f"photos and media posted: {_UNREAD}"),
    _route("Events", "unread", "other", reason=f"events: {_UNREAD}"),
    _route("Votes", "unread", "other", reason=f"poll votes: {_UNREAD}"),
    Route(re.compile(r"(?:^|/)Articles/.*\.html?$", re.IGNORECASE), "unread", "post",
          platform=PLATFORM, reason=f"articles (HTML): {_UNREAD}"),
    *(_route(stem, "skip", "account", reason=_SKIP) for stem in (
        "Profile Summary", "Registration", "Email Addresses", "PhoneNumbers",
        "Whatsapp Phone Numbers", "Positions", "Education", "Skills", "Languages",
        "Certifications", "Projects", "Publications", "Honors", "Courses", "Patents",
        "Volunteering", "Receipts", "Receipts_v2", "Private_identity_asset", "Learning",
        "SavedJobAlerts", "Job Applicant Saved Screening Question Responses",
        "Verifications", "Causes You Care About", "Test_Scores")),
    Route(re.compile(r"(?:^|/)Jobs/[^/]+\.csv$", re.IGNORECASE), "skip", "account",
          platform=PLATFORM, reason="job applications and preferences (not audited)"),
    *(_route(stem, "skip", "ads", reason=_ADS) for stem in (
        "Ad_Targeting", "Inferences_about_you", "LAN Ads Engagement", "Ads Clicked")),
), {"connections": _connections, "shares": _shares, "comments": _comments,
    "reactions": _reactions, "messages": _messages, "invitations": _invitations,
    "endorsements_given": _endorsements(True), "endorsements_received": _endorsements(False),
    "recommendations_given": _recommendations(True),
    "recommendations_received": _recommendations(False),
    "company_follows": _company_follows, "groups": _groups, "searches": _searches,
    "profile": _profile}, handled=("skip", "unread"))


@register
class LinkedInImporter:
    name = PLATFORM

    def detect(self, names: list[str]) -> list[str]:
        """Folders holding a LinkedIn marker file (Connections.csv, Profile.csv, …)."""
        return marker_roots(names, MARKERS)

    def read(self, parts: list[ExportPart], ctx: ImportContext) -> ImportResult:
        own_key = _handle(ctx.own_handles.get(PLATFORM, ""))  # canonical in/slug
        return import_csv_export(parts, ctx, PLATFORM, ROUTES, own_key)
