"""Profile loading: the sample profile, merging case names into people, and every bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from presence_audit import jurisdictions
from presence_audit.errors import AuditInputError, ProfileError
from presence_audit.profile import (
    Handle,
    fold,
    load_profile,
    name_problem,
    parse_handle,
    split_list,
)

SAMPLE = Path(__file__).resolve().parents[1] / "sample_archives" / "profile.toml"

TOML = """\
[subject]
name = "Maria Rossi"
role = "judge"
jurisdiction = "US-model"
aliases = ["Judge Rossi"]
timezone = "America/New_York"
appointed = 2019-03-01

[subject.handles]
x = "@MariaRossi_NYC#4400000001"

[data]
cases = "cases.csv"
people = "people.csv"
"""
CASES = """\
case_id,caption,court,opened,closed,parties,counsel,witnesses,keywords,sealed
C-1,Acme v. Bright,Kings,2024-02-05,,Acme Holdings;Bright Co,Daniel Okafor,Tomas Lindqvist,lease,
C-2,People v. Vance,Kings,2023-06-12,2024-05-20,Gregory Vance,Priya Raman;Dan Okafor,,,yes
"""
PEOPLE = """\
name,aliases,role,case_id,handles
Acme Holdings LLC,Acme Holdings,party,C-1,x:@acme_holdings#1500000001
Daniel Okafor,Dan Okafor,counsel,C-1,x:@dokafor_law#1500000003;facebook:Daniel  OKAFOR
Oliver Grant,,juror,C-2,x:#1500000007
"""


def write(tmp_path: Path, toml: str = TOML, cases: str | None = CASES,
          people: str | None = PEOPLE, **extra: str) -> Path:
    """A profile folder in tmp_path; extra files by name (political='...')."""
    (tmp_path / "profile.toml").write_text(toml, encoding="utf-8")
    for name, text in (("cases", cases), ("people", people), *extra.items()):
        if text is not None:
            (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    return tmp_path / "profile.toml"


def error_of(path: Path) -> ProfileError:
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert isinstance(info.value, AuditInputError)
    assert "\n" not in str(info.value)
    return info.value


# ------------------------------------------------------------------ the sample profile

def test_sample_profile_matches_the_scenario():
    p = load_profile(SAMPLE)
    s = p.subject
    assert (s.name, s.role, s.jurisdiction, s.court) == (
        "Maria Rossi", "judge", "US-model", "Kings County Supreme Court")
    assert s.aliases == ["Judge Rossi", "M. Rossi"]
    assert s.appointed == date(2019, 3, 1)
    assert str(p.tz) == "America/New_York"
    assert s.handles == {"x": "mariarossi_nyc", "facebook": "Maria Rossi",
                         "instagram": "maria.rossi.nyc", "linkedin": "in/maria-rossi-nyc",
                         "reddit": "mrossi_reads", "mastodon": "mariarossi@law.social",
                         "bluesky": "mariarossi.bsky.social"}
    assert Handle("bluesky", "mariarossi.bsky.social",
                  "did:plc:mariarossi2024sampleaaaa") in s.own_handles
    assert Handle("x", "mariarossi_nyc", "4400000001") in s.own_handles
    assert Handle("facebook", "maria rossi", None) in s.own_handles

    assert [c.case_id for c in p.cases] == ["512345/2024", "IND-0789/2023", "655321/2021"]
    acme = p.case("512345/2024")
    assert acme.closed is None and acme.opened == date(2024, 2, 5)
    assert acme.keywords == ["warehouse lease", "Red Hook"]
    assert acme.counsel == ["Daniel Okafor", "Helen Marsh"]
    assert p.case("IND-0789/2023").closed == date(2024, 5, 20)
    assert p.case("655321/2021").witnesses == []

    people = {x.name: x for x in p.people}
    assert people["Brightwater Logistics Inc."].handles == [
        Handle("x", "brightwaterlog", "1500000002"),
        Handle("instagram", "brightwater.logistics", None)]
    assert people["Gregory Vance"].handles == [Handle("x", None, "1500000005")]
    assert people["Oliver Grant"].role == "juror"
    assert people["Daniel Okafor"].handles[1] == Handle("facebook", "daniel okafor", None)
    assert people["Daniel Okafor"].handles[3:] == [
        Handle("mastodon", "dokafor@law.social", None),
        Handle("bluesky", None, "did:plc:dokaforlaw2024sampleaaaa")]
    # names only in cases.csv become people of their role, pointing at their line
    assert people["Priya Raman"].role == "counsel"
    assert people["Priya Raman"].origin == "cases.csv line 3"
    assert people["Margaret Finch"].case_ids == ["655321/2021"]
    assert people["Luisa Ferreira"].role == "witness"
    assert len(p.people) == 12  # 7 in people.csv + 5 names found only in cases.csv

    assert p.policy.appeal_window_days == 30
    assert p.policy.counsel_connection_policy == "disclose"
    entities = {e.entity: e for e in p.political}
    assert entities["Brooklyn Forward PAC"].kind == "pac"
    assert entities["Elena Castillo"].handles[0].account_id == "1600000004"
    assert "Republican Party" in entities  # bundled US list stays underneath


# ------------------------------------------------------------------ merging and parsing

def test_case_names_merge_into_people_by_name_or_alias(tmp_path):
    p = load_profile(write(tmp_path))
    by_name = {x.name: x for x in p.people}
    # "Dan Okafor" in C-2 is an alias of Daniel Okafor: one person, both cases
    assert by_name["Daniel Okafor"].case_ids == ["C-1", "C-2"]
    assert "Dan Okafor" not in by_name
    assert by_name["Acme Holdings LLC"].case_ids == ["C-1"]  # no duplicate case id
    assert by_name["Bright Co"].origin == "cases.csv line 2"
    assert by_name["Bright Co"].role == "party"
    assert by_name["Tomas Lindqvist"].role == "witness"
    assert by_name["Gregory Vance"].origin == "cases.csv line 3"
    assert len(p.people) == 3 + 4


def test_merge_is_case_and_accent_insensitive(tmp_path):
    people = "name,aliases,role,case_id,handles\nTomás Lindqvist,,witness,,\n"
    cases = ("case_id,caption,court,opened,closed,parties,counsel,witnesses\n"
             "C-1,X v. Y,K,2024-01-01,,Ann Lee,,TOMAS LINDQVIST\n"
             "C-2,X v. Z,K,2024-01-01,,Ann Lee,ann lee,\n")
    p = load_profile(write(tmp_path, cases=cases, people=people))
    by_name = {(x.name, x.role): x for x in p.people}
    assert by_name[("Tomás Lindqvist", "witness")].case_ids == ["C-1"]
    # the same cases.csv name in two cases is one person per role
    assert by_name[("Ann Lee", "party")].case_ids == ["C-1", "C-2"]
    assert by_name[("ann lee", "counsel")].case_ids == ["C-2"]


def test_lists_drop_empty_items_and_sealed_parses(tmp_path):
    cases = ("case_id,caption,court,opened,closed,parties,counsel,witnesses,keywords,sealed\n"
             "C-1,A v. B,K,2024-01-01,,Ann Lee;;Bob Roe;,,,lease;;,TRUE\n"
             "C-2,A v. C,K,2024-01-01,,Ann Lee,,,,no\n")
    p = load_profile(write(tmp_path, cases=cases, people=None,
                           toml=TOML.replace('people = "people.csv"\n', "")))
    c1, c2 = p.cases
    assert c1.parties == ["Ann Lee", "Bob Roe"]
    assert c1.keywords == ["lease"]
    assert (c1.sealed, c2.sealed) == (True, False)
    assert all(fold(a) for x in p.people for a in [x.name, *x.aliases])


def test_bom_and_crlf_csv_files_load(tmp_path):
    path = write(tmp_path, cases=None, people=None)
    (tmp_path / "cases.csv").write_bytes(b"\xef\xbb\xbf" + CASES.replace("\n", "\r\n")
                                         .encode("utf-8"))
    (tmp_path / "people.csv").write_bytes(b"\xef\xbb\xbf" + PEOPLE.replace("\n", "\r\n")
                                          .encode("utf-8"))
    p = load_profile(path)
    assert [c.case_id for c in p.cases] == ["C-1", "C-2"]
    assert p.cases[1].sealed is True  # last column read without a stray '\r'
    assert p.people[0].handles[0] == Handle("x", "acme_holdings", "1500000001")


def test_profile_toml_with_bom_and_header_case_are_tolerated(tmp_path):
    path = write(tmp_path, cases=CASES.replace("case_id,caption", "Case_ID, Caption", 1))
    path.write_bytes(b"\xef\xbb\xbf" + TOML.encode("utf-8"))
    assert load_profile(path).cases[0].caption == "Acme v. Bright"


def test_line_numbers_count_physical_lines_across_quoted_newlines(tmp_path):
    cases = ("case_id,caption,court,opened,closed,parties,counsel,witnesses\n"
             'C-1,"A v. B\nsecond line",K,2024-01-01,,Ann Lee,,\n'
             "\n"
             "C-2,A v. C,K,2024-01-01,2023-01-01,Ann Lee,,\n")
    err = error_of(write(tmp_path, cases=cases, people=None,
                         toml=TOML.replace('people = "people.csv"\n', "")))
    assert err.line == 5 and err.field == "closed"


def test_handle_syntax():
    assert parse_handle("x:@Acme_Corp#123456") == Handle("x", "acme_corp", "123456")
    assert parse_handle("X:#999") == Handle("x", None, "999")
    assert parse_handle("instagram:acme") == Handle("instagram", "acme", None)
    assert parse_handle("facebook:Daniel  Okafor") == Handle("facebook", "daniel okafor", None)
    assert parse_handle("mastodon:@Ann@law.social") == Handle("mastodon", "ann@law.social", None)
    assert parse_handle("bluesky:ann.bsky.social#did:plc:abc123").account_id == "did:plc:abc123"
    for bad in ("acme", "myspace:acme", "x:", "x:@", "x:#", "x:acme corp", ":acme"):
        with pytest.raises(ValueError):
            parse_handle(bad)


def test_handles_as_people_write_them_load(tmp_path):
    """LinkedIn and Reddit short forms, URLs and id-only handles for platforms no importer
    reads yet are kept, not an exit 2 for an X-only scan."""
    toml = TOML.replace('x = "@MariaRossi_NYC#4400000001"\n', (
        'x = "https://x.com/MariaRossi_NYC#4400000001"\n'
        'linkedin = "in/jane-doe-law"\n'
        'reddit = "u/Maria_Rossi"\n'
        'youtube = "https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv"\n'))
    people = PEOPLE + (
        "Acme Logistics,,party,C-1,linkedin:company/acme-logistics;reddit:u/acme_logistics\n"
        "Bright Co,,party,C-1,https://www.instagram.com/brightco/;"
        "mastodon:https://law.social/@bright\n")
    p = load_profile(write(tmp_path, toml=toml, people=people))
    s = p.subject
    assert s.handles == {"x": "mariarossi_nyc", "linkedin": "in/jane-doe-law",
                         "reddit": "maria_rossi"}  # the channel names an id, no handle
    assert Handle("x", "mariarossi_nyc", "4400000001") in s.own_handles
    assert Handle("youtube", None, "UCabcdefghijklmnopqrstuv") in s.own_handles
    people_by_name = {x.name: x for x in p.people}
    assert people_by_name["Acme Logistics"].handles == [
        Handle("linkedin", "company/acme-logistics"), Handle("reddit", "acme_logistics")]
    assert people_by_name["Bright Co"].handles == [
        Handle("instagram", "brightco"), Handle("mastodon", "bright@law.social")]


@pytest.mark.parametrize(("where", "value", "fld", "words"), [
    ("toml", 'linkedin = "pub/jane-doe"', "subject.handles.linkedin",
     ["not a valid linkedin handle", "accepted forms for linkedin: in/slug, company/slug"]),
    ("toml", 'reddit = "r/law"', "subject.handles.reddit",
     ["not a valid reddit handle", "u/name"]),
    ("people", "reddit:r/law", "handles", ["not a valid reddit handle", "u/name"]),
    ("people", "mastodon:@bright", "handles", ["not a valid mastodon handle", "@user@host"]),
])
def test_unreadable_handles_show_the_accepted_forms(tmp_path, where, value, fld, words):
    toml, people = TOML, PEOPLE
    if where == "toml":
        toml = TOML.replace("[data]", f"{value}\n\n[data]")
    else:
        people = PEOPLE + f"Bright Co,,party,C-1,{value}\n"
    err = error_of(write(tmp_path, toml=toml, people=people))
    assert err.field == fld
    for w in words:
        assert w in str(err)


# ------------------------------------------------------------------ jurisdictions and policy

@pytest.mark.parametrize(("name", "knob", "value"), [
    ("US-FL", "counsel_connection_policy", "prohibited"),
    ("US-CA", "counsel_connection_policy", "prohibited"),
    ("US-MA", "counsel_connection_policy", "prohibited"),
    ("US-federal", "prosecutor_political_mode", "hatch_act"),
    ("UK-EW", "title_visible_severity", "medium"),
    ("IT", "party_membership", "forbidden"),
    ("BR", "party_membership", "forbidden"),
    ("INTL", "counsel_connection_policy", "disclose"),
])
def test_jurisdiction_defaults(tmp_path, name, knob, value):
    p = load_profile(write(tmp_path, toml=TOML.replace('"US-model"', f'"{name}"')))
    assert getattr(p.policy, knob) == value
    assert p.jurisdiction.name == name


def test_policy_overrides_jurisdiction_defaults(tmp_path):
    toml = TOML.replace('"US-model"', '"US-FL"') + (
        "[policy]\nappeal_window_days = 45\ncounsel_connection_policy = \"permitted\"\n"
        "protected_topics = [\"court funding\"]\n")
    p = load_profile(write(tmp_path, toml=toml))
    assert p.policy.appeal_window_days == 45
    assert p.policy.counsel_connection_policy == "permitted"
    assert p.policy.protected_topics == ["court funding"]
    assert p.policy.like_weight == jurisdictions.get("US-FL").defaults["like_weight"]


def test_bundled_political_lists_follow_the_jurisdiction(tmp_path):
    def entities(jur: str, extra: str = "") -> set[str]:
        toml = TOML.replace('"US-model"', f'"{jur}"') + extra
        return {e.entity for e in load_profile(write(tmp_path, toml=toml)).political}

    assert "Republican Party" in entities("US-CA")
    assert "Labour Party" in entities("UK-EW")
    assert "Partito Democratico" in entities("IT")
    assert entities("BR") == set() and entities("INTL") == set()
    assert entities("US-model", "political_defaults = false\n") == set()


def test_profile_political_csv_extends_and_replaces_bundled_entities(tmp_path):
    political = ("entity,kind,aliases,handles\n"
                 "Kings County PAC,pac,KC PAC,x:@kcpac#42\n"
                 "Republican party,party,Grand Old Party,\n")
    toml = TOML + 'political = "political.csv"\n'
    p = load_profile(write(tmp_path, toml=toml, political=political))
    by_key = {fold(e.entity): e for e in p.political}
    assert by_key["kings county pac"].handles == [Handle("x", "kcpac", "42")]
    assert by_key["republican party"].aliases == ["Grand Old Party"]
    assert by_key["republican party"].origin == "political.csv line 3"
    assert "democratic party" in by_key


def test_rules_and_suppressions_parse(tmp_path):
    toml = TOML + (
        '[rules]\ndisable = ["DEMEANOR"]\n[rules.severity]\nTITLE_MISUSE = "medium"\n'
        '[[suppress]]\nfingerprint = "ab12cd"\nreason = "disclosed on the record"\n'
        'by = "ethics office"\ndate = 2024-06-03\n'
        '[[suppress]]\nfingerprint = "ef34"\nreason = "false positive"\nby = "M. Rossi"\n'
        'date = "2024-06-04"\nrule = "TITLE_MISUSE"\n')
    p = load_profile(write(tmp_path, toml=toml))
    assert p.disabled_rules == {"DEMEANOR"}
    assert p.severity_overrides == {"TITLE_MISUSE": "medium"}
    assert [(s.fingerprint, s.by, s.date, s.rule) for s in p.suppressions] == [
        ("ab12cd", "ethics office", date(2024, 6, 3), None),
        ("ef34", "M. Rossi", date(2024, 6, 4), "TITLE_MISUSE")]


# ------------------------------------------------------------------ bad profile.toml

def test_missing_profile_file(tmp_path):
    err = error_of(tmp_path / "nope.toml")
    assert "nope.toml" in str(err) and "file not found" in str(err)


def test_missing_csv_names_the_profile_line_and_field(tmp_path):
    path = write(tmp_path, cases=None)
    err = error_of(path)
    assert str(err).startswith(f"{path}, line 13, field 'data.cases': file not found:")
    assert "cases.csv" in str(err)


def test_toml_syntax_error_names_its_line(tmp_path):
    err = error_of(write(tmp_path, toml=TOML.replace('role = "judge"', "role = judge")))
    assert "profile.toml, line 3" in str(err) and "TOML syntax error" in str(err)


@pytest.mark.parametrize(("toml", "line", "fld", "words"), [
    (TOML.replace("aliases =", "alias ="), 5, "subject.alias",
     ["unknown key 'alias' in [subject]", "did you mean 'aliases'", "allowed: name, role"]),
    (TOML + "[policy]\napeal_window_days = 10\n", 16, "policy.apeal_window_days",
     ["did you mean 'appeal_window_days'"]),
    (TOML + "extra = 1\n", 15, "data.extra", ["unknown key 'extra' in [data]"]),
    (TOML + "[rule]\ndisable = []\n", 15, "rule", ["unknown key 'rule' in the top level"]),
    (TOML + "[rules]\ndisabled = [\"X\"]\n", 16, "rules.disabled", ["did you mean 'disable'"]),
    (TOML + '[[suppress]]\nfingerprint = "a"\nreason = "r"\nby = "b"\ndate = 2024-01-01\n'
     'note = "x"\n', 20, "suppress[0].note", ["unknown key 'note'"]),
    (TOML.replace("x = ", "twitter = "), 10, "subject.handles.twitter",
     ["unknown platform 'twitter'"]),
])
def test_unknown_keys_are_errors(tmp_path, toml, line, fld, words):
    err = error_of(write(tmp_path, toml=toml))
    assert (err.line, err.field) == (line, fld)
    assert f"line {line}, field '{fld}'" in str(err)
    for w in words:
        assert w in str(err)


@pytest.mark.parametrize(("old", "new", "line", "fld", "words"), [
    ('role = "judge"', 'role = "clerk"', 3, "subject.role",
     ["unknown role 'clerk'", "judge, prosecutor"]),
    ('"US-model"', '"US-NY"', 4, "subject.jurisdiction",
     ["unknown jurisdiction 'US-NY'", "US-model, US-FL", "INTL"]),
    ('"America/New_York"', '"Mars/Olympus"', 6, "subject.timezone",
     ["unknown time zone 'Mars/Olympus'"]),
    ("appointed = 2019-03-01", 'appointed = "01/03/2019"', 7, "subject.appointed",
     ["'01/03/2019' is not a date"]),
    ("appointed = 2019-03-01", "appointed = 2019-03-01T10:00:00", 7, "subject.appointed",
     ["no time"]),
    ('["Judge Rossi"]', '["Judge Rossi", ""]', 5, "subject.aliases", ["match everything"]),
    ('["Judge Rossi"]', '["R"]', 5, "subject.aliases", ["shorter than 2"]),
    ('name = "Maria Rossi"', 'name = ""', 2, "subject.name", ["non-empty"]),
    ('"@MariaRossi_NYC#4400000001"', '"maria rossi"', 10, "subject.handles.x",
     ["not a valid x handle"]),
    ('cases = "cases.csv"\n', "", 12, "data", ["missing required key 'cases'"]),
])
def test_bad_subject_and_data_values(tmp_path, old, new, line, fld, words):
    err = error_of(write(tmp_path, toml=TOML.replace(old, new)))
    assert f"profile.toml, line {line}, field '{fld}'" in str(err)
    for w in words:
        assert w in str(err)


@pytest.mark.parametrize(("extra", "line", "fld", "words"), [
    ('[policy]\ncounsel_connection_policy = "maybe"\n', 16, "policy.counsel_connection_policy",
     ["'maybe' is not allowed", "prohibited, disclose, permitted"]),
    ('[policy]\nappeal_window_days = "30"\n', 16, "policy.appeal_window_days",
     ["whole number of days"]),
    ('[rules.severity]\nTITLE_MISUSE = "severe"\n', 16, "rules.severity.TITLE_MISUSE",
     ["unknown severity 'severe'", "info, low, medium, high, critical"]),
    ('[rules]\ndisable = ["demeanor"]\n', 16, "rules.disable",
     ["unknown rule 'demeanor'", "did you mean 'DEMEANOR'", "presence-audit rules"]),
    ('[rules]\ndisable = ["PARTY_CONECTION"]\n', 16, "rules.disable",
     ["unknown rule 'PARTY_CONECTION'", "did you mean 'PARTY_CONNECTION'"]),
    ('[rules]\ndisable = ["TITLE_MISUSE", "NO_SUCH_THING"]\n', 16, "rules.disable",
     ["unknown rule 'NO_SUCH_THING';"]),
    ('[rules.severity]\nPARTY_CONECTION = "low"\n', 16, "rules.severity.PARTY_CONECTION",
     ["unknown rule 'PARTY_CONECTION'", "did you mean 'PARTY_CONNECTION'"]),
    ('[[suppress]]\nfingerprint = "a"\nreason = "r"\nby = "b"\ndate = 2024-01-01\n'
     'rule = "PARTY_CONECTION"\n', 20, "suppress[0].rule",
     ["unknown rule 'PARTY_CONECTION'", "did you mean 'PARTY_CONNECTION'"]),
    ('[[suppress]]\nfingerprint = "a"\nreason = "r"\ndate = 2024-01-01\n', 15, "suppress[0]",
     ["missing 'by'"]),
    ('[[suppress]]\nfingerprint = "a"\nreason = "r"\nby = "b"\ndate = 2024-01-01\n'
     '[[suppress]]\nfingerprint = "b"\nby = "b"\ndate = 2024-01-01\n', 20, "suppress[1]",
     ["suppression #2 is missing 'reason'"]),
    ('[[suppress]]\nfingerprint = "a"\nreason = "r"\nby = "b"\ndate = "soon"\n', 19,
     "suppress[0].date", ["'soon' is not a date"]),
])
def test_bad_policy_rules_and_suppressions(tmp_path, extra, line, fld, words):
    err = error_of(write(tmp_path, toml=TOML + extra))
    assert f"profile.toml, line {line}, field '{fld}'" in str(err)
    for w in words:
        assert w in str(err)


# ------------------------------------------------------------------ bad CSV files

HEADER = "case_id,caption,court,opened,closed,parties,counsel,witnesses\n"


@pytest.mark.parametrize(("cases", "line", "fld", "words"), [
    (HEADER.replace("witnesses", "witnesess"), 1, "witnesess",
     ["unknown column 'witnesess'", "allowed: case_id"]),
    (HEADER.replace(",witnesses", ""), 1, "witnesses", ["missing required column(s): witn"]),
    (HEADER.replace("court", "caption"), 1, "caption", ["appears twice"]),
    (HEADER + "C-1,A v. B,K,2024-13-01,,Ann Lee,,\n", 2, "opened", ["'2024-13-01' is not a date"]),
    (HEADER + "C-1,A v. B,K,05/02/2024,,Ann Lee,,\n", 2, "opened", ["use YYYY-MM-DD"]),
    (HEADER + "C-1,A v. B,K,2024-02-05,2024-02-01,Ann Lee,,\n", 2, "closed",
     ["closed (2024-02-01) before it opened (2024-02-05)"]),
    (HEADER + "C-1,A v. B,K,2024-01-01,,Ann Lee,,\nC-1,A v. C,K,2024-01-01,,Bo Li,,\n", 3,
     "case_id", ["duplicate case_id 'C-1' (first on line 2)"]),
    (HEADER + ",A v. B,K,2024-01-01,,Ann Lee,,\n", 2, "case_id", ["empty case_id"]),
    (HEADER + "C-1,A v. B,K,2024-01-01,,Ann Lee;-;Bo Li,,\n", 2, "parties", ["match everything"]),
    (HEADER + "C-1,A v. B,K,2024-01-01,,Ann Lee,,J.\n", 2, "witnesses", ["shorter than 2"]),
    (HEADER.strip() + ",sealed\nC-1,A v. B,K,2024-01-01,,Ann Lee,,,maybe\n", 2, "sealed",
     ["'maybe' is not true/false"]),
    (HEADER + "C-1,A v. B,K,2024-01-01,,Ann Lee,,,extra\n", 2, None,
     ["row has 9 fields but the header has 8"]),
    ("", 1, None, ["empty file"]),
])
def test_bad_cases_csv(tmp_path, cases, line, fld, words):
    err = error_of(write(tmp_path, cases=cases, people=None,
                         toml=TOML.replace('people = "people.csv"\n', "")))
    where = f"cases.csv, line {line}" + (f", field '{fld}'" if fld else "")
    assert where in str(err)
    for w in words:
        assert w in str(err)


P_HEADER = "name,aliases,role,case_id,handles\n"


@pytest.mark.parametrize(("people", "line", "fld", "words"), [
    (P_HEADER + ",,party,C-1,\n", 2, "name", ["empty name"]),
    (P_HEADER + "Ann Lee,A,party,C-1,\n", 2, "aliases", ["shorter than 2"]),
    (P_HEADER + "Ann Lee,Annie;...,party,C-1,\n", 2, "aliases", ["match everything"]),
    (P_HEADER + "Ann Lee,,bailiff,C-1,\n", 2, "role",
     ["unknown role 'bailiff'", "party, counsel, witness, victim, expert, juror, judge, other"]),
    (P_HEADER + "Ann Lee,,party,C-1;C-9,\n", 2, "case_id", ["case_id 'C-9' is not in"]),
    (P_HEADER + "Ann Lee,,party,C-1,acme\n", 2, "handles", ["'acme' is not platform:handle"]),
    (P_HEADER + "Ann Lee,,party,C-1,x:@ok;friendster:ann\n", 2, "handles",
     ["unknown platform 'friendster'", "known: x, facebook"]),
    (P_HEADER + "Ann Lee,,party,C-1,x:#\n", 2, "handles", ["account id after '#'"]),
    (P_HEADER + "Ann Lee,,party,C-1,x:\n", 2, "handles", ["neither a handle nor an account id"]),
    ("name,alias,role\n", 1, "alias", ["unknown column 'alias'"]),
    ("name,aliases\n", 1, "role", ["missing required column(s): role"]),
])
def test_bad_people_csv(tmp_path, people, line, fld, words):
    err = error_of(write(tmp_path, people=people))
    assert f"people.csv, line {line}, field '{fld}'" in str(err)
    for w in words:
        assert w in str(err)


def test_people_with_several_case_ids(tmp_path):
    people = P_HEADER + "Ann Lee,,expert,C-1; C-2,\n"
    p = load_profile(write(tmp_path, people=people))
    assert p.people[0].case_ids == ["C-1", "C-2"] and p.people[0].role == "expert"


def test_bad_political_csv(tmp_path):
    political = "entity,kind,aliases,handles\nKC PAC,pac,,\nSome Group,faction,,\n"
    err = error_of(write(tmp_path, toml=TOML + 'political = "political.csv"\n',
                         political=political))
    assert "political.csv, line 3, field 'kind'" in str(err)
    assert "unknown kind 'faction'" in str(err)


def test_csv_that_is_not_utf8_names_its_line(tmp_path):
    path = write(tmp_path, people=None, toml=TOML.replace('people = "people.csv"\n', ""))
    (tmp_path / "cases.csv").write_bytes(
        (HEADER + "C-1,A v. B,K,2024-01-01,,Ann Lee,,\n").encode()
        + "C-2,Müller v. B,K,2024-01-01,,Ann Lee,,\n".encode("cp1252"))
    err = error_of(path)
    assert "cases.csv, line 3" in str(err) and "not UTF-8" in str(err)


def test_every_jurisdiction_has_its_knobs():
    for name in jurisdictions.JURISDICTIONS:
        jur = jurisdictions.get(name)
        assert set(jur.defaults) >= {"appeal_window_days", "counsel_connection_policy"}
    with pytest.raises(KeyError, match="US-model"):
        jurisdictions.get("XX")


@given(st.text())
def test_split_and_fold_never_yield_an_empty_matchable_name(cell):
    for item in split_list(cell):
        assert item and item == item.strip() and ";" not in item
        assert fold(fold(item)) == fold(item)
        if name_problem(item) is None:
            assert len(fold(item).replace(" ", "")) >= 2


def test_an_unclosed_quote_is_an_error_at_the_row_where_it_starts(tmp_path):
    """A stray quote must not swallow the following cases into one caption."""
    cases = CASES.replace("C-1,Acme v. Bright,", 'C-1,"Acme v. Bright,')
    err = error_of(write(tmp_path, cases=cases))
    assert "cases.csv, line 2" in str(err) and "unclosed quote" in str(err)


def test_a_quote_inside_a_field_is_kept_literally(tmp_path):
    cases = CASES.replace("C-1,Acme v. Bright,", 'C-1,Acme "the big one" v. Bright,')
    profile = load_profile(write(tmp_path, cases=cases))
    assert profile.cases[0].caption == 'Acme "the big one" v. Bright'
    assert [c.case_id for c in profile.cases] == ["C-1", "C-2"]


def test_security_table_is_read_and_checked(tmp_path):
    profile = load_profile(write(tmp_path, TOML + '\n[security]\nhome_addresses = ["42 Maple '
                                 'Street"]\nregion = "us"\n'))
    assert profile.security.home_addresses == ["42 Maple Street"]
    assert profile.security.region == "US"
    assert load_profile(write(tmp_path)).security.region is None
    with pytest.raises(ProfileError, match="unknown key 'home_adress'"):
        load_profile(write(tmp_path, TOML + '\n[security]\nhome_adress = ["x y z"]\n'))
    with pytest.raises(ProfileError, match="unknown region"):
        load_profile(write(tmp_path, TOML + '\n[security]\nregion = "XX"\n'))


def test_classifiers_models_folder_and_unverified_domains(tmp_path):
    models = tmp_path / "office-models"
    models.mkdir()
    toml = TOML + ('\n[classifiers]\nmodels = "office-models"\n'
                   '\n[policy]\nunverified_domains = ["fakenews.example"]\n')
    profile = load_profile(write(tmp_path, toml=toml))
    assert profile.models_dir == models
    assert profile.policy.unverified_domains == ["fakenews.example"]
    assert load_profile(write(tmp_path)).policy.unverified_domains == []


def test_classifiers_table_is_strict(tmp_path):
    err = error_of(write(tmp_path, toml=TOML + '\n[classifiers]\nmodels = "nowhere"\n'))
    assert "field 'classifiers.models'" in str(err) and "not a folder" in str(err)
    err = error_of(write(tmp_path, toml=TOML + '\n[classifiers]\nmodel = "x"\n'))
    assert "model" in str(err) and "allowed" in str(err)


def test_cases_assigned_column_is_optional_and_strict(tmp_path):
    cases = CASES.replace("keywords,sealed\n", "keywords,sealed,assigned\n")
    cases = cases.replace("lease,\n", "lease,,office\n").replace(",,,yes\n", ",,,yes,\n")
    profile = load_profile(write(tmp_path, cases=cases))
    assert [c.assigned for c in profile.cases] == ["office", "own"]
    err = error_of(write(tmp_path, cases=cases.replace(",office\n", ",mine\n")))
    assert "cases.csv, line 2, field 'assigned'" in str(err)
