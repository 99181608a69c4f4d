"""Pages and accounts of party organisations named the way the platforms show them (issue 12):
town and "official" around the name, "und" for "&", handles with a legal suffix, group chats.
Real Facebook, Instagram and X exports go through the whole scan."""

from __future__ import annotations

from pathlib import Path

import pytest
from metaarchive import fb_path, thread, write_zip
from xarchive import build_x_archive, like

from presence_audit.rules.toolkit import page_names
from presence_audit.rules.toolkit.case_index import org_key
from presence_audit.scan import scan

HOLZBAU, SEILER, STADT, RUCK = ("LGF-ZIV-2023-00312", "LGF-ZIV-2024-00310",
                                "LGF-ZIV-2024-00145", "LGF-STR-2024-00087")
ME = "Katharina Brenner"
TS = 1725177600  # 2024-09-01, every case pending
FB_ROOT = "facebook-katharinabrenner-2024-12-01-Ab12/"
IG_ROOT = "instagram-katharina.brenner-2024-12-01-Cd34/"


@pytest.mark.parametrize(("handle", "words"), [
    ("SWHolzbau_GmbH", "SW Holzbau GmbH"), ("AceitesCierzoSL", "Aceites Cierzo SL"),
    ("quarry_ridge.official", "quarry ridge official"), ("McDonald", "Mc Donald")])
def test_split_camel_keeps_legal_suffixes_whole(handle, words):
    assert page_names.split_camel(handle) == words


@pytest.mark.parametrize(("name", "core"), [
    ("Stadt Emmendingen (offiziell)", "emmendingen"),
    ("Ville de Vitré - Page officielle", "vitre"),
    ("Breisgau Logistik Freiburg", "breisgau logistik"),
    ("Ferriera Valtrompia Spa 🔩", "ferriera valtrompia"),
    ("Excmo. Ayuntamiento de Tarazona", "tarazona"),
    ("Freiburg", "freiburg"),  # only the town: kept, so it can name nothing else
    ("Dunmore Golf Club", "dunmore golf club")])
def test_page_core_drops_town_official_suffix_and_emoji(name, core):
    assert page_names.page_core(name, org_key, {"landgericht", "freiburg"}) == core


def test_conjunction_forms_spell_and_every_way():
    forms = page_names.conjunction_forms("seiler & kunz")
    assert {"seilerkunz", "seilerundkunz", "seilerandkunz", "seilerukunz"} <= forms
    assert page_names.conjunction_forms("schwarzwald holzbau") == set()


def _profile(tmp_path: Path) -> Path:
    (tmp_path / "cases.csv").write_text(
        "case_id,caption,court,opened,closed,parties,counsel,witnesses,keywords,sealed\n"
        f"{HOLZBAU},Schwarzwald Holzbau GmbH gegen Breisgau Logistik AG,Landgericht Freiburg,"
        "2023-09-25,,Schwarzwald Holzbau GmbH;Breisgau Logistik AG,,,,false\n"
        f"{SEILER},Seiler & Kunz GmbH & Co. KG gegen Dieter Walcher,Landgericht Freiburg,"
        "2024-03-04,,Seiler & Kunz GmbH & Co. KG;Dieter Walcher,,,,false\n"
        f"{STADT},Hannelore Berger gegen Stadt Emmendingen,Landgericht Freiburg,2024-02-14,,"
        "Hannelore Berger;Stadt Emmendingen,,,,false\n"
        f"{RUCK},Strafsache gegen Wendelin Ruckstuhl,Landgericht Freiburg,2024-01-17,,"
        "Wendelin Ruckstuhl,Jens Koch,,,false\n", encoding="utf-8")
    (tmp_path / "people.csv").write_text(
        "name,aliases,role,case_id,handles\n"
        f"Schwarzwald Holzbau GmbH,,party,{HOLZBAU},x:@swholzbau#1550000001\n",
        encoding="utf-8")
    (tmp_path / "profile.toml").write_text(
        f'[subject]\nname = "{ME}"\nrole = "judge"\njurisdiction = "INTL"\n'
        'court = "Landgericht Freiburg"\ntimezone = "Europe/Berlin"\n'
        '[subject.handles]\nfacebook = "Katharina Brenner"\ninstagram = "katharina.brenner"\n'
        '[data]\ncases = "cases.csv"\npeople = "people.csv"\n', encoding="utf-8")
    return tmp_path / "profile.toml"


