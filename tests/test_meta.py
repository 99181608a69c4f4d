"""Shared Meta helpers: mojibake repair, key variants, label_values, times, threads, paths."""

from __future__ import annotations

import pandas as pd
import pytest
from metaarchive import mangle, meta_json, thread, write_zip

from presence_audit.archive import open_archives
from presence_audit.importers import ExportPart
from presence_audit.importers._meta import (
    MemberError,
    find,
    fix_mojibake,
    fix_tree,
    flatten_label_values,
    html_error,
    html_files,
    load_json,
    meta_time,
    read_threads,
    records_under,
    string_map,
)

WORDS = ["Niccolò", "café ☕", "Müller", "Élodie", "👍🏽", "Grüße aus Köln — ça va? 🎉", "plain"]


def part_of(tmp_path, members: dict, root: str = "") -> ExportPart:
    archive = open_archives([write_zip(tmp_path / "e.zip", members)])[0]
    return ExportPart(archive, root)


@pytest.mark.parametrize("word", WORDS)
def test_fix_mojibake_repairs_meta_bytes_and_keeps_correct_text(word):
    mangled = word.encode("utf-8").decode("latin-1")  # what json.loads yields from Meta's file
    assert fix_mojibake(mangled) == word
    assert fix_mojibake(word) == word


def test_meta_json_writes_one_escape_per_utf8_byte():
    raw = meta_json({"name": "Niccolò 👍"})
    assert b"Niccol\\u00c3\\u00b2" in raw and b"\\u00f0\\u009f\\u0091\\u008d" in raw
    assert raw.isascii() and mangle("é") == "\\u00c3\\u00a9"


def test_fix_tree_repairs_keys_and_values_and_survives_deep_nesting():
    mangled = "Müller".encode().decode("latin-1")
    tree = fix_tree({mangled: [mangled, {"k": mangled}, 3, None, True]})
    assert tree == {"Müller": ["Müller", {"k": "Müller"}, 3, None, True]}
    deep: object = "Élodie".encode().decode("latin-1")
    for _ in range(20_000):
        deep = {"x": [deep]}
    fixed = fix_tree(deep)
    for _ in range(20_000):
        fixed = fixed["x"][0]
    assert fixed == "Élodie"


def test_load_json_parses_repairs_and_accepts_bom(tmp_path):
    part = part_of(tmp_path, {"a.json": {"name": "Jürgen"},
                              "bom.json": b"\xef\xbb\xbf" + meta_json(["Élodie"]),
                              "cut.json": meta_json({"name": "x" * 50})[:20],
                              "empty.json": b"  \n"})
    assert load_json(part, "a.json") == {"name": "Jürgen"}
    assert load_json(part, "bom.json") == ["Élodie"]
    with pytest.raises(MemberError, match="invalid or truncated JSON"):
        load_json(part, "cut.json")
    with pytest.raises(MemberError, match="empty"):
        load_json(part, "empty.json")


def test_records_under_key_variants():
    rec = [{"name": "A"}]
    assert records_under({"following_v3": rec}, "following") == rec
    assert records_under({"following_v2": rec}, "following") == rec
    assert records_under({"following": rec}, "following") == rec
    assert records_under(rec, "following") == rec
    assert records_under({"whatever_v9": rec, "meta": {"x": 1}}, "following") == rec
    assert records_under({"a": [], "b": []}, "following") == []
    assert records_under(None, "following") == []
    # an explicit versioned key is used as given, first match wins
    assert records_under({"friends_v2": rec, "friends": []}, "friends_v2", "friends") == rec


def test_flatten_label_values_nested_dict_vec_and_ent_field_name():
    items = [
        {"label": "Reaction", "value": "Like"},
        {"label": "Name", "value": "Example Court", "href": "https://fb.example/court"},
        {"label": "When", "timestamp_value": 1710000000},
        {"label": "Link", "href": "https://fb.example/post/1"},
        {"ent_field_name": "Author", "label": "Autore", "value": "Ben"},
        {"title": "Page", "dict": [{"label": "Page name", "value": "Red Hook Garden"},
                                   {"label": "Name", "value": "shadowed"}]},
        {"label": "Tags", "vec": [{"value": "a"}, {"value": "b"},
                                  {"dict": [{"label": "Who", "value": "c"}]}]},
    ]
    flat = flatten_label_values({"timestamp": 1, "label_values": items})
    assert flat["Reaction"] == "Like" and flat["Name"] == "Example Court"
    assert flat["Name.href"] == "https://fb.example/court"
    assert flat["When"] == 1710000000 and flat["Link"] == "https://fb.example/post/1"
    assert flat["Author"] == "Ben" and "Autore" not in flat
    assert flat["Page"] == {"Page name": "Red Hook Garden", "Name": "shadowed"}
    assert flat["Page name"] == "Red Hook Garden"  # merged up, without overwriting "Name"
    assert flat["Tags"] == ["a", "b", {"Who": "c"}]


def test_string_map_localized_keys():
    it = {"string_map_data": {"Commento": {"value": "Bellissimo"},
                              "Ora": {"timestamp": 1700000000},
                              "Proprietario del contenuto multimediale": {"value": "acme"}}}
    assert string_map(it) == {"Comment": "Bellissimo", "Time": 1700000000,
                              "Media Owner": "acme"}
    de = {"Suche": {"value": "gericht"}, "Zeit": {"timestamp": 1}}
    assert string_map(de) == {"Search": "gericht", "Time": 1}
    en = {"Username": {"value": "ben", "href": "https://instagram.com/ben"}}
    assert string_map(en) == {"Username": "ben", "Username.href": "https://instagram.com/ben"}


