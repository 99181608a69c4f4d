"""Bluesky importer: repository exports as real CAR v1 files (DAG-CBOR blocks, commit, MST)."""

from __future__ import annotations

from collections import Counter

import libipld
import pytest
from fediarchive import at_uri, encode, strong_ref, tid, varint, write_car
from metaarchive import write_zip

from presence_audit import schema
from presence_audit.archive import open_archives, sniff
from presence_audit.importers import bluesky
from presence_audit.scan import import_archives

ME = "did:plc:ada2024testaaaaaaaaaaaaa"
BEN = "did:plc:ben2024testaaaaaaaaaaaaa"
POST = "app.bsky.feed.post"
T0 = tid(1_709_280_000_000_000)  # 2024-03-01T08:00:00Z
LIST = at_uri(ME, "app.bsky.graph.list", "3klist2222222")


def records() -> dict[str, dict]:
    mention = {"index": {"byteStart": 0, "byteEnd": 4},
               "features": [{"$type": "app.bsky.richtext.facet#mention", "did": BEN}]}
    return {
        f"{POST}/3kpost2222222": {"$type": POST, "text": "@ben see you in court",
                                  "createdAt": "2024-03-01T09:00:00.123456789Z",
                                  "facets": [mention]},
        f"{POST}/3kpost2222223": {"$type": POST, "text": "agreed",
                                  "createdAt": "2024-03-02T09:00:00-05:00",
                                  "reply": {"root": strong_ref(BEN, POST, "3kben22222222"),
                                            "parent": strong_ref(BEN, POST, "3kben22222223")}},
        f"{POST}/3kpost2222224": {"$type": POST, "text": "look",
                                  "createdAt": "2024-03-03T09:00:00Z",
                                  "embed": {"$type": "app.bsky.embed.recordWithMedia",
                                            "record": {"$type": "app.bsky.embed.record",
                                                       "record": strong_ref(BEN, POST,
                                                                            "3kben22222224")},
                                            "media": {"$type": "app.bsky.embed.images",
                                                      "images": []}}},
        f"{POST}/{T0}": {"$type": POST, "text": "no createdAt, time from the TID"},
        f"{POST}/3kpost2222226": {"$type": POST, "text": "epoch", "createdAt":
                                  "1970-01-01T00:00:00Z"},
        "app.bsky.feed.repost/3krepost222222": {"subject": strong_ref(BEN, POST,
                                                                      "3kben22222225"),
                                                "createdAt": "2024-03-04T09:00:00Z"},
        "app.bsky.feed.like/3klike2222222": {"subject": strong_ref(BEN, POST, "3kben22222226"),
                                             "createdAt": "2024-03-05T09:00:00Z"},
        "app.bsky.feed.like/3klike2222223": {"createdAt": "2024-03-05T09:00:00Z"},
        "app.bsky.graph.follow/3kfollow222222": {"subject": BEN,
                                                 "createdAt": "2024-03-06T09:00:00Z"},
        "app.bsky.graph.block/3kblock2222222": {"subject": "did:plc:spam",
                                                "createdAt": "2024-03-06T09:00:00Z"},
        "app.bsky.graph.list/3klist2222222": {"name": "Counsel", "purpose":
                                              "app.bsky.graph.defs#curatelist",
                                              "createdAt": "2024-03-07T09:00:00Z"},
        "app.bsky.graph.listitem/3kitem2222222": {"subject": BEN, "list": LIST,
                                                  "createdAt": "2024-03-07T09:01:00Z"},
        "app.bsky.actor.profile/self": {"displayName": "Ada", "description": "Judge."},
        "com.example.unknown.thing/3kother222222": {"x": 1},
    }


def run(paths, own=None):
    imported = import_archives(open_archives([str(p) for p in paths]), own_handles=own or {})
    schema.validate(imported.activity)
    frame = imported.activity[imported.activity["platform"] == "bluesky"]
    return frame, [c for c in imported.coverage if c.platform == "bluesky"], imported


def row(frame, collection, rkey):
    rows = frame[frame["record_id"] == at_uri(ME, collection, rkey)]
    assert len(rows) == 1
    return rows.iloc[0]


@pytest.fixture
def car(tmp_path):
    path = tmp_path / "repo.car"
    path.write_bytes(write_car(ME, records()))
    return path


def test_every_record_kind(car):
    frame, _, imported = run([car], own={"bluesky": "ada.bsky.social"})
    assert sorted(frame["kind"].astype(str).unique()) == [
        "follow", "group", "like", "post", "profile", "quote", "reply", "repost"]
    post = row(frame, POST, "3kpost2222222")
    assert (post["text"], post["mentions"], post["url"]) == (
        "@ben see you in court", BEN, f"https://bsky.app/profile/{ME}/post/3kpost2222222")
    assert str(post["timestamp"]) == "2024-03-01 09:00:00.123456789+00:00"
    reply = row(frame, POST, "3kpost2222223")
    assert (reply["kind"], reply["counterpart_id"]) == ("reply", BEN)
    assert str(reply["timestamp"]) == "2024-03-02 14:00:00+00:00"
    assert row(frame, POST, "3kpost2222224")["kind"] == "quote"
    repost = row(frame, "app.bsky.feed.repost", "3krepost222222")
    assert repost["url"] == f"https://bsky.app/profile/{BEN}/post/3kben22222225"
    assert row(frame, "app.bsky.graph.follow", "3kfollow222222")["counterpart_id"] == BEN
    item = row(frame, "app.bsky.graph.listitem", "3kitem2222222")
    assert (item["kind"], item["text"], item["counterpart_id"]) == ("group", "Counsel", BEN)
    profile = row(frame, "app.bsky.actor.profile", "self")
    assert profile["text"] == "username: ada.bsky.social; display name: Ada; bio: Judge."
    assert set(frame["account"].astype(str)) == {"ada.bsky.social"}
    assert imported.id_handles == {"bluesky": {ME: "ada.bsky.social"}}
    assert str(frame["observed_at"].iloc[0]) == "2024-06-01 12:00:00+00:00"  # commit rev TID


