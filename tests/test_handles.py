"""Handles as people write them: every accepted form reads to one canonical handle per platform,
an unreadable form names the forms that are accepted, and matching meets the archive side."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from presence_audit.handles import FORMS, Handle, match_key, match_keys, parse_item, read
from presence_audit.schema import PLATFORMS

UC = "UCabcdefghijklmnopqrstuv"  # a channel id: "UC" and 22 characters, case kept

# (platform, as written, canonical handle, account id)
GOOD = [
    ("x", "@MariaRossi_NYC", "mariarossi_nyc", None),
    ("x", "mariarossi_nyc", "mariarossi_nyc", None),
    ("x", "https://x.com/MariaRossi_NYC", "mariarossi_nyc", None),
    ("x", "http://www.x.com/mariarossi_nyc/", "mariarossi_nyc", None),
    ("x", "x.com/mariarossi_nyc?lang=en", "mariarossi_nyc", None),
    ("x", "twitter.com/mariarossi_nyc", "mariarossi_nyc", None),
    ("x", "https://mobile.twitter.com/mariarossi_nyc/", "mariarossi_nyc", None),
    ("x", "https://m.twitter.com/@mariarossi_nyc", "mariarossi_nyc", None),
    ("x", "https://x.com/mariarossi_nyc/status/1790000000000000001", "mariarossi_nyc", None),
    ("x", "https://x.com/i/user/4400000001", None, "4400000001"),
    ("x", "@acme#1500000001", "acme", "1500000001"),
    ("facebook", "Daniel  OKAFOR", "daniel okafor", None),
    ("facebook", "https://www.facebook.com/daniel.okafor", "daniel.okafor", None),
    ("facebook", "facebook.com/daniel.okafor/", "daniel.okafor", None),
    ("facebook", "m.facebook.com/Daniel.Okafor?ref=bookmarks", "daniel.okafor", None),
    ("facebook", "https://www.facebook.com/profile.php?id=100012345678901", None,
     "100012345678901"),
    ("facebook", "facebook.com/profile.php?id=100012345678901&sk=about", None,
     "100012345678901"),
    ("facebook", "https://fb.com/daniel.okafor", "daniel.okafor", None),
    ("instagram", "@Helen.Marsh_esq", "helen.marsh_esq", None),
    ("instagram", "helenmarsh.esq", "helenmarsh.esq", None),
    ("instagram", "https://www.instagram.com/helenmarsh.esq/", "helenmarsh.esq", None),
    ("instagram", "instagram.com/helenmarsh.esq?igsh=abc123", "helenmarsh.esq", None),
    ("threads", "@helenmarsh.esq", "helenmarsh.esq", None),
    ("threads", "https://www.threads.net/@helenmarsh.esq", "helenmarsh.esq", None),
    ("threads", "threads.net/@HelenMarsh.esq/", "helenmarsh.esq", None),
    ("threads", "threads.com/@helenmarsh.esq", "helenmarsh.esq", None),
    ("linkedin", "in/jane-doe-law", "in/jane-doe-law", None),
    ("linkedin", "/in/jane-doe-law/", "in/jane-doe-law", None),
    ("linkedin", "jane-doe-law", "in/jane-doe-law", None),
    ("linkedin", "company/acme-logistics", "company/acme-logistics", None),
    ("linkedin", "https://www.linkedin.com/in/Jane-Doe-Law/", "in/jane-doe-law", None),
    ("linkedin", "linkedin.com/in/jane-doe-law?trk=public_profile", "in/jane-doe-law", None),
    ("linkedin", "https://it.linkedin.com/in/jane-doe-law", "in/jane-doe-law", None),
    ("linkedin", "https://www.linkedin.com/company/acme-logistics/about/",
     "company/acme-logistics", None),
    ("linkedin", "linkedin.com/in/jos%C3%A9-garc%C3%ADa", "in/josé-garcía", None),
    ("mastodon", "@Ann@Law.Social", "ann@law.social", None),
    ("mastodon", "ann@law.social", "ann@law.social", None),
    ("mastodon", "https://law.social/@ann", "ann@law.social", None),
    ("mastodon", "law.social/@Ann/", "ann@law.social", None),
    ("mastodon", "https://mastodon.social/@ann@law.social", "ann@law.social", None),
    ("mastodon", "https://law.social/users/ann", "ann@law.social", None),
    ("bluesky", "@ann.bsky.social", "ann.bsky.social", None),
    ("bluesky", "Ann.Example.com", "ann.example.com", None),
    ("bluesky", "https://bsky.app/profile/ann.bsky.social", "ann.bsky.social", None),
    ("bluesky", "bsky.app/profile/ann.bsky.social/", "ann.bsky.social", None),
    ("bluesky", "did:plc:z72i7hdynmk6r22z27h6tvur", None, "did:plc:z72i7hdynmk6r22z27h6tvur"),
    ("bluesky", "https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur", None,
     "did:plc:z72i7hdynmk6r22z27h6tvur"),
    ("bluesky", "ann.bsky.social#did:plc:abc123", "ann.bsky.social", "did:plc:abc123"),
    ("reddit", "u/Court_Watcher", "court_watcher", None),
    ("reddit", "/u/court_watcher/", "court_watcher", None),
    ("reddit", "user/court_watcher", "court_watcher", None),
    ("reddit", "court_watcher", "court_watcher", None),
    ("reddit", "https://www.reddit.com/user/court_watcher/", "court_watcher", None),
    ("reddit", "old.reddit.com/u/court_watcher?sort=new", "court_watcher", None),
    ("tiktok", "@Bright.Logistics", "bright.logistics", None),
    ("tiktok", "https://www.tiktok.com/@bright.logistics?lang=en", "bright.logistics", None),
    ("tiktok", "tiktok.com/@bright.logistics/", "bright.logistics", None),
    ("youtube", "@AcmeHoldings", "acmeholdings", None),
    ("youtube", "https://www.youtube.com/@AcmeHoldings", "acmeholdings", None),
    ("youtube", "m.youtube.com/@acmeholdings/videos", "acmeholdings", None),
    ("youtube", f"https://www.youtube.com/channel/{UC}", None, UC),
    ("youtube", f"youtube.com/channel/{UC}/", None, UC),
    ("youtube", UC, None, UC),
]

# (platform, as written, words the error must hold)
BAD = [
    ("x", "acme corp", ["not a valid x handle"]),
    ("x", "@acme.corp", ["not a valid x handle"]),
    ("x", "https://x.com/home", ["not a valid x handle"]),
    ("x", "https://x.com/", ["not a valid x handle"]),
    ("x", "https://instagram.com/acme", ["is an address on instagram, not x"]),
    ("x", "https://example.com/acme", ["is not an address on x"]),
    ("facebook", "facebook.com/groups/kingscounty", ["not a valid facebook handle"]),
    ("facebook", "facebook.com/profile.php?id=abc", ["not a valid facebook handle"]),
    ("instagram", "instagram.com/p/C0deXyz", ["not a valid instagram handle"]),
    ("instagram", "@bad name", ["not a valid instagram handle"]),
    ("threads", "threads.net/helenmarsh", ["not a valid threads handle"]),
    ("linkedin", "pub/jane-doe", ["not a valid linkedin handle"]),
    ("linkedin", "linkedin.com/feed/", ["not a valid linkedin handle"]),
    ("linkedin", "in/jane doe", ["not a valid linkedin handle"]),
    ("mastodon", "@ann", ["not a valid mastodon handle", "@user@host"]),
    ("mastodon", "https://law.social/about", ["not a valid mastodon handle"]),
    ("mastodon", "https://x.com/@ann", ["is an address on x, not mastodon"]),
    ("bluesky", "ann", ["not a valid bluesky handle"]),
    ("bluesky", "bsky.app/search?q=ann", ["not a valid bluesky handle"]),
    ("reddit", "r/law", ["not a valid reddit handle"]),
    ("reddit", "reddit.com/r/law", ["not a valid reddit handle"]),
    ("tiktok", "tiktok.com/bright", ["not a valid tiktok handle"]),
    ("youtube", "youtube.com/c/AcmeHoldings", ["not a valid youtube handle"]),
    ("youtube", "youtube.com/channel/UCshort", ["not a valid youtube handle"]),
    ("youtube", "youtube.com/watch?v=abc", ["not a valid youtube handle"]),
    ("x", "@acme#", ["account id after '#'"]),
    ("x", "#", ["account id after '#'"]),
    ("x", "", ["neither a handle nor an account id"]),
    ("x", "https://x.com/i/user/7#8", ["names account id 7", "'#' names 8"]),
]


@pytest.mark.parametrize(("platform", "written", "handle", "account_id"), GOOD)
def test_every_accepted_form_reads_to_one_handle(platform, written, handle, account_id):
    assert read(platform, written) == Handle(platform, handle, account_id)


def test_the_table_covers_every_platform():
    assert {row[0] for row in GOOD} == set(PLATFORMS) == set(FORMS)
    assert {row[0] for row in BAD} == set(PLATFORMS)


@pytest.mark.parametrize(("platform", "written", "words"), BAD)
def test_unreadable_forms_name_the_accepted_ones(platform, written, words):
    with pytest.raises(ValueError) as err:
        read(platform, written)
    message = str(err.value)
    assert "\n" not in message
    for w in words:
        assert w in message
    if "valid" in words[0] or "address" in words[0]:
        assert f"accepted forms for {platform}: {FORMS[platform]}" in message


@pytest.mark.parametrize(("item", "expected"), [
    ("linkedin:company/acme-logistics", Handle("linkedin", "company/acme-logistics")),
    ("linkedin:https://www.linkedin.com/in/jane-doe-law", Handle("linkedin", "in/jane-doe-law")),
    ("reddit:u/court_watcher", Handle("reddit", "court_watcher")),
    ("bluesky:did:plc:abc123", Handle("bluesky", None, "did:plc:abc123")),
    ("X:@Acme#99", Handle("x", "acme", "99")),
    ("https://x.com/acme", Handle("x", "acme")),  # the host names the platform
    ("www.instagram.com/acme/", Handle("instagram", "acme")),
    ("mastodon:https://law.social/@ann", Handle("mastodon", "ann@law.social")),
])
def test_items_name_their_platform(item, expected):
    assert parse_item(item) == expected


@pytest.mark.parametrize(("item", "words"), [
    ("acme", ["is not platform:handle"]),
    ("twitter:@acme", ["unknown platform 'twitter'", "did you mean 'x'"]),
    ("myspace:acme", ["unknown platform 'myspace'", "known: x, facebook"]),
    ("https://law.social/@ann", ["name the platform", "mastodon:https://host/@user"]),
    (":acme", ["is not platform:handle"]),
])
def test_bad_items(item, words):
    with pytest.raises(ValueError) as err:
        parse_item(item)
    for w in words:
        assert w in str(err.value)


def test_archive_values_and_profile_forms_share_one_key():
    """What an importer writes as counterpart or mention meets every form of the same account."""
    archive = pd.Series(["@MariaRossi_NYC", "mariarossi_nyc", "Daniel  Okafor", None,
                         "ann@law.social"], dtype="string")
    keys = list(match_keys(archive))
    assert keys == ["mariarossi_nyc", "mariarossi_nyc", "daniel okafor", "",
                    "ann@law.social"]
    assert match_key(read("x", "https://x.com/MariaRossi_NYC").handle) == keys[0]
    assert match_key(read("facebook", "Daniel Okafor").handle) == keys[2]
    assert match_key(read("mastodon", "https://law.social/@ann").handle) == keys[4]
    assert match_key("Niccolò  Rossi") == "niccolo rossi"


def test_readme_table_shows_the_forms_the_reader_accepts():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for platform, forms in FORMS.items():
        assert f"| {platform} | {forms} |" in readme
