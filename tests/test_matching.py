"""Name, handle and id matching (rules.md 1.4, 6.9) on the shared sample scenario."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from presence_audit import schema
from presence_audit.matching import (
    build_automaton,
    case_signals,
    column_word_hits,
    courtroom_spans,
    match_entities,
    norm_column,
    resolve_counterparts,
    word_hits,
)
from presence_audit.profile import Case, Handle, Person, Policy, Profile, Subject
from presence_audit.rules import RuleContext
from presence_audit.textnorm import (
    name_variants,
    normalize,
    normalize_series,
    normalize_with_map,
)

OBSERVED = "2024-06-01T12:00:00Z"


def scenario_profile(role: str = "judge", **policy: object) -> Profile:
    """The sample scenario of the project brief, built from the profile dataclasses."""
    subject = Subject(name="Maria Rossi", role=role, jurisdiction="US-model",
                      aliases=["Judge Rossi", "M. Rossi"], court="Kings County Supreme Court",
                      timezone="America/New_York", appointed=date(2019, 3, 1),
                      handles={"x": "mariarossi_nyc", "facebook": "Maria Rossi",
                               "instagram": "maria.rossi.nyc"})
    cases = [
        Case("512345/2024", "Acme Holdings LLC v. Brightwater Logistics Inc.",
             "Kings County Supreme Court", date(2024, 2, 5), None,
             ["Acme Holdings LLC", "Brightwater Logistics Inc."], ["Daniel Okafor", "Helen Marsh"],
             ["Tomas Lindqvist"], ["warehouse lease", "Red Hook"], line=2),
        Case("IND-0789/2023", "People v. Gregory Vance", "Kings County Supreme Court",
             date(2023, 6, 12), date(2024, 5, 20), ["Gregory Vance"], ["Priya Raman"],
             ["Luisa Ferreira"], ["Flatbush robbery"], line=3),
        Case("655321/2021", "In re Estate of Harold Finch", "Kings County Supreme Court",
             date(2021, 1, 11), date(2021, 9, 30), ["Estate of Harold Finch", "Margaret Finch"],
             ["Samuel Ortiz"], [], [], line=4),
    ]
    people = [
        Person("Acme Holdings LLC", "party", ["512345/2024"], ["Acme Holdings", "Acme Holdings Co"],
               [Handle("x", "acme_holdings", "1500000001")]),
        Person("Brightwater Logistics Inc.", "party", ["512345/2024"],
               ["Brightwater Logistics", "Brightwater"],
               [Handle("x", "brightwaterlog", "1500000002"),
                Handle("instagram", "brightwater.logistics")]),
        Person("Daniel Okafor", "counsel", ["512345/2024"], ["Dan Okafor"],
               [Handle("x", "dokafor_law", "1500000003"), Handle("facebook", "daniel okafor")]),
        Person("Tomas Lindqvist", "witness", ["512345/2024"], [], [Handle("x", "tlindqvist")]),
        Person("Gregory Vance", "party", ["IND-0789/2023"], ["Greg Vance"],
               [Handle("x", None, "1500000005")]),
        Person("Helen Marsh", "counsel", ["512345/2024"], [],
               [Handle("instagram", "helenmarsh.esq")]),
        Person("Oliver Grant", "juror", ["IND-0789/2023"], [],
               [Handle("x", "ogrant_77", "1500000007")]),
        Person("Priya Raman", "counsel", ["IND-0789/2023"]),
        Person("Luisa Ferreira", "witness", ["IND-0789/2023"]),
        Person("Estate of Harold Finch", "party", ["655321/2021"]),
        Person("Margaret Finch", "party", ["655321/2021"]),
        Person("Samuel Ortiz", "counsel", ["655321/2021"]),
    ]
    return Profile(path=Path("profile.toml"), subject=subject, cases=cases, people=people,
                   political=[], policy=Policy(**policy))


def frame(rows: list[dict], platform: str = "x") -> pd.DataFrame:
    """An Activity frame from row dicts (defaults: exact time, archive date, source)."""
    columns: dict[str, list] = {name: [] for name in schema.COLUMNS if name != "platform"}
    for i, row in enumerate(rows):
        row = {"record_id": f"r{i}", "time_basis": "exact", "source": f"t.zip:data/x.js#{i}",
               "observed_at": OBSERVED, "account": "mariarossi_nyc",
               "timestamp": "2024-03-10T15:00:00Z", **row}
        if row["time_basis"] != "exact" and "timestamp" not in rows[i]:
            row["timestamp"] = None
        for name in schema.COLUMNS:
            if name != "platform":
                columns[name].append(row.get(name))
    out = schema.from_records(columns, platform)
    schema.validate(out)
    return out


def one(d: pd.DataFrame, rule: str, row: int = 0) -> pd.Series:
    """The single draft of ``rule`` on ``row`` (rule-family tests share it)."""
    hit = d[(d["rule"] == rule) & (d["row"] == row)]
    assert len(hit) == 1, d[["row", "rule", "severity"]]
    return hit.iloc[0]


def matches(rows: list[dict], profile: Profile | None = None, platform: str = "x"):
    ctx = RuleContext(frame(rows, platform), profile or scenario_profile())
    return match_entities(ctx), ctx


def test_normalizer_folds_accents_case_and_width_identically_per_row_and_column():
    raw = pd.Series(["Niccolò ＲＯＳＳＩ", "Straße", None, "ﬁle café"], dtype="string")
    column = list(normalize_series(raw))
    assert column == ["niccolo rossi", "strasse", "", "file cafe"]
    assert column == [normalize(v if isinstance(v, str) else None) for v in raw.tolist()]


def test_normalize_with_map_points_back_into_the_original():
    text = "Caffè with Straße folks"
    norm, index = normalize_with_map(text)
    start = norm.index("strasse")
    s, e = index[start], index[start + len("strasse") - 1] + 1
    assert text[s:e] == "Straße"


def test_name_variants_drop_company_suffixes_and_honorifics_but_keep_full_name():
    assert name_variants("Acme Holdings LLC") == ["acme holdings llc", "acme holdings"]
    assert name_variants("Brightwater Logistics Inc.")[-1] == "brightwater logistics"
    assert name_variants("Rossi S.p.A.") == ["rossi s.p.a.", "rossi"]
    assert name_variants("Gregory Vance") == ["gregory vance"]


def test_account_id_and_handle_matches_are_high_confidence():
    m, _ = matches([
        {"kind": "like", "counterpart_id": "1500000001", "time_basis": "bound"},
        {"kind": "repost", "text": "RT @brightwaterlog: new depot", "counterpart": "brightwaterlog",
         "mentions": "brightwaterlog"},
        {"kind": "post", "text": "see you there", "mentions": "friend1 dokafor_law"},
    ])
    got = {(r.row, r.entity_name, r.method, r.confidence) for r in m.itertuples()}
    assert got == {(0, "Acme Holdings LLC", "id", "high"),
                   (1, "Brightwater Logistics Inc.", "handle", "high"),
                   (2, "Daniel Okafor", "handle", "high")}
    okafor = m[m["row"] == 2].iloc[0]
    assert okafor["field"] == "mentions" and okafor["matched"] == "dokafor_law"
    assert okafor["start"] == len("friend1 ")


def test_handle_on_another_platform_does_not_match():
    m, _ = matches([{"kind": "follow", "counterpart": "brightwater.logistics",
                     "time_basis": "unknown"}], platform="x")
    # only the alias "Brightwater" inside the string matches, as a weak name hit
    assert list(m["method"]) == ["name"] and list(m["confidence"]) == ["low"]
    m, _ = matches([{"kind": "follow", "counterpart": "brightwater.logistics",
                     "time_basis": "unknown"}], platform="instagram")
    assert list(m["entity_name"]) == ["Brightwater Logistics Inc."]
    assert list(m["method"]) == ["handle"] and list(m["confidence"]) == ["high"]


def test_handle_written_as_a_url_meets_the_archive_counterpart_and_mention():
    """The profile's URL form and the archive's "@name" go through one match key."""
    from presence_audit.profile import parse_handle

    profile = scenario_profile()
    profile.people.append(Person("Zed Quill", "witness", ["512345/2024"],
                                 handles=[parse_handle("x:https://x.com/ZedQuill_/")]))
    m, _ = matches([{"kind": "reply", "counterpart": "@ZedQuill_", "text": "thanks"},
                    {"kind": "post", "text": "hi @zedquill_", "mentions": "zedquill_"}],
                   profile)
    got = {(r.row, r.entity_name, r.field, r.method) for r in m.itertuples()}
    assert got == {(0, "Zed Quill", "counterpart", "handle"),
                   (1, "Zed Quill", "mentions", "handle")}


def test_word_boundaries_rossi_bakery_is_not_party_ross():
    profile = scenario_profile()
    profile.people.append(Person("Ross", "party", ["512345/2024"]))
    m, _ = matches([{"kind": "post", "text": "Rossi Bakery has the best cannoli"},
                    {"kind": "post", "text": "Lunch with Ross today"}], profile)
    assert list(m["row"]) == [1]
    assert m.iloc[0]["matched"] == "Ross"


def test_alias_inside_a_longer_word_does_not_match():
    profile = scenario_profile()
    profile.people[0].aliases.append("Acme")
    m, _ = matches([{"kind": "post", "text": "Weekend trip to Acmeville"},
                    {"kind": "post", "text": "Acme's new depot opened"}], profile)
    assert list(m["row"]) == [1]
    assert m.iloc[0]["matched"] == "Acme"


def test_accent_insensitive_name_and_span_in_original_text():
    profile = scenario_profile()
    profile.people.append(Person("Niccolò Bianchi", "witness", ["512345/2024"]))
    m, _ = matches([{"kind": "post", "text": "Coffee with NICCOLO BIANCHI"},
                    {"kind": "post", "text": "Caffè con Niccolò Bianchi"}], profile)
    assert list(m["row"]) == [0, 1]
    second = m[m["row"] == 1].iloc[0]
    assert second["matched"] == "Niccolò Bianchi"
    assert "Caffè con Niccolò Bianchi"[second["start"]:second["end"]] == "Niccolò Bianchi"


def test_name_alone_is_low_and_corroborated_name_is_medium():
    m, _ = matches([
        {"kind": "post", "text": "Dinner with Greg Vance"},
        {"kind": "post", "text": "Greg Vance sentencing went long"},  # courtroom word
        {"kind": "post", "text": "Gregory Vance and the Flatbush robbery"},  # case keyword
        {"kind": "post", "text": "Gregory Vance and Priya Raman"},  # counsel co-mention
        {"kind": "post", "text": "Gregory Vance and Daniel Okafor"},  # counsel of another case
    ])
    vance = m[m["entity_name"] == "Gregory Vance"].set_index("row")["confidence"]
    assert vance.to_dict() == {0: "low", 1: "medium", 2: "medium", 3: "medium", 4: "low"}


def test_overlapping_names_keep_the_longest():
    profile = scenario_profile()
    profile.people.append(Person("Harold Finch", "witness", ["655321/2021"]))
    m, _ = matches([{"kind": "post", "text": "The Estate of Harold Finch settled"}], profile)
    assert list(m["entity_name"]) == ["Estate of Harold Finch"]


def test_facebook_display_name_equal_to_counterpart_is_medium():
    m, _ = matches([{"kind": "friend", "counterpart": "Samuel Ortiz", "time_basis": "unknown"},
                    {"kind": "group", "counterpart": "Fans of Samuel Ortiz",
                     "time_basis": "unknown"}], platform="facebook")
    conf = m.set_index("row")["confidence"].to_dict()
    assert conf == {0: "medium", 1: "low"}


def test_one_match_per_row_and_entity_keeps_the_strongest():
    m, _ = matches([{"kind": "reply", "text": "Thanks Acme Holdings!",
                     "counterpart": "acme_holdings", "counterpart_id": "1500000001",
                     "mentions": "acme_holdings"}])
    assert len(m) == 1
    assert m.iloc[0]["method"] == "id" and m.iloc[0]["confidence"] == "high"


def test_match_pass_is_cached_in_context():
    m, ctx = matches([{"kind": "post", "text": "Lunch with Greg Vance"}])
    assert match_entities(ctx) is m


def test_case_signals_find_listed_ids_with_light_normalization_and_keywords():
    _, ctx = matches([{"kind": "post", "text": "Index No. 512345/2024 in Red Hook"},
                      {"kind": "post", "text": "ind 0789 / 2023 calendar"},
                      {"kind": "post", "text": "ref 5123452/2024 and 1512345/2024"}])
    sig = case_signals(ctx)
    got = set(zip(sig["row"], sig["case_id"], sig["signal"], strict=True))
    assert (0, "512345/2024", "case_id") in got and (0, "512345/2024", "keyword") in got
    assert (1, "IND-0789/2023", "case_id") in got
    assert not any(r == 2 for r, _, _ in got)


def test_courtroom_words_are_word_bounded_and_follow_jurisdiction_language():
    _, ctx = matches([{"kind": "post", "text": "The jury is out"},
                      {"kind": "post", "text": "Juryrigged shelf"},
                      {"kind": "post", "text": "Udienza rinviata"}])
    assert list(courtroom_spans(ctx)["row"]) == [0]  # US-model: English list only
    profile = scenario_profile()
    profile.subject.jurisdiction = "IT"
    _, ctx = matches([{"kind": "post", "text": "Udienza rinviata"}], profile)
    assert list(courtroom_spans(ctx)["row"]) == [0]


def test_resolve_counterparts_fills_from_archive_pairs_then_profile_ids():
    act = frame([{"kind": "follow", "counterpart_id": "1500000003", "time_basis": "unknown"},
                 {"kind": "follow", "counterpart_id": "1500000001", "time_basis": "unknown"},
                 {"kind": "follow", "counterpart_id": "1599999999", "time_basis": "unknown"},
                 {"kind": "follow", "counterpart": "already", "counterpart_id": "1500000002",
                  "time_basis": "unknown"}])
    out = resolve_counterparts(act, {"x": {"1500000003": "@dokafor_law"}}, scenario_profile())
    assert out["counterpart"].tolist()[:2] == ["dokafor_law", "acme_holdings"]
    assert pd.isna(out["counterpart"].iloc[2])
    assert out["counterpart"].iloc[3] == "already"
    assert act["counterpart"].isna().sum() == 3  # the input is untouched
    schema.validate(out)


@pytest.mark.parametrize("text", ["", None])
def test_empty_texts_do_not_match(text):
    m, _ = matches([{"kind": "post", "text": text}])
    assert m.empty


@given(st.text(max_size=40))
def test_per_string_and_column_normalizers_agree_and_map_is_monotonic(text):
    norm, index = normalize_with_map(text)
    assert norm == normalize(text) == normalize_series(pd.Series([text], dtype="string"))[0]
    assert len(index) == len(norm) and index == sorted(index)
    assert all(0 <= i < len(text) for i in index)


def test_regex_prefilter_handles_empty_strings_anywhere():
    """Empty texts first, in the middle and last (a column of likes without text)."""
    import re

    from presence_audit.matching import regex_candidates, regex_rows

    pattern = re.compile(r"\b\d{2}-cv-\d{3,6}\b|#")
    needs = ("-cv-", "#")
    values = ["", "see 23-CV-4567 today", "", "tag #1", "", "no docket -cv- here"]
    assert regex_candidates(values, needs).tolist() == [False, True, False, True, False, True]
    assert regex_rows(values, re.compile(pattern.pattern, re.I), needs=needs).tolist() == [1, 3]
    assert regex_rows(values, pattern, needs=needs).tolist() == [3]
    assert regex_rows(values, pattern).tolist() == [3]  # no needs: every string is searched
    assert regex_rows(["", ""], pattern, needs=needs).tolist() == []


def test_column_word_hits_searches_each_distinct_text_once_with_the_same_answer():
    texts = ["Vote for Acme now", "nothing", "Vote for Acme now", "RT: vote vote", None,
             "nothing", "Vote for Acme now", "acmeish voters"]
    ctx = RuleContext(frame([{"kind": "post", "text": t} for t in texts]), scenario_profile())
    automaton = build_automaton([("vote", ("vote", True)), ("acme", ("acme", False))])
    got = column_word_hits(ctx, "text", automaton)
    want = word_hits(norm_column(ctx, "text").tolist(), automaton)
    assert got[0].tolist() == want[0].tolist() == [0, 0, 2, 2, 3, 3, 6, 6, 7]
    assert got[1].tolist() == want[1].tolist()
    assert got[2] == want[2]
    assert column_word_hits(ctx, "text", None)[0].tolist() == []