def test_missing_or_implausible_created_at_falls_back_to_the_tid(car):
    frame, _, _ = run([car])
    from_tid = row(frame, POST, T0)
    assert (str(from_tid["timestamp"]), from_tid["time_basis"]) == (
        "2024-03-01 08:00:00+00:00", "bound")
    epoch = row(frame, POST, "3kpost2222226")  # 3kpost… is a TID too: its time is used
    assert epoch["time_basis"] == "bound" and epoch["timestamp"].year >= 2000
    assert set(frame["account"].astype(str)) == {ME}  # no handle known: the DID


def test_coverage_counts_unread_and_bad_records(car):
    _, cover, _ = run([car])
    by = {c.member.rpartition(":")[2]: c for c in cover}
    assert (by["app.bsky.feed.like"].records, by["app.bsky.feed.like"].bad_records) == (1, 1)
    assert "no subject" in by["app.bsky.feed.like"].reason
    assert by["app.bsky.graph.block"].status == "skipped"
    assert by["com.example.unknown.thing"].status == "unrecognized"
    assert "unknown collection" in by["com.example.unknown.thing"].reason
    whole = next(c for c in cover if c.member == "repo.car")
    assert whole.status == "read" and ME in whole.reason


def test_car_inside_a_zip_and_sniffed_without_extension(tmp_path, car):
    frame, _, _ = run([write_zip(tmp_path / "export.zip", {"backup/repo.car": car.read_bytes()})])
    assert (frame["kind"] == "post").sum() == 3
    plain = tmp_path / "download"
    plain.write_bytes(car.read_bytes())
    assert sniff(plain) == "car"
    assert open_archives([plain])[0].names == ["download"]


def test_mst_with_left_subtrees_is_walked_in_key_order(car):
    header, blocks = libipld.decode_car(car.read_bytes())
    commit = blocks[header["roots"][0]]
    problems = Counter()
    keys = [k for k, _ in bluesky.walk_mst(commit["data"], blocks, problems)]
    assert keys == sorted(records()) and not problems


def test_bad_block_costs_only_its_record(tmp_path):
    good = write_car(ME, records())
    block = encode(records()["app.bsky.graph.follow/3kfollow222222"])
    broken = good.replace(block, b"\xff" * len(block))
    path = tmp_path / "repo.car"
    path.write_bytes(broken)
    frame, cover, _ = run([path])
    assert (frame["kind"] == "follow").sum() == 0
    assert (frame["kind"] == "post").sum() == 3
    follows = next(c for c in cover if c.member.endswith("app.bsky.graph.follow"))
    assert follows.bad_records == 1 and "missing or damaged" in follows.reason
    whole = next(c for c in cover if c.member == "repo.car")
    assert "damaged blocks" in whole.reason


def test_truncated_car_reads_what_it_can(tmp_path):
    data = write_car(ME, records())
    path = tmp_path / "repo.car"
    path.write_bytes(data[: len(data) - 40])
    frame, cover, _ = run([path])
    whole = next(c for c in cover if c.member == "repo.car")
    assert whole.status == "read" and "truncated file" in whole.reason
    assert len(frame) > 0  # the blocks before the cut are still read


def test_car_cut_in_half_says_so(tmp_path):
    data = write_car(ME, records())
    path = tmp_path / "repo.car"
    path.write_bytes(data[: len(data) // 2])
    _, cover, _ = run([path])
    whole = next(c for c in cover if c.member == "repo.car")
    assert "truncated file" in whole.reason or "MST node missing" in whole.reason


@pytest.mark.parametrize("payload, reason", [
    (b"garbage that is not a car", "not a readable CAR file"),
    (None, "not a repository commit"),
])
def test_unreadable_cars_are_failed_members(tmp_path, payload, reason):
    if payload is None:  # a valid CAR whose root is not a commit
        header = encode({"version": 1, "roots": []})
        payload = varint(len(header)) + header
        reason = "without version 1 and a root"
    zipped = write_zip(tmp_path / "x.zip", {"repo.car": payload})
    _, cover, _ = run([zipped])
    assert [c.status for c in cover] == ["failed"] and reason in cover[0].reason


def test_tid_time():
    assert str(bluesky.tid_time(tid(1_717_243_200_000_000))) == "2024-06-01 12:00:00+00:00"
    assert bluesky.tid_time("self") is None
