"""The importer toolkit (importers/_toolkit.py) and the rule that every platform module uses it:
one row accumulator, one member error, one media list, one read dispatch."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from metaarchive import write_zip

from presence_audit.archive import open_archives
from presence_audit.importers import (
    ExportPart,
    ImportContext,
    _meta,
    _xfiles,
    facebook,
    facebook_html,
    instagram,
    instagram_html,
    linkedin,
    reddit,
    x,
)
from presence_audit.importers._toolkit import (
    MEDIA_EXTENSIONS,
    MemberError,
    Route,
    RouteTable,
    Rows,
    is_media,
    parse_utc,
    read_csv,
)

ROOT = Path(__file__).resolve().parent.parent
IMPORTERS = ROOT / "importers"

# --- Rows -------------------------------------------------------------------------------------


def test_rows_take_values_in_field_order_then_by_name_absent_as_none():
    rows = Rows(("record_id", "kind", "text", "url"))
    assert rows.add("a", "post", url="https://x.com/a")
    assert rows.columns == {"record_id": ["a"], "kind": ["post"], "text": [None],
                            "url": ["https://x.com/a"]}
    assert len(rows) == 1
    assert rows.text is rows.columns["text"]  # columns by attribute, for readers that patch


def test_rows_refuse_unknown_fields_and_too_many_values():
    rows = Rows(("record_id", "kind"))
    with pytest.raises(KeyError):
        rows.add("a", kidn="post")
    with pytest.raises(TypeError):
        rows.add("a", "post", "extra")
    with pytest.raises(ValueError, match="not columns"):
        Rows(("record_id",), dedupe=("platform",))
    with pytest.raises(AttributeError):
        _ = rows.nonexistent


def test_rows_without_dedupe_keep_repeated_records():
    rows = Rows(("record_id", "kind"))
    rows.add("a", "like")
    rows.add("a", "like")
    assert rows.record_id == ["a", "a"] and rows.repeated == 0


def test_rows_dedupe_counts_a_repeated_key_instead_of_adding_it():
    rows = Rows(("platform", "record_id", "text"), dedupe=("platform", "record_id"))
    assert rows.add("instagram", "r1", "first")
    assert not rows.add("instagram", "r1", "again")
    assert rows.add("threads", "r1", "other platform, other key")
    assert rows.text == ["first", "other platform, other key"]
    assert rows.repeated == 1
    assert rows.seen == {("instagram", "r1"), ("threads", "r1")}


def test_rows_share_seen_across_parts_of_one_export():
    seen: set = set()
    part1 = Rows(("record_id",), dedupe=("record_id",), seen=seen)
    part2 = Rows(("record_id",), dedupe=("record_id",), seen=seen)
    part1.add("r1")
    assert not part2.add("r1") and len(part2) == 0 and part2.repeated == 1


def test_rows_empty_as_none_normalizes_only_the_named_fields():
    rows = Rows(("record_id", "text", "mentions"), empty_as_none=("text",))
    rows.add("a", "", "")
    assert rows.text == [None] and rows.mentions == [""]


def test_rows_extend_marks_keys_seen_and_fills_missing_fields():
    rows = Rows(("record_id", "kind", "account"), dedupe=("record_id",))
    rows.extend({"record_id": ["m1", "m2"], "kind": ["message", "message"]})
    assert rows.account == [None, None]
    assert not rows.add("m2", "message")


def test_rows_truncate_drops_rows_and_forgets_their_keys():
    rows = Rows(("platform", "record_id"), dedupe=("platform", "record_id"))
    rows.add("x", "keep")
    rows.add("x", "half-read")
    rows.truncate(1)
    assert rows.record_id == ["keep"]
    assert rows.add("x", "half-read")  # a later member may add it again
    assert not rows.add("x", "keep")


# --- MemberError ----------------------------------------------------------------------------


def test_member_error_carries_its_one_line_reason():
    exc = MemberError("empty file (no JSON in it)")
    assert exc.reason == str(exc) == "empty file (no JSON in it)"


def test_meta_and_x_raise_the_same_member_error(tmp_path):
    path = write_zip(tmp_path / "fb.zip", {"posts/your_posts_1.json": b"   "})
    part = ExportPart(open_archives([path])[0], "")
    with pytest.raises(MemberError, match="empty file"):
        _meta.load_json(part, "posts/your_posts_1.json")
    with pytest.raises(MemberError, match=r"not a window\.YTD data file"):
        _xfiles.load_member(lambda: b'[{"tweet": {}}]')
    assert _meta.MemberError is _xfiles.MemberError is MemberError


def test_facebook_reports_an_unreadable_member_in_coverage(tmp_path):
    path = write_zip(tmp_path / "fb.zip", {
        "posts/your_posts_1.json": b'{"truncated": [',
        "profile_information/profile_information.json": {"profile_v2": {
            "name": {"full_name": "Maria Rossi"}}},
    })
    result = facebook.FacebookImporter().read([ExportPart(open_archives([path])[0], "")],
                                              ImportContext())
    entry = next(e for e in result.coverage if e.member == "posts/your_posts_1.json")
    assert entry.status == "failed" and "invalid or truncated JSON" in entry.reason


# --- media ----------------------------------------------------------------------------------


@pytest.mark.parametrize("member", [
    "media/posts/202404/1.jpg", "photos_and_videos/album/IMG.JPEG", "data/tweets_media/1-a.mp4",
    "messages/inbox/ben_1/files/scan.pdf", "your_videos/clip.srt", "assets/fonts/a.woff2",
    "assets/images/logo.svg", "stories/202401/x.heif", "video.AVI"])
def test_is_media_by_extension_in_any_case(member):
    assert is_media(member)


@pytest.mark.parametrize("member", [
    "data/tweets.js", "posts/your_posts_1.json", "Your archive.html", "no-data.txt",
    "photos.jpg/readme", "README"])
def test_is_media_is_false_for_data_and_pages(member):
    assert not is_media(member)


def test_media_list_is_the_union_of_what_each_importer_skipped_before():
    # the four lists that disagreed (scan, Facebook, Instagram, X), merged
    assert {".pdf", ".srt", ".vtt", ".heif", ".svg", ".ico", ".avi", ".woff", ".ttf",
            ".mkv", ".tiff"} <= MEDIA_EXTENSIONS
    assert all(ext.startswith(".") and ext == ext.lower() for ext in MEDIA_EXTENSIONS)


# --- read dispatch ----------------------------------------------------------------------------


def _reader_a(data):
    return "a"


def test_route_table_first_match_wins_and_unmatched_is_none():
    table = RouteTable((Route(re.compile(r"(?:^|/)posts_\d+\.json$"), "posts", "post"),
                        Route(re.compile(r"\.json$"), "any", "other")),
                       {"posts": _reader_a, "any": _reader_a})
    assert table.route("x/posts_2.json").reader == "posts"
    assert table.route("x/comments.json").reader == "any"
    assert table.route("x/photo.jpg") is None
    assert table.reader(table.route("posts_1.json"))(None) == "a"


def test_route_table_refuses_a_reader_that_does_not_exist():
    with pytest.raises(ValueError, match="postz"):
        RouteTable((Route(re.compile("posts"), "postz", "post"),), {"posts": _reader_a})
    handled = RouteTable((Route(re.compile("profile"), "profile", "profile"),), {},
                         handled=("profile",))
    with pytest.raises(KeyError):
        handled.reader(handled.route("profile.json"))  # the module reads it itself


@pytest.mark.parametrize(("member", "reader"), [
    ("your_facebook_activity/posts/your_posts_1.json", "posts"),
    ("posts/your_posts_12.json", "posts"),
    ("connections/followers/who_you've_followed.json", "following"),
    ("connections/followers/who_you_ve_followed.json", "following"),
    ("your_facebook_activity/messages/inbox/ben_123/message_1.json", "messages"),
    ("personal_information/profile_information/profile_information.json", "profile"),
    ("photos_and_videos/album/0.json", "album"),
    ("ads_information/advertisers_using_your_activity.json", None),
])
def test_facebook_route_table(member, reader):
    route = facebook.ROUTES.route(member)
    assert (route.reader if route else None) == reader


@pytest.mark.parametrize(("member", "reader", "platform"), [
    ("your_instagram_activity/threads/following.json", "relations", "threads"),
    ("connections/followers_and_following/following.json", "relations", "instagram"),
    ("your_instagram_activity/media/posts_1.json", "media", "instagram"),
    ("your_instagram_activity/messages/inbox/ben_1/message_1.json", "messages", "instagram"),
])
def test_instagram_route_table(member, reader, platform):
    route = instagram.ROUTES.route(member)
    assert (route.reader, route.platform) == (reader, platform)


@pytest.mark.parametrize(("name", "reader"), [
    ("tweets.js", "tweets"), ("tweets-part2.js", "tweets"), ("note-tweet.js", "notes"),
    ("deleted-tweets.js", "tweets"), ("manifest.js", "manifest"), ("tweet-headers.js", None),
])
def test_x_route_table(name, reader):
    route = x.ROUTES.route(name)
    assert (route.reader if route else None) == reader


# --- one way to do each thing ------------------------------------------------------------------

MEDIA_LITERALS = MEDIA_EXTENSIONS | {ext[1:] for ext in MEDIA_EXTENSIONS}


def _modules() -> list[Path]:
    return [p for p in sorted(IMPORTERS.glob("*.py")) if p.name != "_toolkit.py"]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.name)
def test_no_importer_defines_its_own_accumulator_error_or_media_list(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    classes = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
    assert not [c.name for c in classes if c.name in ("Rows", "MemberError")]
    errors = [c.name for c in classes for b in c.bases
              if isinstance(b, ast.Name) and b.id.endswith(("Exception", "Error"))]
    assert not errors, f"{path.name} defines its own error class: {errors}"
    appenders = [c.name for c in classes
                 if any(isinstance(f, ast.FunctionDef) and f.name == "add" for f in c.body)]
    assert not appenders, f"{path.name} defines its own row accumulator: {appenders}"
    media = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
             and isinstance(n.value, str) and n.value.lower() in MEDIA_LITERALS}
    assert not media, f"{path.name} lists media extensions of its own: {sorted(media)}"


def test_scan_uses_the_toolkit_media_list():
    tree = ast.parse((ROOT / "src/presence_audit/scan.py").read_text(encoding="utf-8"))
    media = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
             and isinstance(n.value, str) and n.value.lower() in MEDIA_LITERALS}
    assert not media


@pytest.mark.parametrize("module", [facebook, facebook_html, instagram, instagram_html,
                                    linkedin, reddit, x],
                         ids=lambda m: m.__name__)
def test_every_platform_reads_through_a_route_table(module):
    tables = [v for v in vars(module).values() if isinstance(v, RouteTable)]
    assert tables and all(t.routes for t in tables)


# --- CSV exports --------------------------------------------------------------------------------


def test_read_csv_finds_the_header_after_a_preamble_and_a_bom():
    raw = ('\ufeffNotes:\n"a, quoted paragraph"\n\nFirst Name,URL\nAnn,https://x\n\n'
           'Ben,"multi\nline"\n').encode()
    table = read_csv(raw, ("first name", "URL"))
    assert table.header == ["First Name", "URL"]
    assert [(line, row["URL"]) for line, row in table.rows] == [(5, "https://x"),
                                                                 (8, "multi\nline")]
    assert table.bad == {}


def test_read_csv_counts_rows_of_the_wrong_width_and_refuses_headerless_or_binary_files():
    table = read_csv(b"id,body\n1,ok\n2,too,many\n3", ("id",))
    assert len(table.rows) == 1 and sum(table.bad.values()) == 2
    with pytest.raises(MemberError, match="no header line with the columns id"):
        read_csv(b"1,ok\n", ("id",))
    with pytest.raises(MemberError, match="not UTF-8"):
        read_csv(b"id\n\xff", ("id",))
    with pytest.raises(MemberError, match="NUL"):
        read_csv(b"id\n\x00", ("id",))


def test_read_csv_escape_reads_backslash_quoted_fields():
    raw = b'Date,Message\n2025-01-01,"say \\"hi\\", ok"\n'
    assert read_csv(raw, ("Date",), escape=True).rows[0][1]["Message"] == 'say "hi", ok'


@pytest.mark.parametrize(("text", "iso"), [
    ("2024-01-15 12:34:56 UTC", "2024-01-15T12:34:56+00:00"),
    ("Sat Sep 05 08:12:14 UTC 2026", "2026-09-05T08:12:14+00:00"),
    ("9/5/26, 1:12 AM", "2026-09-05T01:12:00+00:00"),
    ("15 Mar 2024", "2024-03-15T00:00:00+00:00"),
])
def test_parse_utc_reads_the_csv_exports_date_forms(text, iso):
    formats = ("%Y-%m-%d %H:%M:%S", "%a %b %d %H:%M:%S %Y", "%m/%d/%y, %I:%M %p", "%d %b %Y")
    assert parse_utc(text, formats).isoformat() == iso


def test_parse_utc_refuses_garbage_and_epoch_placeholders():
    assert parse_utc("yesterday", ("%Y-%m-%d",)) is None
    assert parse_utc("1970-01-01", ("%Y-%m-%d",)) is None
    assert parse_utc("   ", ("%Y-%m-%d",)) is None
