"""The scan pipeline: every member accounted for, importer failures contained, bad input refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest
from xarchive import build_x_archive, like, tweet, write_zip, x_members

from presence_audit import engine, importers
from presence_audit import rules as rules_pkg
from presence_audit.engine import rules_not_run
from presence_audit.errors import AuditInputError
from presence_audit.findings_schema import FINDING_COLUMNS
from presence_audit.profile import load_profile
from presence_audit.rules import RuleSpec
from presence_audit.scan import scan

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_archives" / "x-sample.zip"
PROFILE = ROOT / "sample_archives" / "profile.toml"
APRIL = "Tue Apr 16 14:02:11 +0000 2024"


def party_tweets() -> list[dict]:
    """A reply to a party of the pending case 512345/2024 and a harmless post."""
    return [
        tweet("1780231000000000001", APRIL,
              "@acme_holdings see you at the hearing on the warehouse lease",
              reply_to=("1780230000000000000", "1500000001", "acme_holdings"),
              mentions=[("acme_holdings", "1500000001")]),
        tweet("1780231000000000002", APRIL, "Rosemary focaccia, second attempt."),
    ]


def by_member(result) -> dict[str, object]:
    return {e.member: e for e in result.coverage}


def test_sample_end_to_end_accounts_for_every_member():
    result = scan([SAMPLE], PROFILE)
    assert list(result.findings.columns) == list(FINDING_COLUMNS)
    assert len(result.activity) > 10
    assert set(result.activity["platform"].astype(str)) == {"x"}
    members = by_member(result)
    with zipfile.ZipFile(SAMPLE) as zf:
        names = [n for n in zf.namelist() if not n.endswith("/")]
    assert set(names) <= set(members), set(names) - set(members)
    assert members["data/tweets_media/1785000000000000000-cannoli.jpg"].status == "skipped"
    assert members["data/ad-engagements.js"].status == "unrecognized"
    assert members["data/tweets.js"].status == "read" and members["data/tweets.js"].records > 0
    start, end = result.period
    assert start <= end and start.year < 2019 <= end.year  # includes the pre-office post
    assert result.archives[0].platforms == ["x"]
    assert len(result.archives[0].sha256) == 64
    assert "PARTY_CONNECTION" in set(result.findings["rule"])


def test_same_export_twice_counts_once(tmp_path):
    first = build_x_archive(tmp_path / "q1.zip", tweets=party_tweets())
    second = build_x_archive(tmp_path / "q2.zip", tweets=party_tweets())
    result = scan([first, second], PROFILE)
    # two tweets and the account's profile row, each once
    assert sorted(result.activity["kind"].astype(str)) == ["post", "profile", "reply"]
    assert result.findings["fingerprint"].is_unique


def test_unknown_layout_lists_the_files_found(tmp_path):
    path = tmp_path / "holiday.zip"
    write_zip({"photos/beach.txt": b"sun", "notes/list.csv": b"a,b\n"}, path)
    with pytest.raises(AuditInputError) as err:
        scan([path], PROFILE)
    message = str(err.value)
    assert "not a known export layout" in message
    assert "photos/beach.txt" in message and "notes/list.csv" in message
    assert "\n" not in message


def test_export_without_records_is_an_error(tmp_path):
    path = build_x_archive(tmp_path / "empty.zip", tweets=[])
    with pytest.raises(AuditInputError, match="no records could be read"):
        scan([path], PROFILE)


def test_missing_path_and_bad_profile_raise(tmp_path):
    with pytest.raises(AuditInputError, match="no such file"):
        scan([tmp_path / "nope.zip"], PROFILE)
    bad = tmp_path / "profile.toml"
    bad.write_text("[subject\nname = 'x'\n")
    with pytest.raises(AuditInputError, match=r"profile\.toml"):
        scan([SAMPLE], bad)


class _Exploding:
    """An importer with a bug: recognizes a marker file, then crashes while reading."""

    name = "exploding"

    def detect(self, names):
        return [""] if "boom/marker.json" in names else []

    def read(self, parts, ctx):
        raise KeyError("boom\nsecond line")


def test_importer_crash_becomes_coverage_and_the_scan_goes_on(tmp_path, monkeypatch):
    importers.all_importers()
    monkeypatch.setitem(importers._REGISTRY, "exploding", _Exploding())
    members = x_members(tweets=party_tweets(), extra_members={"boom/marker.json": "{}"})
    path = tmp_path / "mixed.zip"
    write_zip(members, path)
    result = scan([path], PROFILE)
    failed = [e for e in result.coverage if e.platform == "exploding"]
    assert len(failed) == 1 and failed[0].status == "failed"
    assert "KeyError" in failed[0].reason and "\n" not in failed[0].reason
    assert (result.activity["kind"] != "profile").sum() == 2  # the X export was still read


def test_unclaimed_nested_and_refused_members_are_listed(tmp_path):
    members = x_members(tweets=party_tweets(), root="twitter-2024/")
    members["older-export.zip"] = b"PK\x05\x06" + b"\0" * 18
    members["letter.docx"] = b"not read"
    members["__MACOSX/._letter.docx"] = b"\0"
    path = tmp_path / "bundle.zip"
    write_zip(members, path)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("../escape.txt", b"x")
    result = scan([path], PROFILE)
    cov = by_member(result)
    assert cov["older-export.zip"].status == "unrecognized"
    assert "nested archive not opened" in cov["older-export.zip"].reason
    assert cov["letter.docx"].status == "unrecognized"
    assert cov["__MACOSX/._letter.docx"].status == "skipped"
    assert cov["../escape.txt"].status == "failed"
    assert "refused" in cov["../escape.txt"].reason


def test_folder_export_and_progress_messages(tmp_path):
    folder = build_x_archive(tmp_path / "unpacked", tweets=party_tweets(),
                             likes=[like("1780000000000000009", "Acme Holdings news")])
    seen: list[str] = []
    result = scan([folder], PROFILE, progress=seen.append)
    assert result.archives[0].kind == "folder" and result.archives[0].sha256 is None
    assert seen and any("rules" in m for m in seen)
    assert isinstance(result.activity["timestamp"].dtype, pd.DatetimeTZDtype)


def test_rules_that_cannot_run_are_named(tmp_path):
    path = build_x_archive(tmp_path / "x.zip", tweets=party_tweets())
    result = scan([path], PROFILE)
    why = dict(result.rules_not_run)
    assert "PARTY_CONNECTION" not in why
    kinds = set(result.activity["kind"].astype(str))
    for rule_id, spec in result.catalog.items():
        if "judge" in spec.roles and not kinds & set(spec.kinds):
            assert rule_id in why, rule_id


def _spec(rule_id: str, roles: tuple[str, ...], kinds: tuple[str, ...],
          needs: tuple[str, ...] = ()) -> RuleSpec:
    return RuleSpec(id=rule_id, title=rule_id, category="party", severity="high", roles=roles,
                    kinds=kinds, action="", remediation=(), sources=(), needs=needs)


def test_rules_not_run_gives_the_reason():
    profile = load_profile(PROFILE)
    profile.disabled_rules = {"OFF"}
    profile.people = [p for p in profile.people if p.role != "juror"]
    catalog = {s.id: s for s in (
        _spec("RUNS", ("judge", "prosecutor"), ("post", "like")),
        _spec("OFF", ("judge",), ("post",)),
        _spec("PROSECUTORS", ("prosecutor",), ("post",)),
        _spec("SEARCHES", ("judge",), ("search",)),
        _spec("JURORS", ("judge", "prosecutor"), ("follow", "message"), ("jurors",)),
        _spec("UNSEEN", ("judge",), ("post", "tag"), ("others_content",)))}
    activity = pd.DataFrame({"kind": pd.Series(["post", "follow"], dtype="string")})
    why = dict(rules_not_run(catalog, activity, profile))
    assert set(why) == {"OFF", "PROSECUTORS", "SEARCHES", "JURORS", "UNSEEN"}
    assert "disabled" in why["OFF"] and "role judge" in why["PROSECUTORS"]
    assert "search" in why["SEARCHES"] and "juror" in why["JURORS"]
    assert "not checkable" in why["UNSEEN"]  # from its needs, not from the rule's id or text


def test_the_engine_runs_exactly_the_rules_not_listed_as_not_run():
    """One applicability decision: what the report lists apart is what the engine skipped."""
    profile = load_profile(PROFILE)
    profile.people = [p for p in profile.people if p.role != "juror"]
    activity = pd.DataFrame({"kind": pd.Series(["post", "follow"], dtype="string")})
    specs = rules_pkg.load()
    skipped = {rid for rid, _ in rules_not_run(specs, activity, profile)}
    assert skipped | engine.active_rules(profile, activity) == set(specs)
    assert not skipped & engine.active_rules(profile, activity)
    assert {"JUROR_CONTACT", "THIRD_PARTY_CONTENT"} <= skipped  # by their needs


def test_every_need_a_rule_names_is_known():
    for spec in rules_pkg.load().values():
        assert set(spec.needs) <= set(engine.NEEDS), spec.id


def test_a_broken_importer_module_does_not_stop_other_platforms(tmp_path, monkeypatch):
    """A plugin that fails to import is named in coverage; the X export is still audited."""
    import presence_audit.importers as registry

    broken = tmp_path / "plugins"
    broken.mkdir()
    (broken / "brokenplatform.py").write_text("raise RuntimeError('half-written plugin')\n")
    monkeypatch.setattr(registry, "__path__", [*registry.__path__, str(broken)])
    monkeypatch.setattr(registry, "LOAD_ERRORS", {})
    monkeypatch.setattr("presence_audit.scan.LOAD_ERRORS", registry.LOAD_ERRORS)
    result = scan([SAMPLE], PROFILE)
    failed = [c for c in result.coverage if c.platform == "brokenplatform"]
    assert failed and failed[0].status == "failed"
    assert "half-written plugin" in failed[0].reason
    assert (result.activity["platform"] == "x").sum() > 0


def test_a_member_read_by_one_importer_is_not_also_unrecognized(tmp_path):
    """An Accounts Center export: Facebook tree plus a linked Instagram tree in one zip."""
    from metaarchive import write_zip as write_meta_zip

    root = "facebook-mariarossi-2024-06-01-Xy12Ab34/"
    following = {"relationships_following": [{"title": "brightwater.logistics",
                 "string_list_data": [{"href": "https://www.instagram.com/_u/brightwater.logistics",
                                       "timestamp": 1712000000}]}]}
    searches = {"searches_user": [{"string_map_data": {
        "Search": {"value": "helenmarsh.esq"}, "Time": {"timestamp": 1712000100}}}]}
    path = write_meta_zip(tmp_path / "accounts-center.zip", {
        root + "your_facebook_activity/comments_and_reactions/comments.json": {"comments_v2": [
            {"timestamp": 1712000000, "title": "Maria Rossi commented on Acme's post.",
             "data": [{"comment": {"timestamp": 1712000000, "comment": "Well done",
                                   "author": "Maria Rossi"}}]}]},
        root + "connections/followers_and_following/following.json": following,
        root + "logged_information/recent_searches/profile_searches.json": searches,
    })
    result = scan([path], PROFILE)
    by_member: dict[str, set[str]] = {}
    for entry in result.coverage:
        by_member.setdefault(entry.member, set()).add(entry.status)
    for member in ("connections/followers_and_following/following.json",
                   "logged_information/recent_searches/profile_searches.json"):
        assert by_member[root + member] == {"read"}, (member, by_member[root + member])
    assert set(result.activity["platform"]) == {"facebook", "instagram"}


def test_scan_and_report_match_entities_and_resolve_counterparts_once(tmp_path, monkeypatch):
    """The report reuses the engine's match table; counterparts are named in one pass."""
    from presence_audit import engine, matching
    from presence_audit.reports import write_all

    calls = {"match": 0, "resolve": 0}
    real_match, real_resolve = matching._match_entities, matching.resolve_counterparts

    def count_match(ctx):
        calls["match"] += 1
        return real_match(ctx)

    def count_resolve(*args, **kwargs):
        calls["resolve"] += 1
        return real_resolve(*args, **kwargs)

    monkeypatch.setattr(matching, "_match_entities", count_match)
    monkeypatch.setattr(matching, "resolve_counterparts", count_resolve)
    monkeypatch.setattr(engine, "resolve_counterparts", count_resolve)
    result = scan([SAMPLE], PROFILE)
    assert result.matches is not None and len(result.matches)
    write_all(tmp_path / "audit", result)
    assert calls == {"match": 1, "resolve": 1}
    assert (tmp_path / "audit" / "report.html").read_text().count("Acme Holdings LLC") > 1
