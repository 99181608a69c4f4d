"""PERSONAL_SECURITY_EXPOSURE and ACCOUNT_HYGIENE (rules.md 3, 6.7)."""

from __future__ import annotations

from presence_audit.profile import Security
from presence_audit.rules import RuleContext
from presence_audit.rules.security import detect

try:
    from test_matching import frame, scenario_profile
except ImportError:  # tests collected as a package
    from tests.test_matching import frame, scenario_profile


def run(rows, profile=None):
    d = detect(RuleContext(frame(rows), profile or scenario_profile()))
    return dict(zip(d["row"], d["severity"], strict=True)), d


def test_home_address_with_absence_is_critical_alone_high():
    p = scenario_profile()
    p.security = Security(home_addresses=["42 Maple Street"])
    sev, _ = run([{"kind": "post", "text": "Out of town until Monday, 42 Maple Street is empty"},
                  {"kind": "post", "text": "New mailbox at 42 Maple Street"}], p)
    assert sev == {0: "critical", 1: "high"}


def test_contact_data_medium_and_courthouse_address_not_a_finding():
    sev, d = run([{"kind": "post", "text": "Call me at (718) 555-0142 or maria.r@gmail.com"},
                  {"kind": "post", "text": "Kings County Supreme Court, 360 Adams Street"}])
    assert sev == {0: "medium"}
    assert any(e["text"] == "(718) 555-0142" for e in d.iloc[0]["evidence"])


def test_only_personal_e_mail_is_an_exposure():
    """rules.md 6.7: personal e-mail. A colleague's university address or a court's mailbox
    quoted in a post exposes nobody; a free-mail address, one with the subject's name, or one
    offered as "email me" does."""
    sev, d = run([{"kind": "post", "text": "Ask Prof. Quill, quill@physics.uni-example.edu"},
                  {"kind": "post", "text": "Filings go to clerk@courts.example.gov"},
                  {"kind": "post", "text": "Questions about the talk? Write to me at "
                                           "reading-club@example.org"},
                  {"kind": "post", "text": "New address: maria.rossi@example.net"},
                  {"kind": "post", "text": "Il mio contatto: mrx@libero.it"},
                  {"kind": "post", "text": "Send slides to events@example.org please"}])
    assert sev == {2: "medium", 3: "medium", 4: "medium"}, sev
    assert any(e["text"] == "mrx@libero.it" for e in d.loc[d["row"] == 4].iloc[0]["evidence"])


def test_italian_realtime_and_past_trip_near_miss():
    sev, _ = run([{"kind": "post", "text": "Sono appena atterrata a Fiumicino"},
                  {"kind": "post",
                   "text": "Tornati da Parigi la settimana scorsa, in vacanza fino a ieri"},
                  {"kind": "check_in", "text": "Rome, Italy"},
                  {"kind": "check_in", "text": "Joe's Pizza"}])
    assert sev == {0: "medium", 3: "medium"}


def test_children_school_is_high_and_profile_hygiene():
    sev, d = run([{"kind": "post", "text": "First day at Lincoln Elementary for my son Leo, 7"},
                  {"kind": "profile", "text": "Lex Watcher\nPublic account"}])
    assert sev[0] == "high"
    hyg = d[d["rule"] == "ACCOUNT_HYGIENE"]
    assert len(hyg) == 2 and set(hyg["severity"]) == {"info"}


def test_a_prosecutors_appeal_for_witnesses_publishes_the_tip_line_not_her_number():
    """MRPC 3.6(b)(5): the number in a request for witnesses is the investigators' line."""
    rows = [{"kind": "post", "text": "Investigators would like to hear from anyone who was "
                                     "near Hollis Street that night: call (541) 555-0134."},
            {"kind": "post", "text": "New number, text me: (541) 555-0142"}]
    assert run(rows, scenario_profile("prosecutor"))[0] == {1: "medium"}
    # a judge's post is no permitted statement: both numbers are exposures
    assert run(rows)[0] == {0: "medium", 1: "medium"}
