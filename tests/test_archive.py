"""Safe archive access: zip, tar and folder read alike; hostile members are refused."""

from __future__ import annotations

import io
import os
import tarfile
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from presence_audit.archive import Limits, is_debris, open_archives
from presence_audit.errors import ArchiveError, AuditInputError

MEMBERS = {
    "data/account.js": b'window.YTD.account.part0 = [ {"account": {"username": "a"}} ]',
    "data/tweets.js": b"window.YTD.tweets.part0 = [ ]",
}


def write_zip(path: Path, members: dict[str, bytes], **infos) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 6, 1, 12, 0, 0))
            for key, value in infos.get(name, {}).items():
                setattr(info, key, value)
            zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return path


def write_tar(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def write_folder(path: Path, members: dict[str, bytes]) -> Path:
    for name, data in members.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_bytes(data)
    return path


@pytest.mark.parametrize("container", ["zip", "tar", "folder"])
def test_each_container_lists_and_streams_the_same_members(tmp_path, container):
    if container == "zip":
        target = write_zip(tmp_path / "x.zip", MEMBERS)
    elif container == "tar":
        target = write_tar(tmp_path / "x.tar.gz", MEMBERS)
    else:
        target = write_folder(tmp_path / "export", MEMBERS)
    [archive] = open_archives([target])
    assert sorted(archive.names) == sorted(MEMBERS)
    for name, data in MEMBERS.items():
        assert archive.read_bytes(name) == data
    assert archive.refused == []


def test_container_is_recognized_by_content_not_extension(tmp_path):
    zipped = write_zip(tmp_path / "export.tar.gz", MEMBERS)  # a zip renamed .tar.gz
    [archive] = open_archives([zipped])
    assert archive.kind == "zip"
    assert archive.read_bytes("data/tweets.js") == MEMBERS["data/tweets.js"]


def test_folder_of_split_parts_opens_each_part(tmp_path):
    folder = tmp_path / "downloads"
    folder.mkdir()
    write_zip(folder / "part-1.zip", {"a/one.json": b"[]"})
    write_zip(folder / "part-2.zip", {"a/two.json": b"[]"})
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    archives = open_archives([folder])
    assert [a.label for a in archives] == ["part-1.zip", "part-2.zip"]
    assert [a.names for a in archives] == [["a/one.json"], ["a/two.json"]]


def test_several_paths_at_once(tmp_path):
    a = write_zip(tmp_path / "a.zip", {"x.json": b"1"})
    b = write_folder(tmp_path / "b", {"y.json": b"2"})
    assert [arc.names for arc in open_archives([a, b])] == [["x.json"], ["y.json"]]


def test_traversal_and_absolute_members_are_refused(tmp_path):
    target = write_zip(tmp_path / "evil.zip", {
        "../outside.json": b"{}", "/etc/passwd": b"root", "ok/../../up.json": b"{}",
        "data/fine.js": b"[]"})
    [archive] = open_archives([target])
    assert archive.names == ["data/fine.js"]
    reasons = dict(archive.refused)
    assert "escapes" in reasons["../outside.json"]
    assert "absolute" in reasons["/etc/passwd"]
    assert "escapes" in reasons["ok/../../up.json"]
    with pytest.raises(ArchiveError):
        archive.read_bytes("../outside.json")
    assert not (tmp_path / "outside.json").exists()


def test_symlink_member_in_zip_is_refused(tmp_path):
    link_attr = (0o120777 << 16)
    target = write_zip(tmp_path / "link.zip", {"data/link.js": b"/etc/passwd", "data/a.js": b"[]"},
                       **{"data/link.js": {"external_attr": link_attr, "create_system": 3}})
    [archive] = open_archives([target])
    assert archive.names == ["data/a.js"]
    assert "link" in dict(archive.refused)["data/link.js"]


def test_symlinks_in_folder_are_not_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read")
    export = write_folder(tmp_path / "export", {"data/a.js": b"[]"})
    os.symlink(secret, export / "data" / "leak.js")
    os.symlink(tmp_path, export / "data" / "loop")
    [archive] = open_archives([export])
    assert archive.names == ["data/a.js"]
    refused = dict(archive.refused)
    assert "link" in refused["data/leak.js"] and "link" in refused["data/loop"]


def test_symlink_in_tar_is_refused(tmp_path):
    path = tmp_path / "l.tar.gz"
    with tarfile.open(path, "w:gz") as tf:
        info = tarfile.TarInfo("outbox.json")
        info.type = tarfile.SYMTYPE
        info.linkname = "/etc/passwd"
        tf.addfile(info)
    [archive] = open_archives([path])
    assert archive.names == [] and "link" in dict(archive.refused)["outbox.json"]


def test_zip_bomb_stops_with_clear_error_and_bounded_memory(tmp_path):
    bomb = tmp_path / "bomb.zip"
    with (zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf,
          zf.open("data/tweets.js", "w") as member):
        chunk = b"\0" * (1 << 20)
        for _ in range(200):  # 200 MiB of zeros, about 200 KiB compressed
            member.write(chunk)
    assert bomb.stat().st_size < 2_000_000
    [archive] = open_archives([bomb])
    tracemalloc.start()
    with pytest.raises(ArchiveError, match="compression ratio"):
        archive.read_bytes("data/tweets.js")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 48 * (1 << 20)


def test_member_and_total_caps(tmp_path):
    target = write_zip(tmp_path / "big.zip", {"a.json": os.urandom(300_000),
                                              "b.json": os.urandom(300_000)})
    [archive] = open_archives([target], Limits(max_member_bytes=100_000))
    with pytest.raises(ArchiveError, match="larger than 100000"):
        archive.read_bytes("a.json")
    [archive] = open_archives([target], Limits(max_total_bytes=400_000))
    archive.read_bytes("a.json")
    with pytest.raises(ArchiveError, match="in total"):
        archive.read_bytes("b.json")


def test_too_many_members_are_refused_beyond_the_cap(tmp_path):
    target = write_zip(tmp_path / "many.zip", {f"f{i}.json": b"1" for i in range(30)})
    [archive] = open_archives([target], Limits(max_members=10))
    assert len(archive.names) == 10
    assert len(archive.refused) == 20
    assert all("more than 10 members" in r for _, r in archive.refused)


def mark_encrypted(path: Path, name: bytes) -> None:
    """Set the 'encrypted' bit of one member in its local and central headers."""
    raw = bytearray(path.read_bytes())
    for sig, flag_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        pos = raw.find(sig)
        while pos != -1:
            if raw[pos + name_at:pos + name_at + len(name)] == name:
                raw[pos + flag_at] |= 0x1
            pos = raw.find(sig, pos + 1)
    path.write_bytes(bytes(raw))


def test_encrypted_member_is_refused(tmp_path):
    target = write_zip(tmp_path / "enc.zip", {"secret.json": b"{}", "open.json": b"{}"})
    mark_encrypted(target, b"secret.json")
    [archive] = open_archives([target])
    assert archive.names == ["open.json"]
    assert "encrypted" in dict(archive.refused)["secret.json"]


def test_duplicate_member_names_keep_the_first(tmp_path):
    path = tmp_path / "dup.zip"
    with zipfile.ZipFile(path, "w") as zf, pytest.warns(UserWarning):
        zf.writestr("a.json", b"first")
        zf.writestr("a.json", b"second")
    [archive] = open_archives([path])
    assert archive.names == ["a.json"]
    assert "duplicate" in dict(archive.refused)["a.json"]
    assert archive.read_bytes("a.json") == b"first"  # the copy listed is the copy read


def test_corrupt_and_truncated_zips_are_clear_errors(tmp_path):
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(b"PK\x03\x04" + b"\xff" * 100)
    with pytest.raises(ArchiveError, match="not a readable zip"):
        open_archives([garbage])
    good = write_zip(tmp_path / "good.zip", MEMBERS)
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[:-30])
    with pytest.raises(ArchiveError, match="not a readable zip"):
        open_archives([truncated])