def test_meta_time_zero_none_garbage_and_ms():
    assert meta_time(0) is None and meta_time(None) is None and meta_time("soon") is None
    assert meta_time(True) is None and meta_time(float("nan")) is None
    assert meta_time(1712345678) == pd.Timestamp("2024-04-05T19:34:38Z")
    assert meta_time(1712345678901, ms=True) == pd.Timestamp("2024-04-05T19:34:38.901Z")
    assert meta_time("1712345678") == pd.Timestamp("2024-04-05T19:34:38Z")
    assert meta_time(1712345678901) is None  # ms given as seconds: implausible, not year 56000


def test_find_by_suffix_apostrophes_and_split_order():
    members = ["w/connections/followers/who_you've_followed.json",
               "w/a/likes_and_reactions_10.json", "w/a/likes_and_reactions_2.json",
               "w/a/likes_and_reactions.json", "w/a/likes_and_reactions_1.json",
               "w/a/not_likes_and_reactions_1.json", "w/a/likes_and_reactions_1.html"]
    assert find(members, "followers/who_you_ve_followed.json") == [members[0]]
    assert find(members, "a/likes_and_reactions_1.json") == [
        "w/a/likes_and_reactions.json", "w/a/likes_and_reactions_1.json",
        "w/a/likes_and_reactions_2.json", "w/a/likes_and_reactions_10.json"]
    assert find(members, "likes_and_reactions.json")[-1] == "w/a/likes_and_reactions_10.json"
    assert "w/a/not_likes_and_reactions_1.json" not in find(members, "likes_and_reactions.json")


def test_html_files_and_error_lists_them():
    members = ["index.html", "your_facebook_activity/posts/your_posts_1.html",
               "your_facebook_activity/messages/inbox/x/files/att.html", "a.json"]
    found = html_files(members)
    assert found == members[:2]
    message = str(html_error("fb.zip", found * 3))
    assert "HTML format (6 HTML files: index.html" in message and "and 3 more" in message
    assert "JSON" in message and "\n" not in message


def test_read_threads_counterparts_dedupe_and_secure_variant(tmp_path):
    base = "messages/inbox/ben_1/"
    newest = thread(["Ben Sample", "Ada Exämple"], [
        {"sender_name": "Ben Sample", "timestamp_ms": 1712345678901, "content": "Ciao 👍"},
        {"sender_name": "Ada Exämple", "timestamp_ms": 1712345000000,
         "share": {"link": "https://example.org/x", "share_text": "look"}}],
        thread_path="inbox/ben_1")
    older = thread(["Ben Sample", "Ada Exämple"], [
        {"sender_name": "Ada Exämple", "timestamp_ms": 1712345000000,  # repeated across files
         "share": {"link": "https://example.org/x", "share_text": "look"}},
        {"sender_name": "Ada Exämple", "timestamp_ms": 0, "content": "Non datato"},
        "garbage"], thread_path="inbox/ben_1")
    group = thread(["Ada Exämple", "Ben Sample", "Cleo"], [
        {"sender_name": "Cleo", "timestamp_ms": 1712000000000, "content": "Salut à tous"}],
        title="Club ❤️", thread_path="inbox/club_2")
    secure = {"participants": ["Ada Exämple", "Dora"], "threadName": "Dora",
              "messages": [{"senderName": "Dora", "text": "E2EE hello", "timestamp": 1712000001000,
                            "isUnsent": False, "media": [], "reactions": []}]}
    part = part_of(tmp_path, {base + "message_1.json": newest, base + "message_2.json": older,
                              "messages/inbox/club_2/message_1.json": group,
                              "secure/dora.json": secure, "messages/inbox/bad/message_1.json":
                              b'{"participants": [', })
    columns, coverage = read_threads(part, [base + "message_2.json", base + "message_1.json",
                                            "messages/inbox/club_2/message_1.json",
                                            "secure/dora.json",
                                            "messages/inbox/bad/message_1.json"],
                                     "facebook", {"Ada Exämple"})
    frame = pd.DataFrame(columns)
    assert sorted(frame["text"].dropna()) == ["Ciao 👍", "E2EE hello", "Non datato",
                                              "Salut à tous", "https://example.org/x look"]
    assert set(frame.loc[frame["text"] == "Ciao 👍", "counterpart"]) == {"Ben Sample"}
    assert set(frame.loc[frame["text"] == "Salut à tous", "counterpart"]) == {"Club ❤️"}
    assert set(frame.loc[frame["text"] == "E2EE hello", "counterpart"]) == {"Dora"}
    undated = frame[frame["text"] == "Non datato"].iloc[0]
    assert pd.isna(undated["timestamp"]) and undated["time_basis"] == "unknown"
    assert frame["record_id"].is_unique and (frame["kind"] == "message").all()
    status = {c.member: (c.status, c.records, c.bad_records) for c in coverage}
    assert status[base + "message_1.json"] == ("read", 2, 0)
    assert status[base + "message_2.json"] == ("read", 1, 1)
    assert status["messages/inbox/bad/message_1.json"][0] == "failed"
