"""Fuzz target for the archive layer: mutated containers end in ArchiveError, never a crash.

Hypothesis drives byte flips, truncations and splices of a valid zip and tar.gz; CI runs it
briefly; raise the example count locally with ``FUZZ_EXAMPLES=20000``.
"""

from __future__ import annotations

import io
import os
import tarfile
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presence_audit.archive import Limits, open_archives
from presence_audit.errors import AuditInputError

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))

MEMBERS = {
    "data/manifest.js": b'window.__THAR_CONFIG = {"archiveInfo": {}}',
    "data/tweets.js": b"window.YTD.tweets.part0 = [ " + b'{"tweet": {"id_str": "1"}}, ' * 200
    + b"{} ]",
    "data/like.js": b"window.YTD.like.part0 = [ ]",
}


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in MEMBERS.items():
            zf.writestr(zipfile.ZipInfo(name, (2024, 6, 1, 0, 0, 0)), data,
                        compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def tar_bytes() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for name, data in MEMBERS.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


SEEDS = {"zip": zip_bytes(), "tar": tar_bytes()}


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(SEEDS[draw(st.sampled_from(sorted(SEEDS)))])
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "truncate", "splice", "zero"]))
        if not data:
            break
        pos = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[pos] ^= draw(st.integers(1, 255))
        elif op == "truncate":
            del data[pos:]
        elif op == "splice":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=64))
        else:
            data[pos:pos + 16] = b"\0" * 16
    return bytes(data)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(blob=mutated())
def test_mutated_archives_fail_cleanly(tmp_path, blob):
    target = tmp_path / "fuzz.bin"
    target.write_bytes(blob)
    limits = Limits(max_member_bytes=1 << 20, max_total_bytes=8 << 20)
    try:
        archives = open_archives([target], limits)
        for archive in archives:
            for name in archive.names:
                try:
                    archive.read_bytes(name)
                except AuditInputError as exc:
                    assert str(exc) and "\n" not in str(exc)
            archive.close()
    except AuditInputError as exc:
        assert str(exc) and "\n" not in str(exc)


def test_seeds_are_valid_archives(tmp_path):
    for kind, blob in SEEDS.items():
        target = tmp_path / f"seed.{kind}"
        target.write_bytes(blob)
        [archive] = open_archives([target])
        assert sorted(archive.names) == sorted(MEMBERS)


@pytest.mark.parametrize("declared", [2**32 - 1, 10**12])
def test_lying_declared_size_does_not_matter(tmp_path, declared):
    """A central directory that declares a huge size: reads are bounded by real bytes."""
    blob = bytearray(zip_bytes())
    cd = blob.find(b"PK\x01\x02")
    blob[cd + 24:cd + 28] = (declared % 2**32).to_bytes(4, "little")
    target = tmp_path / "lying.zip"
    target.write_bytes(bytes(blob))
    [archive] = open_archives([target], Limits(max_member_bytes=1 << 20))
    first = archive.names[0]
    try:
        data = archive.read_bytes(first)
        assert len(data) <= 1 << 20
    except AuditInputError as exc:
        assert "\n" not in str(exc)
