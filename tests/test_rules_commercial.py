"""Commercial family: endorsements of businesses, lawyers and experts; title misuse."""

from __future__ import annotations

from presence_audit.rules import RuleContext
from presence_audit.rules.commercial import detect

try:
    from test_matching import frame, one, scenario_profile
except ImportError:  # tests collected as a package
    from tests.test_matching import frame, one, scenario_profile


def run(rows, prof=None):
    return detect(RuleContext(frame(rows), prof or scenario_profile()))



def test_sponsored_content_en_it_es_is_high():
    d = run([{"kind": "post", "text": "Loving these shoes! Use my code MARIA10 #ad"},
             {"kind": "post", "text": "Codice sconto GIUDICE20 in collaborazione con @brand"},
             {"kind": "post", "text": "Mi nuevo reloj, código de descuento JUEZ5"}])
    for row in (0, 1, 2):
        assert one(d, "COMMERCIAL_ENDORSEMENT", row)["severity"] == "high"


def test_recommending_listed_counsel_is_high():
    f = one(run([{"kind": "post", "text": "I highly recommend Daniel Okafor, best lawyer."}]),
            "COMMERCIAL_ENDORSEMENT")
    assert f["severity"] == "high" and f["entity"] == "Daniel Okafor"


def test_own_books_are_info_and_venue_thanks_is_not_a_finding():
    d = run([{"kind": "post", "text": "Il mio nuovo libro sul processo civile è uscito."},
             {"kind": "post", "text": "Thanks to the hotel for hosting the bar conference."}])
    assert one(d, "COMMERCIAL_ENDORSEMENT", 0)["severity"] == "info"
    assert not (d["row"] == 1).any()


def test_business_promotion_is_low_untitled_and_medium_with_m_titled():
    row = {"kind": "post", "text": "Vi consiglio la pasticceria di mio cugino, cinque stelle!"}
    assert one(run([row]), "COMMERCIAL_ENDORSEMENT")["severity"] == "low"
    d = run([{"kind": "profile", "text": "Giudice Maria Rossi"}, row])
    f = one(d, "COMMERCIAL_ENDORSEMENT", 1)
    assert f["severity"] == "medium" and "M-TITLED" in f["reason"]


def test_title_in_a_complaint_is_high_en_and_it():
    d = run([{"kind": "post", "text": "As a judge, I demand a refund for this service."},
             {"kind": "comment", "text": "Sono un magistrato, pretendo il rimborso."},
             {"kind": "post", "text": "The judge at the bake-off loved my pie."}])
    assert one(d, "TITLE_MISUSE", 0)["severity"] == "high"
    assert one(d, "TITLE_MISUSE", 1)["severity"] == "high"
    assert not (d["row"] == 2).any()


def test_profile_title_follows_title_visible_severity_and_robe_is_medium():
    rows = [{"kind": "profile", "text": "Judge, Kings County Supreme Court"}]
    assert one(run(rows), "TITLE_MISUSE")["severity"] == "low"
    uk = one(run(rows, scenario_profile(title_visible_severity="medium")), "TITLE_MISUSE")
    assert uk["severity"] == "medium"
    robe = one(run([{"kind": "profile", "text": "Maria. Avatar: robe photo"}]), "TITLE_MISUSE")
    assert robe["severity"] == "medium"
    assert run([{"kind": "profile", "text": "Official account of the Kings County Supreme "
                                            "Court"}]).empty


def test_recommending_a_law_firm_is_high_in_english_and_italian():
    """Lawyers recommended by a judge may appear before them (rules.md: high)."""
    d = run([{"kind": "post", "text": "I highly recommend Whitfield & Crane LLP, the best "
                                      "lawyers in Brooklyn."},
             {"kind": "post", "text": "Vi consiglio lo studio legale Bianchi per ogni causa."},
             {"kind": "post", "text": "I highly recommend the new bakery on Court Street."}])
    assert one(d, "COMMERCIAL_ENDORSEMENT", 0)["severity"] == "high"
    assert "may appear before the subject" in one(d, "COMMERCIAL_ENDORSEMENT", 0)["reason"]
    assert one(d, "COMMERCIAL_ENDORSEMENT", 1)["severity"] == "high"
    assert one(d, "COMMERCIAL_ENDORSEMENT", 2)["severity"] in ("low", "medium")


def test_a_prosecutors_press_release_with_link_in_bio_sells_nothing():
    """Issue 17: the office's release is a permitted statement, not an influencer post."""
    rows = [{"kind": "post", "text": "Our office's press release on today's hearing: link in bio."},
            {"kind": "post", "text": "New running shoes from my favourite shop, link in bio!"}]
    d = run(rows, scenario_profile("prosecutor"))
    assert not (d["row"] == 0).any()
    assert (d["row"] == 1).any()
    assert (run(rows)["row"] == 0).any()  # a judge's post is no permitted statement