def _facebook(path: Path, pages: list[str], chats: list[list[str]]) -> Path:
    members: dict[str, object] = {
        fb_path("profile"): {"profile_v2": {"name": {"full_name": ME}}},
        fb_path("pages"): {"page_likes_v2": [
            {"name": p, "timestamp": TS + n, "url": f"https://www.facebook.com/p{n}"}
            for n, p in enumerate(pages)]}}
    for n, others in enumerate(chats):
        folder = f"inbox/chat{n}_{10230000000000000 + n}"
        members[f"{fb_path('inbox')}/chat{n}_{10230000000000000 + n}/message_1.json"] = thread(
            [*others, ME], [{"sender_name": ME, "timestamp_ms": (TS + 100 + n) * 1000,
                             "content": "Bitte nehmt mich aus diesem Chat.",
                             "is_geoblocked_for_viewer": False}],
            title=", ".join(others), thread_path=folder)
    return write_zip(path, {FB_ROOT + k: v for k, v in members.items()})


def _instagram(path: Path, following: list[str]) -> Path:
    rel = "connections/followers_and_following/"
    return write_zip(path, {
        IG_ROOT + "personal_information/personal_information/personal_information.json": {
            "profile_user": [{"title": "User information", "media_map_data": {},
                              "string_map_data": {
                                  "Username": {"href": "", "value": "katharina.brenner",
                                               "timestamp": 0},
                                  "Name": {"href": "", "value": ME, "timestamp": 0}}}]},
        IG_ROOT + rel + "following.json": {"relationships_following": [
            {"title": h, "media_list_data": [], "string_list_data": [
                {"href": f"https://www.instagram.com/_u/{h}", "timestamp": TS + n}]}
            for n, h in enumerate(following)]}})


def _party_findings(archives: list[Path], profile: Path) -> dict[str, list[str]]:
    f = scan([str(a) for a in archives], str(profile), hash_archives=False).findings
    f = f[f["rule"].isin(["PARTY_CONNECTION", "COUNSEL_CONNECTION"])]
    out: dict[str, list[str]] = {}
    for cp, case in zip(f["counterpart"].astype(str), f["case_id"], strict=True):
        out.setdefault(cp, []).append(case)
    return out


def test_facebook_pages_with_town_official_and_und_are_the_party_and_lookalikes_not(tmp_path):
    pages = ["Seiler und Kunz", "Stadt Emmendingen (offiziell)", "Schwarzwald-Holzbau Freiburg",
             "Große Kreisstadt Emmendingen", "Breisgau Logistik – Freiburg",
             "Holzbau Freiburg", "Schwarzwald Tourismus", "Stadt Endingen",
             "Große Kreisstadt Waldkirch", "Seiler Fahrräder"]
    archive = _facebook(tmp_path / "fb.zip", pages, [])
    found = _party_findings([archive], _profile(tmp_path))
    assert found == {"Seiler und Kunz": [SEILER], "Stadt Emmendingen (offiziell)": [STADT],
                     "Schwarzwald-Holzbau Freiburg": [HOLZBAU],
                     "Große Kreisstadt Emmendingen": [STADT],
                     "Breisgau Logistik – Freiburg": [HOLZBAU]}


def test_group_chat_with_counsel_is_a_connection_and_a_namesake_is_not(tmp_path):
    archive = _facebook(tmp_path / "fb.zip", [], [["Jens Koch", "Anna Weber"],
                                                   ["Thomas Koch", "Anna Weber"]])
    found = _party_findings([archive], _profile(tmp_path))
    assert found == {"Jens Koch, Anna Weber": [RUCK]}


def test_instagram_accounts_run_together_with_und_and_suffix(tmp_path):
    archive = _instagram(tmp_path / "ig.zip", ["seilerundkunz", "seiler_kunz_gmbh",
                                               "kunz_fotografie", "swholzbau_gmbh"])
    found = _party_findings([archive], _profile(tmp_path))
    # the X handle @swholzbau is no Instagram account: another platform's name is not matched
    assert found == {"seilerundkunz": [SEILER], "seiler_kunz_gmbh": [SEILER]}


def test_x_like_of_the_party_handle_with_a_legal_suffix(tmp_path):
    archive = build_x_archive(tmp_path / "x.zip", likes=[
        like("1830000000000000001", "Richtfest in Kirchzarten!",
             "https://twitter.com/SWHolzbau_GmbH/status/1830000000000000001"),
        like("1830000000000000002", "Neue Halle!",
             "https://twitter.com/Holzbau_GmbH/status/1830000000000000002")])
    found = _party_findings([archive], _profile(tmp_path))
    assert found == {"SWHolzbau_GmbH": [HOLZBAU]}
