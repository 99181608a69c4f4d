"""Benchmark: scan an X archive of N tweets and N likes end to end and write the audit folder.

    python benchmarks/bench_scan.py --n 1000000 [--profile sample_archives/profile.toml]

The archive is generated in the real layout (``data/manifest.js``, ``data/account.js``,
``data/tweets.js``, ``data/like.js``; ``window.YTD.<type>.part0 = [...]`` envelopes, wrapped
records, string ids) and streamed into the zip record by record, so generation needs little
memory. Every 500th tweet replies to or mentions a party of the sample profile and every
400th like is of a party's tweet, so the rules have real work. Prints records/s, the time of
each phase (import, rules, writing), the time of each rule family inside the rules phase,
and peak memory (ru_maxrss).
"""

from __future__ import annotations

import argparse
import functools
import resource
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
SNOWFLAKE_EPOCH_MS = 1288834974657
OWN_ID, OWN_HANDLE = "4400000001", "mariarossi_nyc"
START = datetime(2023, 1, 1, tzinfo=UTC)
SPAN = timedelta(days=540)  # tweets spread over 2023-01 .. 2024-06
GENERATED = datetime(2024, 6, 1, 12, tzinfo=UTC)
HARMLESS = ("Tried a new focaccia recipe tonight, rosemary and sea salt.",
            "Morning run along the river, cold but bright.",
            "Reading a history of the Brooklyn Bridge. Recommended.",
            "Garden update: the tomatoes finally turned red.")


def snowflake(when: datetime, seq: int) -> int:
    """A tweet id minted at ``when`` (formats.md 1.7, inverted)."""
    ms = int(when.timestamp() * 1000) - SNOWFLAKE_EPOCH_MS
    return (ms << 22) | (seq & 0x3FFFFF)


def tweet(i: int, n: int) -> dict:
    when = START + SPAN * (i / max(n, 1))
    created = when.strftime("%a %b %d %H:%M:%S +0000 %Y")
    base = {"id_str": str(snowflake(when, i)), "id": str(snowflake(when, i)),
            "created_at": created, "favorite_count": "0", "retweet_count": "0", "lang": "en",
            "entities": {"hashtags": [], "user_mentions": [], "urls": []}}
    if i % 500 == 0:
        text = "@acme_holdings Looking forward to the hearing on the warehouse lease in Red Hook"
        base.update(in_reply_to_status_id_str=str(snowflake(when, i + 1) - 1000),
                    in_reply_to_user_id_str="1500000001",
                    in_reply_to_screen_name="acme_holdings")
        base["entities"]["user_mentions"] = [{"screen_name": "acme_holdings",
                                              "name": "Acme Holdings", "id_str": "1500000001",
                                              "indices": ["0", "14"]}]
    elif i % 500 == 250:
        text = f"Dinner with @dokafor_law, great conversation #{i}"
        start = len("Dinner with ")
        base["entities"]["user_mentions"] = [{"screen_name": "dokafor_law",
                                              "name": "Daniel Okafor", "id_str": "1500000003",
                                              "indices": [str(start), str(start + 12)]}]
    else:
        text = f"{HARMLESS[i % len(HARMLESS)]} ({i})"
    base["full_text"] = text
    base["display_text_range"] = ["0", str(len(text))]
    return {"tweet": base}


def like(i: int, n: int) -> dict:
    when = START + SPAN * (i / max(n, 1))
    tweet_id = str(snowflake(when, i + 7))
    if i % 400 == 0:
        text = "Acme Holdings LLC: our statement on the Brightwater Logistics dispute"
    else:
        text = f"{HARMLESS[(i + 1) % len(HARMLESS)]} ({i})"
    return {"like": {"tweetId": tweet_id, "fullText": text,
                     "expandedUrl": f"https://twitter.com/i/web/status/{tweet_id}"}}


def write_js(zf: zipfile.ZipFile, name: str, global_name: str, items) -> int:
    """Stream one ``window.YTD.<type>.part0 = [ ... ]`` file into the zip."""
    count = 0
    with zf.open(name, "w", force_zip64=True) as out:
        out.write(f"window.{global_name} = [ ".encode())
        for item in items:
            if count:
                out.write(b", ")
            out.write(orjson.dumps(item))
            count += 1
        out.write(b" ]")
    return count


