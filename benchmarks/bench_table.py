"""Benchmark table: floor vs full scan on X and Facebook archives of varied text.

    python benchmarks/bench_table.py                 # N = 10^4 and 10^5
    python benchmarks/bench_table.py --million       # adds N = 10^6
    python benchmarks/bench_table.py --n 20000       # one size
    python benchmarks/bench_table.py --watchlist     # 10 vs 10,000 people, X at N = 10^4

For each size N it builds an X archive of N tweets + N likes and a Facebook archive of N
posts + N reactions. Texts are one to three sentences drawn from the training corpus (every
language; 40% civil or not partisan, 1% intemperate or partisan), the X sample's texts (1%)
and generated filler, so few repeat. Every 500th post replies to a party and every 400th
like/reaction is of a party's post.

Each measurement runs in its own subprocess, so wall time, CPU time (user + system) and peak
memory (ru_maxrss) belong to that run alone:
- floor: unzip every data member and parse it with orjson, nothing else;
- scan: ``presence-audit scan`` with every rule and classifier, writing the audit folder;
- scan --no-classifiers: only when the CLI has that option.
Prints one markdown table; ratios are scan time / floor time (wall and CPU).

``--watchlist`` instead scans one X archive (N = 10^4 unless ``--n``) twice: with a
people.csv of the 10 planted people and with the same 10 plus 9,990 invented ones, and prints
both runs, their ratio and the finding counts.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import bigarchive as big  # noqa: E402

PROFILE = ROOT / "sample_archives" / "profile.toml"
ACME = ("acme_holdings", "1500000001")
PEOPLE_FIELDS = ("name", "aliases", "role", "case_id", "handles")
# the sample people.csv's seven rows plus these three named in the sample cases.csv
EXTRA_PLANTED = (("Priya Raman", "counsel", "IND-0789/2023"),
                 ("Luisa Ferreira", "witness", "IND-0789/2023"),
                 ("Samuel Ortiz", "counsel", "655321/2021"))
_ONSETS = ("b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
           "br", "dr", "kl", "st", "tr", "sh", "ch")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ou")
_CODAS = ("", "", "n", "r", "l", "s", "k", "nd", "rt", "sk")


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mib: float
    ok: bool


def measure(argv: list[str]) -> Run:
    """Run ``argv`` as a child and return its own wall time, CPU time and peak RSS."""
    t0 = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - t0
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode(errors="replace") if child.stderr else ""
    ok = child.returncode in (0, 1)  # 1 = findings at or above --fail-on
    if not ok:
        print(f"  ! {' '.join(argv[:4])}… exited {child.returncode}: {err.strip()[-300:]}",
              file=sys.stderr)
    rss = usage.ru_maxrss / (1 << 20) if sys.platform == "darwin" else usage.ru_maxrss / 1024
    return Run(wall, usage.ru_utime + usage.ru_stime, rss, ok)


def floor(archive: Path) -> int:
    """Unzip every data member and parse it with orjson; returns the members parsed."""
    parsed = 0
    with zipfile.ZipFile(archive) as zf:
        for name in zf.namelist():
            if not name.endswith((".js", ".json")):
                continue
            raw = zf.read(name)
            if name.endswith(".js"):
                raw = raw[min(i for i in (raw.find(b"["), raw.find(b"{")) if i >= 0):]
            orjson.loads(raw)
            parsed += 1
    return parsed


def build_x(path: Path, n: int, text) -> Path:  # type: ignore[no-untyped-def]
    def tweets():  # type: ignore[no-untyped-def]
        for i in range(n):
            if i % 500 == 0:
                yield big.x_tweet(i, n, "@acme_holdings Looking forward to the hearing on the "
                                  "warehouse lease in Red Hook", ACME)
            else:
                yield big.x_tweet(i, n, text())

    def likes():  # type: ignore[no-untyped-def]
        for i in range(n):
            yield big.x_like(i, n, "Acme Holdings LLC: our statement on the Brightwater "
                             "Logistics dispute" if i % 400 == 0 else text())
    return big.write_x(path, tweets(), likes(), n)


def build_facebook(path: Path, n: int, text) -> Path:  # type: ignore[no-untyped-def]
    friends = [f"{a} {b}" for a in ("Anna", "Luca", "Sofia", "Tomas", "Mei", "Omar", "Ines")
               for b in ("Berg", "Costa", "Novak", "Haddad", "Ivanova", "Lund", "Moreau")]
    posts = (big.fb_post(i, n, text()) for i in range(n))
    reactions = (big.fb_reaction(i, n, "Acme Holdings LLC" if i % 400 == 0
                                 else friends[i % len(friends)]) for i in range(n))
    return big.write_facebook(path, posts, reactions)


def planted_people() -> list[dict[str, str]]:
    """The 10 people whose findings both watch lists must yield alike."""
    with (PROFILE.parent / "people.csv").open(newline="", encoding="utf-8") as fh:
        rows = [dict(row) for row in csv.DictReader(fh)]
    rows += [{"name": name, "aliases": "", "role": role, "case_id": case, "handles": ""}
             for name, role, case in EXTRA_PLANTED]
    return rows


def _invented_name(rng: random.Random, syllables: int) -> str:
    word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables))
    return (word + rng.choice(_CODAS)).capitalize()


def invented_people(count: int, case_ids: list[str], seed: int = 15) -> list[dict[str, str]]:
    """``count`` distinct invented people.csv rows, the same for the same arguments.

    Roles cycle party / counsel / witness over ``case_ids``; every third person has an X
    handle with an account id, so the watch list exercises handle matching as well.
    """
    rng = random.Random(seed)
    seen: set[str] = set()
    rows: list[dict[str, str]] = []
    while len(rows) < count:
        first = _invented_name(rng, rng.choice((1, 2)))
        name = f"{first} {_invented_name(rng, rng.choice((2, 3)))}"
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        i = len(rows)
        first, last = name.lower().split()
        handle = f"x:@{first[:4]}_{last[:6]}{i}#{2_600_000_000 + i}" if i % 3 == 0 else ""
        rows.append({"name": name, "aliases": "", "role": ("party", "counsel", "witness")[i % 3],
                     "case_id": case_ids[i % len(case_ids)], "handles": handle})
    return rows


def watchlist_profile(folder: Path, people: list[dict[str, str]]) -> Path:
    """The sample profile with ``people`` as its people.csv, written in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("profile.toml", "cases.csv", "political.csv"):
        shutil.copy(PROFILE.parent / name, folder / name)
    with (folder / "people.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, PEOPLE_FIELDS)
        writer.writeheader()
        writer.writerows(people)
    return folder / "profile.toml"


def sample_case_ids() -> list[str]:
    with (PROFILE.parent / "cases.csv").open(newline="", encoding="utf-8") as fh:
        return [row["case_id"] for row in csv.DictReader(fh)]


def has_option(option: str) -> bool:
    out = subprocess.run([sys.executable, "-m", "presence_audit.cli", "scan", "--help"],
                         capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    return option in out.stdout


def bench(n: int, work: Path, no_classifiers: bool) -> list[str]:
    """Table rows for size ``n``: one per platform."""
    text = varied_text(n)
    rows = []
    for platform, build in (("X", build_x), ("Facebook", build_facebook)):
        archive = build(work / f"{platform.lower()}-{n}.zip", n, text)
        floor_run = measure([sys.executable, __file__, "--floor", str(archive)])
        scans: dict[str, list[str]] = {"scan": []}
        if no_classifiers:
            scans["no-cls"] = ["--no-classifiers"]
        results = {}
        for label, extra in scans.items():
            out = work / f"audit-{platform}-{n}-{label}"
            results[label] = measure(scan_argv(archive, PROFILE, out, *extra))
        found = findings_count(work / f"audit-{platform}-{n}-scan")
        rows.append(row(platform, n, archive, floor_run, results) + f" {found} |")
        print(rows[-1], file=sys.stderr, flush=True)
    return rows


def varied_text(n: int):  # type: ignore[no-untyped-def]
    """The text source every benchmark archive of size ``n`` draws from."""
    civil = big.corpus_texts(("civil", "not_partisan"))
    loaded = big.corpus_texts(("intemperate", "partisan"))
    samples = big.sample_texts(ROOT / "sample_archives" / "x-sample.zip")
    return big.text_source(n, [(0.40, civil), (0.01, loaded), (0.01, samples)])


def scan_argv(archive: Path, profile: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "presence_audit.cli", "scan", str(archive), "--profile",
            str(profile), "--out", str(out), "--no-history", *extra]


def bench_watchlist(n: int, work: Path, size: int = 10_000) -> list[str]:
    """Table rows for one X archive scanned with 10 and with ``size`` watched people."""
    archive = build_x(work / f"x-{n}.zip", n, varied_text(n))
    planted = planted_people()
    lists = {len(planted): planted,
             size: planted + invented_people(size - len(planted), sample_case_ids())}
    runs: dict[int, tuple[Run, str]] = {}
    for count, people in lists.items():
        profile = watchlist_profile(work / f"watch-{count}", people)
        out = work / f"audit-watch-{count}"
        runs[count] = (measure(scan_argv(archive, profile, out)), findings_count(out))
        print(f"  {count} people: {runs[count][0]}", file=sys.stderr, flush=True)
    (small, _), (large, _) = runs.values()
    rows = [f"| {count:,} | {run.wall:.1f} s / {run.cpu:.1f} s | {run.peak_mib:.0f} MiB "
            f"| {found} |" for count, (run, found) in runs.items()]
    rows.append(f"| ratio | {large.wall / small.wall:.2f}x / {large.cpu / small.cpu:.2f}x | "
                f"{large.peak_mib / small.peak_mib:.2f}x | |")
    return rows


WATCH_HEADER = ("| people.csv rows | scan wall / CPU | peak RSS | findings |\n"
                "|---|---|---|---|")


def findings_count(audit: Path) -> str:
    try:
        return str(len(orjson.loads((audit / "findings.json").read_bytes())["findings"]))
    except (OSError, ValueError, KeyError):
        return "?"


def row(platform: str, n: int, archive: Path, fl: Run, results: dict[str, Run]) -> str:
    scan = results["scan"]
    nc = results.get("no-cls")
    records = 2 * n
    cells = [platform, f"{n:,} + {n:,}", f"{archive.stat().st_size / (1 << 20):.1f} MiB",
             f"{fl.wall:.1f} s / {fl.cpu:.1f} s", f"{scan.wall:.1f} s / {scan.cpu:.1f} s",
             f"{scan.wall / fl.wall:.1f}x / {scan.cpu / fl.cpu:.1f}x",
             (f"{nc.wall:.1f} s / {nc.cpu:.1f} s ({nc.wall / fl.wall:.1f}x / "
              f"{nc.cpu / fl.cpu:.1f}x)" if nc else "n/a (no option)"),
             f"{records / scan.wall:,.0f} / {records / scan.cpu:,.0f}",
             f"{fl.peak_mib:.0f} / {scan.peak_mib:.0f} MiB"]
    if not scan.ok:
        cells[4] += " (failed)"
    return "| " + " | ".join(cells) + " |"


HEADER = ("| archive | records | zip | floor wall / CPU | scan wall / CPU | scan ÷ floor "
          "(wall / CPU) | --no-classifiers wall / CPU (÷ floor) | scan records/s (wall / CPU) "
          "| peak RSS floor / scan | findings |\n|---|---|---|---|---|---|---|---|---|---|")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, action="append", help="size(s); default 10^4, 10^5")
    parser.add_argument("--million", action="store_true", help="also N = 10^6")
    parser.add_argument("--keep", type=Path, help="keep archives and audits here")
    parser.add_argument("--watchlist", action="store_true",
                        help="10 vs 10,000 people in people.csv on one X archive")
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)  # child mode
    args = parser.parse_args()
    if args.floor:
        floor(args.floor)
        return
    sizes = args.n or ([10_000] if args.watchlist else [10_000, 100_000])
    if args.million:
        sizes.append(1_000_000)
    no_cls = not args.watchlist and has_option("--no-classifiers")
    if not no_cls and not args.watchlist:
        print("note: scan has no --no-classifiers option; that column is n/a", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        rows = [r for n in sizes for r in (bench_watchlist(n, work) if args.watchlist
                                           else bench(n, work, no_cls))]
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end\n")
    print(WATCH_HEADER if args.watchlist else HEADER)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
