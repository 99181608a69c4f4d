"""The LinkedIn importer on real-format CSV exports (formats.md section 4), good and bad."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from csvexport import entry, read_export

from presence_audit import handles, schema
from presence_audit.archive import open_archives
from presence_audit.importers import ExportPart, ImportContext, all_importers, linkedin
from presence_audit.matching import match_key

SAMPLES = Path(__file__).resolve().parent.parent / "sample_archives"
ROOT = "Basic_LinkedInDataExport_01-02-2025/"
NOTES = ('Notes:\n"When exporting your connection data, you may notice that some of the email '
         'addresses are missing."\n\n')
CONN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def _read(tmp_path: Path, members: dict[str, object], own: str | None = None):
    return read_export(linkedin.LinkedInImporter(), tmp_path / "li.zip", members, own)


def test_sample_archive_imports_every_record_kind():
    archive = open_archives([SAMPLES / "linkedin-sample.zip"])[0]
    imp = linkedin.LinkedInImporter()
    roots = imp.detect(archive.names)
    assert roots == ["Basic_LinkedInDataExport_06-01-2024/"]
    result = imp.read([ExportPart(archive, roots[0])],
                      ImportContext(own_handles={"linkedin": "in/maria-rossi-nyc"}))
    schema.validate(result.frame)
    kinds = result.frame["kind"].astype(str).value_counts().to_dict()
    assert kinds == {"connection": 7, "post": 2, "repost": 1, "comment": 2, "reaction": 1,
                     "like": 1, "message": 2, "follow": 2, "profile": 1}
    assert (result.frame["account"] == "in/maria-rossi-nyc").all()
    assert result.frame["observed_at"].notna().all()
    statuses = {e.member.rsplit("/", 1)[-1]: e.status for e in result.coverage}
    assert statuses["Ad_Targeting.csv"] == "skipped"
    assert statuses["Rich_Media.csv"] == "unrecognized"


def test_connection_profile_url_becomes_the_people_csv_handle(tmp_path):
    data = ("\ufeff" + NOTES + CONN_HEADER
            + 'Ben,Sample,https://www.linkedin.com/in/Ben-Sample-0a1b2c,,"Sample & Partners, LLP"'
              ",Senior Counsel,02 Feb 2021\n")
    frame = _read(tmp_path, {ROOT + "Connections.csv": data}).frame
    row = frame.iloc[0]
    assert row["kind"] == "connection"
    assert row["timestamp"] == pd.Timestamp("2021-02-02", tz="UTC")
    for written in ("in/ben-sample-0a1b2c", "linkedin.com/in/ben-sample-0a1b2c/",
                    "https://www.linkedin.com/in/Ben-Sample-0a1b2c?trk=x"):
        assert match_key(handles.read("linkedin", written).handle) == match_key(
            row["counterpart"])
    assert "Ben Sample" in row["text"] and "Senior Counsel" in row["text"]


def test_quoted_notes_preamble_and_old_connections_without_url(tmp_path):
    data = ('"Notes:"\n"Some e-mails are blank."\n\n'
            "First Name,Last Name,Email Address,Company,Position,Connected On\n"
            "Ann,Other,,Acme,Clerk,7-Feb-22\n")
    frame = _read(tmp_path, {ROOT + "Connections.csv": data}).frame
    assert frame["counterpart"].tolist() == ["Ann Other"]
    assert frame["timestamp"].iloc[0] == pd.Timestamp("2022-02-07", tz="UTC")


def test_shares_bare_repost_member_id_stem_and_item_ids(tmp_path):
    data = ("Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
            "2025-04-01 12:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A"
            '7300000000000000001,"Proud of the ""clinic"" team",,,PUBLIC\n'
            "2025-04-02 08:30:00,https://www.linkedin.com/feed/update/urn%3Ali%3AugcPost%3A"
            "7300000000000000002,,https://example.org/a,,MEMBER_NETWORK\n")
    result = _read(tmp_path, {ROOT + "Profile.csv": "First Name,Last Name\nM,R\n",
                              ROOT + "Shares_123456.csv": data})
    shares = result.frame[result.frame["record_id"].str.startswith("share:")]
    assert shares["record_id"].tolist() == ["share:7300000000000000001",
                                            "share:7300000000000000002"]
    assert shares["kind"].tolist() == ["post", "repost"]
    assert shares["text"].iloc[0] == 'Proud of the "clinic" team'


def test_comments_with_backslash_escaped_quotes_in_a_multiline_field(tmp_path):
    data = ('Date,Link,Message\n'
            '2025-05-01 10:00:00,https://www.linkedin.com/feed/update/urn:li:activity:1,'
            '"He said \\"no\\",\nthen left."\n'
            ',https://www.linkedin.com/feed/update/urn:li:activity:2,"Undated comment"\n')
    result = _read(tmp_path, {ROOT + "Connections.csv": NOTES + CONN_HEADER,
                              ROOT + "Comments.csv": data})
    comments = result.frame[result.frame["kind"] == "comment"]
    assert comments["text"].tolist() == ['He said "no",\nthen left.', "Undated comment"]
    assert comments["time_basis"].astype(str).tolist() == ["exact", "unknown"]
    assert comments["record_id"].str.startswith("h:").all()
    assert entry(result, "Comments.csv").bad_records == 0


def test_messages_counterpart_is_the_other_party_and_dates_carry_utc(tmp_path):
    li = "https://www.linkedin.com/in/"
    data = ("CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
            "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n"
            f"c1,,Me Myself,{li}me-judge,Ben Sample,{li}ben-sample,2025-08-01 10:00:00 UTC,"
            "Hello,See you,INBOX\n"
            f"c1,,Ben Sample,{li}ben-sample,Me Myself,{li}me-judge,2025-08-01 11:00:00 UTC,,"
            "Sure,INBOX\n")
    result = _read(tmp_path, {ROOT + "Connections.csv": NOTES + CONN_HEADER,
                              ROOT + "messages.csv": data}, own="in/me-judge")
    msgs = result.frame[result.frame["kind"] == "message"]
    assert msgs["counterpart"].tolist() == ["in/ben-sample", "in/ben-sample"]
    assert msgs["text"].tolist() == ["Hello\n\nSee you", "Sure"]
    assert msgs["timestamp"].iloc[1] == pd.Timestamp("2025-08-01 11:00", tz="UTC")


def test_follows_invitations_endorsements_and_recommendations(tmp_path):
    li = "https://www.linkedin.com/in/"
    result = _read(tmp_path, {
        ROOT + "Company Follows.csv": "Organization,Followed On\n"
                                      "Acme Holdings LLC,Sat Sep 05 08:12:14 UTC 2026\n",
        ROOT + "Invitations.csv": "From,To,Sent At,Message,Direction,inviterProfileUrl,"
                                  "inviteeProfileUrl\n"
                                  f'Ben Sample,Me,"9/5/26, 1:12 AM",Hi!,INCOMING,{li}ben-sample,'
                                  f"{li}me\n",
        ROOT + "Endorsement_Given_Info.csv": "Endorsement Date,Skill Name,Endorsee First Name,"
                                             "Endorsee Last Name,Endorsee Public Url,"
                                             "Endorsement Status\n2017/10/24 08:06:57 UTC,"
                                             "Litigation,Ben,Sample,www.linkedin.com/in/"
                                             "ben-sample,ACCEPTED\n",
        ROOT + "Recommendations_Received.csv": "First Name,Last Name,Company,Job Title,Text,"
                                               "Creation Date,Status\nAnn,Other,Acme,Counsel,"
                                               '"A fair judge.","07/21/09, 12:11 PM",VISIBLE\n',
    })
    f = result.frame.set_index("record_id")
    follow = f.loc["company:acme holdings llc"]
    assert follow["kind"] == "follow"
    assert follow["timestamp"] == pd.Timestamp("2026-09-05 08:12:14", tz="UTC")
    invite = f[f.index.str.startswith("invitation-received:")].iloc[0]
    assert (invite["counterpart"], invite["text"]) == ("in/ben-sample", "Hi!")
    assert invite["timestamp"] == pd.Timestamp("2026-09-05 01:12", tz="UTC")
    endorse = f[f.index.str.startswith("endorsement-given:")].iloc[0]
    assert (endorse["kind"], endorse["counterpart"]) == ("connection", "in/ben-sample")
    rec = f[f["text"] == "A fair judge."].iloc[0]
    assert (rec["kind"], rec["counterpart"]) == ("connection", "Ann Other")
    assert rec["timestamp"] == pd.Timestamp("2009-07-21 12:11", tz="UTC")


def test_bad_rows_become_coverage_counts_not_tracebacks(tmp_path):
    data = ("Date,Type,Link\n"
            "2025-01-01 10:00:00,LIKE,https://www.linkedin.com/feed/update/urn:li:activity:11\n"
            "yesterday,LIKE,https://www.linkedin.com/feed/update/urn:li:activity:12\n"
            "2025-01-02 10:00:00,LIKE,https://x/13,extra,fields\n"
            "1970-01-01 00:00:00,LIKE,https://www.linkedin.com/feed/update/urn:li:activity:14\n")
    result = _read(tmp_path, {ROOT + "Connections.csv": NOTES + CONN_HEADER,
                              ROOT + "Reactions.csv": data})
    got = entry(result, "Reactions.csv")
    assert (got.status, got.records, got.bad_records) == ("read", 1, 3)
    assert "unreadable or pre-2000 date" in got.reason and "5 fields" in got.reason


def test_missing_header_truncated_file_binary_and_unknown_members(tmp_path):
    truncated = (CONN_HEADER + "Ann,Other,,,Acme,Clerk,02 Feb 2021\n"
                 'Ben,Sample,,,"Sample & Part')
    result = _read(tmp_path, {
        ROOT + "Connections.csv": truncated,
        ROOT + "Shares.csv": "2025-04-01 12:00:00,https://x,hello,,,PUBLIC\n",
        ROOT + "Comments.csv": b"Date,Link,Message\n\xff\xfe broken",
        ROOT + "Mystery_Data.csv": "a,b\n1,2\n",
        ROOT + "Articles/Articles/my-essay.html": "<html></html>",
        "__MACOSX/" + ROOT + "._Connections.csv": b"\x00\x05\x16\x07",
    })
    conn = entry(result, "/Connections.csv")
    assert (conn.status, conn.records, conn.bad_records) == ("read", 1, 1)
    shares = entry(result, "Shares.csv")
    assert shares.status == "failed" and "no header line" in shares.reason
    comments = entry(result, "Comments.csv")
    assert comments.status == "failed" and "not UTF-8" in comments.reason
    assert entry(result, "Mystery_Data.csv").status == "unrecognized"
    assert entry(result, "my-essay.html").status == "unrecognized"
    assert len(result.frame) == 1


def test_only_the_linkedin_importer_claims_a_linkedin_export():
    names = [ROOT + "Connections.csv", ROOT + "messages.csv", ROOT + "Comments.csv"]
    claims = {imp.name: imp.detect(names) for imp in all_importers()}
    assert claims.pop("linkedin") == [ROOT]
    assert not any(claims.values())


@pytest.mark.parametrize("name", ["Reddit/messages.csv", "comments.csv", "Profile.json"])
def test_files_that_are_not_markers_do_not_detect(name):
    assert linkedin.LinkedInImporter().detect([name]) == []


def test_scan_matches_counsel_by_linkedin_handle(tmp_path, monkeypatch):
    from presence_audit.scan import scan

    monkeypatch.setenv("PRESENCE_AUDIT_DB", str(tmp_path / "history.db"))
    result = scan([str(SAMPLES / "linkedin-sample.zip")], str(SAMPLES / "profile.toml"))
    f = result.findings
    counsel = f[(f["rule"] == "COUNSEL_CONNECTION") & (f["kind"] == "connection")]
    assert "in/daniel-okafor-law" in set(counsel["counterpart"].astype(str))
    assert "PENDING_CASE_COMMENT" in set(f["rule"].astype(str))


def test_only_an_endorsement_given_to_counsel_is_a_commercial_endorsement(tmp_path, monkeypatch):
    """A connection or an endorsement received is no recommendation by the subject; an
    endorsement the subject gave to counsel of a pending case is (COMMERCIAL_ENDORSEMENT)."""
    import zipfile

    from presence_audit.scan import scan

    monkeypatch.setenv("PRESENCE_AUDIT_DB", str(tmp_path / "history.db"))
    li = "https://www.linkedin.com/in/"
    members = {
        ROOT + "Connections.csv": NOTES + CONN_HEADER
        + f"Daniel,Okafor,{li}daniel-okafor-law,,Okafor & Reyes,Partner,05 Mar 2024\n",
        ROOT + "Endorsement_Received_Info.csv": "Endorsement Date,Skill Name,Endorser First Name,"
        "Endorser Last Name,Endorser Public Url,Endorsement Status\n2024/03/06 08:06:57 UTC,"
        "Litigation,Daniel,Okafor,www.linkedin.com/in/daniel-okafor-law,ACCEPTED\n",
        ROOT + "Endorsement_Given_Info.csv": "Endorsement Date,Skill Name,Endorsee First Name,"
        "Endorsee Last Name,Endorsee Public Url,Endorsement Status\n2024/03/07 08:06:57 UTC,"
        "Litigation,Helen,Marsh,www.linkedin.com/in/helen-marsh-esq,ACCEPTED\n",
    }
    path = tmp_path / "linkedin.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    f = scan([str(path)], str(SAMPLES / "profile.toml")).findings
    commercial = f[f["rule"] == "COMMERCIAL_ENDORSEMENT"]
    assert list(commercial["record_id"].astype(str).str.split(":").str[0]) == [
        "endorsement-given"]
    assert commercial["counterpart"].iat[0] == "in/helen-marsh-esq"
    counsel = f[f["rule"] == "COUNSEL_CONNECTION"]
    assert "in/daniel-okafor-law" in set(counsel["counterpart"].astype(str))