def build_archive(path: Path, n: int) -> Path:
    """An X archive with ``n`` tweets and ``n`` likes in the current layout."""
    manifest = {
        "userInfo": {"accountId": OWN_ID, "userName": OWN_HANDLE, "displayName": "Maria Rossi"},
        "archiveInfo": {"sizeBytes": "0", "generationDate": GENERATED.isoformat()[:19] + ".000Z",
                        "isPartialArchive": False, "maxPartSizeBytes": "53687091200"},
        "dataTypes": {
            "tweets": {"files": [{"fileName": "data/tweets.js",
                                  "globalName": "YTD.tweets.part0", "count": str(n)}]},
            "like": {"files": [{"fileName": "data/like.js", "globalName": "YTD.like.part0",
                                "count": str(n)}]}}}
    account = [{"account": {"accountId": OWN_ID, "username": OWN_HANDLE,
                            "accountDisplayName": "Maria Rossi",
                            "createdAt": "2012-04-01T10:00:00.000Z"}}]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("data/manifest.js", "window.__THAR_CONFIG = " + orjson.dumps(
            manifest).decode())
        zf.writestr("data/account.js", "window.YTD.account.part0 = " + orjson.dumps(
            account).decode())
        write_js(zf, "data/tweets.js", "YTD.tweets.part0", (tweet(i, n) for i in range(n)))
        write_js(zf, "data/like.js", "YTD.like.part0", (like(i, n) for i in range(n)))
    return path


def peak_mib() -> float:
    """Peak resident memory of this process (ru_maxrss is KiB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1 << 20) if sys.platform == "darwin" else rss / 1024


def time_families() -> dict[str, float]:
    """Wrap every registered rule family so the rules phase can report seconds per family
    (shared signals are charged to the first family that asks for them)."""
    from presence_audit import rules

    rules.load()
    spent: dict[str, float] = {}

    def timed(name: str, detector):  # type: ignore[no-untyped-def]
        @functools.wraps(detector)
        def run_family(ctx):  # type: ignore[no-untyped-def]
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                return detector(ctx)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t0
                spent[name + " cpu"] = spent.get(name + " cpu", 0.0) + time.process_time() - c0
        return run_family

    rules.DETECTORS[:] = [(ids, timed(f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}", fn))
                          for ids, fn in rules.DETECTORS]
    return spent


def run(n: int, profile: Path, keep: Path | None) -> None:
    from presence_audit.archive import Limits, open_archives
    from presence_audit.profile import load_profile
    from presence_audit.reports import ReportOptions, write_all
    from presence_audit.scan import ArchiveInfo, evaluate, import_archives

    with tempfile.TemporaryDirectory() as tmp:
        work = keep or Path(tmp)
        t0 = time.perf_counter()
        archive_path = build_archive(work / "x-bench.zip", n)
        t_gen = time.perf_counter() - t0
        print(f"generated {2 * n:,} records ({archive_path.stat().st_size / (1 << 20):.1f} MiB "
              f"zip) in {t_gen:.1f}s; peak {peak_mib():.0f} MiB")

        prof = load_profile(profile)
        t0 = time.perf_counter()
        archives = open_archives([archive_path], Limits())
        imported = import_archives(archives, own_handles=dict(prof.subject.handles))
        for a in archives:
            a.close()
        t_import = time.perf_counter() - t0
        rows = len(imported.activity)
        print(f"import: {rows:,} rows in {t_import:.1f}s ({rows / t_import:,.0f} records/s); "
              f"peak {peak_mib():.0f} MiB")

        spent = time_families()
        t0, c0 = time.perf_counter(), time.process_time()
        info = ArchiveInfo("x-bench.zip", str(archive_path), "zip")
        result = evaluate(prof, [info], imported)
        t_rules = time.perf_counter() - t0
        c_rules = time.process_time() - c0
        print(f"rules: {len(result.findings):,} findings in {t_rules:.1f}s (cpu {c_rules:.1f}s) "
              f"({rows / t_rules:,.0f} records/s); peak {peak_mib():.0f} MiB")
        walls = {k: v for k, v in spent.items() if not k.endswith(" cpu")}
        for name, seconds in sorted(walls.items(), key=lambda kv: -kv[1]):
            print(f"  {name:<34} {seconds:7.1f}s  (cpu {spent[name + ' cpu']:.1f}s)")
        other = t_rules - sum(walls.values())
        print(f"  {'(outside families: findings, counterparts)':<34} {other:7.1f}s")

        t0 = time.perf_counter()
        written = write_all(work / "audit", result, ReportOptions())
        t_write = time.perf_counter() - t0
        sizes = ", ".join(f"{p.name} {p.stat().st_size / (1 << 20):.1f} MiB"
                          for p in written.values())
        print(f"writing: {t_write:.1f}s ({sizes}); peak {peak_mib():.0f} MiB")
        total = t_import + t_rules + t_write
        print(f"total scan+write: {total:.1f}s, {rows / total:,.0f} records/s, "
              f"peak RSS {peak_mib():.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="tweets and likes each")
    parser.add_argument("--profile", type=Path, default=ROOT / "sample_archives" / "profile.toml")
    parser.add_argument("--keep", type=Path, help="write the archive and audit here")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    run(args.n, args.profile, args.keep)


if __name__ == "__main__":
    main()