def test_corrupted_member_data_is_a_member_error(tmp_path):
    text = b"".join(b"tweet %d says something different\n" % i for i in range(20_000))
    good = write_zip(tmp_path / "good.zip", {"data/tweets.js": text})
    raw = bytearray(good.read_bytes())
    middle = len(raw) // 2
    raw[middle:middle + 64] = b"\x00" * 64  # inside the deflate stream of the only member
    bad = tmp_path / "bad.zip"
    bad.write_bytes(bytes(raw))
    [archive] = open_archives([bad])
    with pytest.raises(ArchiveError, match=r"data/tweets\.js"):
        archive.read_bytes("data/tweets.js")


def test_truncated_tar_is_a_clear_error(tmp_path):
    tar = write_tar(tmp_path / "t.tar.gz", {"outbox.json": os.urandom(50_000)})
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(tar.read_bytes()[:2000])
    with pytest.raises(ArchiveError, match="tar"):
        archives = open_archives([cut])
        archives[0].read_bytes("outbox.json")


def test_empty_archive_and_unknown_files(tmp_path):
    empty = write_zip(tmp_path / "empty.zip", {})
    assert open_archives([empty])[0].names == []
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(ArchiveError, match="not a zip or tar"):
        open_archives([text])


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(AuditInputError, match="no such file"):
        open_archives([tmp_path / "nope.zip"])


def test_archive_is_never_modified(tmp_path):
    target = write_zip(tmp_path / "x.zip", MEMBERS)
    before = (target.read_bytes(), target.stat().st_mtime_ns)
    [archive] = open_archives([target])
    for name in archive.names:
        archive.read_bytes(name)
    archive.close()
    assert (target.read_bytes(), target.stat().st_mtime_ns) == before


def test_debris_names():
    assert is_debris("__MACOSX/data/._tweets.js")
    assert is_debris("data/._tweets.js")
    assert is_debris("data/.DS_Store")
    assert not is_debris("data/tweets.js")
