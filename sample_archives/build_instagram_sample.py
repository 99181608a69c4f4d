"""Write sample_archives/instagram-sample.zip: the scenario's invented Instagram + Threads export.

Current (2025+) layout: ``your_instagram_activity/media/``, usernames in ``title`` with
``/_u/`` links, ``label_values`` liked posts, ``threads/``, ``reposts.json`` — with Meta's real
mojibake (every UTF-8 byte escaped as ``\\u00XX``). All content is invented; dates fall in
2024, inside case 512345/2024's window. Deterministic (fixed zip timestamps): running it twice
gives the same bytes. Run from anywhere: ``python sample_archives/build_instagram_sample.py
[OUT.zip]``.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from metaarchive import write_zip  # noqa: E402  (the helper lives with the tests)

ROOT = "instagram-maria.rossi.nyc-2024-06-01-Qw34Er56/"
ACT = "your_instagram_activity/"
REL = "connections/followers_and_following/"
SEARCH = "logged_information/recent_searches/"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00 invented sample image \xff\xd9"

# Hard negative: looks political ("party") but is no finding (tests pin it).
BIRTHDAY_PARTY = "Birthday party for Luca: he turned forty and we ate far too much cake 🎂"
HARD_NEGATIVES = (BIRTHDAY_PARTY,)


def ts(when: str) -> int:
    """Unix seconds of an ISO UTC time."""
    return int(datetime.fromisoformat(when).replace(tzinfo=UTC).timestamp())


def sld(href: str, when: str, value: str | None = None) -> list[dict]:
    """A one-entry ``string_list_data`` list (value omitted the 2025 way when None)."""
    entry: dict = {"href": href}
    if value is not None:
        entry["value"] = value
    entry["timestamp"] = ts(when)
    return [entry]


def medium(uri: str, when: str, title: str = "") -> dict:
    return {"uri": uri, "creation_timestamp": ts(when), "media_metadata": {
        "photo_metadata": {"exif_data": [{"device_id": "invented-device"}]}},
        "title": title, "cross_post_source": {"source_app": "FB"}}


def followed(user: str, when: str, igsh: str = "") -> dict:
    href = f"https://www.instagram.com/_u/{user}" + (f"?igsh={igsh}" if igsh else "")
    return {"title": user, "media_list_data": [], "string_list_data": sld(href, when)}


def fan(user: str, when: str) -> dict:
    return {"title": "", "media_list_data": [],
            "string_list_data": sld(f"https://www.instagram.com/{user}", when, user)}


def liked_post(code: str, owner: str, name: str, when: str, fbid: str) -> dict:
    url = f"https://www.instagram.com/p/{code}/"
    return {"timestamp": ts(when), "media": [], "label_values": [
        {"label": "URL", "value": url, "href": url},
        {"dict": [{"dict": [{"label": "URL", "value": ""}, {"label": "Name", "value": name},
                            {"label": "Username", "value": owner}], "title": ""}],
         "title": "Owner"}], "fbid": fbid}


def comment(text: str, owner: str, when: str) -> dict:
    return {"media_list_data": [{"uri": ""}], "string_map_data": {
        "Comment": {"value": text}, "Media Owner": {"value": owner},
        "Time": {"timestamp": ts(when)}}}


def message(sender: str, when: str, text: str) -> dict:
    return {"sender_name": sender, "timestamp_ms": ts(when) * 1000, "content": text,
            "is_geoblocked_for_viewer": False, "is_unsent_image_by_messenger_kid_parent": False}


def thread_post(text: str, when: str) -> dict:
    return {"media": [{"uri": "", "creation_timestamp": ts(when), "title": text,
                       "text_app_post": {"reply_control": "everyone"}}],
            "title": text, "creation_timestamp": ts(when)}


def profile() -> dict:
    return {"profile_user": [{"title": "User information", "media_map_data": {},
                              "string_map_data": {
        "Email address": {"href": "", "value": "maria.rossi@example.org", "timestamp": 0},
        "Username": {"href": "", "value": "maria.rossi.nyc", "timestamp": 0},
        "Name": {"href": "", "value": "Maria Rossi", "timestamp": 0},
        "Bio": {"href": "", "value": "Brooklyn · pasta · running 🏃‍♀️", "timestamp": 0},
        "Private account": {"href": "", "value": "True", "timestamp": 0}}}]}


def posts() -> list[dict]:
    return [
        # single-media post: the caption is media[0].title
        {"media": [medium("media/posts/202403/18000000000000001.jpg", "2024-03-10T19:05:00",
                          "Cena di famiglia: pasta alla genovese, che bontà! 🍝 "
                          "Perché la domenica è sacra.")]},
        # carousel: the caption is the post-level title
        {"media": [medium("media/posts/202404/18000000000000002.jpg", "2024-04-14T10:00:00"),
                   medium("media/posts/202404/18000000000000003.jpg", "2024-04-14T10:00:00")],
         "title": "Spring in Prospect Park 🌸 with @giulia.bianchi.roma",
         "creation_timestamp": ts("2024-04-14T10:00:00")},
        # security: a child's name, age and school
        {"media": [medium("media/posts/202402/18000000000000007.jpg", "2024-02-26T07:40:00",
                          "First day at P.S. 321 for my daughter Sofia (7)! So proud 🎒")]},
        # commercial: sponsorship marker and a discount code
        {"media": [medium("media/posts/202405/18000000000000008.jpg", "2024-05-05T18:30:00",
                          "#sponsored Sunday pasta with Pastificio Bello: codice sconto "
                          "ROSSI15 in bio 🍝")]},
        # hard negative: a birthday party
        {"media": [medium("media/posts/202405/18000000000000009.jpg", "2024-05-26T20:00:00",
                          BIRTHDAY_PARTY)]},
    ]


def members() -> dict[str, object]:
    """Every member of the sample export, relative paths mapped to content."""
    m: dict[str, object] = {
        "personal_information/personal_information/personal_information.json": profile(),
        "personal_information/personal_information/reposts.json": {"profile_media_reposts": [
            {"title": "", "string_map_data": {
                "Media Owner": {"value": "nyc_parks_example"},
                "Text": {"value": "Volunteers needed for the Red Hook shoreline clean-up"},
                "URL": {"href": "https://www.instagram.com/p/C6rEp0sT01/", "value": ""},
                "Time of repost": {"timestamp": ts("2024-05-04T09:00:00")}}}]},
        ACT + "media/posts_1.json": posts(),
        ACT + "media/stories.json": {"ig_stories": [
            medium("media/stories/202405/18000000000000004.jpg", "2024-05-02T07:45:00",
                   "Caffè prima dell'udienza ☕")]},
        ACT + "media/reels.json": {"ig_reels_media": [{"media": [
            medium("media/reels/202405/18000000000000005.mp4", "2024-05-12T06:30:00",
                   "Morning run across the Brooklyn Bridge")]}]},
        ACT + "media/archived_posts.json": {"ig_archived_post_media": [{"media": [
            medium("media/posts/202402/18000000000000006.jpg", "2024-02-18T15:00:00",
                   "Amalfi, estate scorsa")]}]},
        ACT + "comments/post_comments_1.json": [
            comment("Congratulazioni, Helen! Meritatissimo 👏", "helenmarsh.esq",
                    "2024-04-02T20:10:00"),
            # case: an evaluative comment under a news post about the pending case
            comment("Brightwater deserves to lose the Acme v. Brightwater case, the whole "
                    "lease story is a scam.", "bk_daily_news_example", "2024-05-16T12:30:00"),
            # demeanor: an insult aimed at a stranger
            comment("What an idiot, parking a van across the whole bike lane again 🙄",
                    "bk_bike_lanes_example", "2024-05-21T08:05:00")],
        ACT + "comments/reels_comments.json": {"comments_reels_comments": [
            comment("Che buono! Ricetta, per favore 😋", "brooklyn_bakers_example",
                    "2024-05-20T12:00:00")]},
        ACT + "likes/liked_posts.json": [
            liked_post("C5bWLog1st", "brightwater.logistics", "Brightwater Logistics Inc.",
                       "2024-03-22T14:00:00", "17900000000000001"),
            liked_post("C5pAstA001", "brooklyn_bakers_example", "Brooklyn Bakers",
                       "2024-04-08T09:30:00", "17900000000000002"),
            # political: a like of the candidate's campaign post
            liked_post("C6cAsTiL01", "castillo4council", "Elena Castillo for Council",
                       "2024-05-13T19:45:00", "17900000000000003")],
        ACT + "likes/liked_comments.json": {"likes_comment_likes": [
            {"title": "helenmarsh.esq", "string_list_data": sld(
                "https://www.instagram.com/p/C5hElEnM01/", "2024-04-02T20:12:00",
                "\U0001f44d")}]},
        ACT + "saved/saved_posts.json": {"saved_saved_media": [
            {"title": "nyc_parks_example", "string_map_data": {"Saved on": {
                "href": "https://www.instagram.com/p/C6sAvEd001/",
                "timestamp": ts("2024-05-05T08:00:00")}}}]},
        ACT + "messages/inbox/helenmarsh_17841400000000001/message_1.json": {
            "participants": [{"name": "Helen Marsh"}, {"name": "Maria Rossi"}],
            "messages": [
                message("Maria Rossi", "2024-04-03T08:15:00",
                        "Grazie! See you at the bar association gala."),
                message("Helen Marsh", "2024-04-03T07:50:00",
                        "Thank you for the kind words, Maria!")],
            "title": "Helen Marsh", "is_still_participant": True,
            "thread_path": "inbox/helenmarsh_17841400000000001", "magic_words": []},
        ACT + "messages/message_requests/promo_example_17841400000000002/message_1.json": {
            "participants": [{"name": "Promo Example"}, {"name": "Maria Rossi"}],
            "messages": [message("Promo Example", "2024-05-28T11:00:00",
                                 "Win a free espresso machine!")],
            "title": "Promo Example", "is_still_participant": True,
            "thread_path": "message_requests/promo_example_17841400000000002",
            "magic_words": []},
        # confidential: the draft opinion of the pending case, told to a friend
        ACT + "messages/inbox/giuliabianchi_17841400000000003/message_1.json": {
            "participants": [{"name": "Giulia Bianchi"}, {"name": "Maria Rossi"}],
            "messages": [
                message("Giulia Bianchi", "2024-05-30T22:10:00", "Ahah, non vedo l'ora!"),
                message("Maria Rossi", "2024-05-30T22:05:00",
                        "Between us: my draft opinion in Acme v. Brightwater is done and it "
                        "comes out next week.")],
            "title": "Giulia Bianchi", "is_still_participant": True,
            "thread_path": "inbox/giuliabianchi_17841400000000003", "magic_words": []},
        ACT + "messages/secret_conversations.json": {"ig_secret_conversations": {
            "armadillo_devices": [{"device_type": "iPhone", "last_connected": 1716000000}]}},
        ACT + "threads/threads_and_replies.json": {"text_post_app_text_posts": [
            thread_post("Long day: the Acme hearing ran late. Back on the bench tomorrow.",
                        "2024-04-18T22:40:00"),
            thread_post("Buona domenica a tutti! ☀️ Caffè e giornale.", "2024-04-21T09:00:00"),
            thread_post("Agreed, lovely piece on Brooklyn's bakeries.", "2024-05-09T13:15:00")]},
        ACT + "threads/liked_threads.json": {"text_post_app_media_likes": [
            {"title": "brightwater.logistics", "string_list_data": sld(
                "https://www.threads.net/@brightwater.logistics/post/C6tHrEaD01",
                "2024-05-14T16:20:00")}]},
        ACT + "threads/following.json": {"text_post_app_text_post_app_following": [
            {"title": "helenmarsh.esq", "string_list_data": sld(
                "https://www.threads.net/@helenmarsh.esq", "2024-03-01T10:00:00")}]},
        ACT + "threads/followers.json": {"text_post_app_text_post_app_followers": [
            {"title": "", "string_list_data": sld("https://www.threads.net/@giulia.bianchi.roma",
                                                  "2024-03-02T10:00:00", "giulia.bianchi.roma")}]},
        ACT + "threads/threads_viewed.json": {"text_post_app_text_post_app_posts_seen": []},
        REL + "following.json": {"relationships_following": [
            followed("brightwater.logistics", "2024-02-20T18:00:00"),
            followed("helenmarsh.esq", "2024-03-01T09:55:00", igsh="MWx0ZXhhbXBsZQ=="),
            followed("nyc_parks_example", "2023-11-05T12:00:00"),
            followed("castillo4council", "2024-05-13T19:50:00")]},
        REL + "followers_1.json": [fan("giulia.bianchi.roma", "2023-08-01T10:00:00"),
                                  fan("brooklyn_bakers_example", "2024-01-15T10:00:00")],
        REL + "close_friends.json": {"relationships_close_friends": [
            fan("giulia.bianchi.roma", "2023-08-02T10:00:00")]},
        SEARCH + "profile_searches.json": {"searches_user": [
            {"title": "", "string_map_data": {
                "Search": {"href": "", "value": "brightwater.logistics", "timestamp": 0},
                "Time": {"href": "", "value": "", "timestamp": ts("2024-03-21T21:05:00")}}},
            {"title": "nyc_parks_example", "string_list_data": sld(
                "https://www.instagram.com/_u/nyc_parks_example", "2024-05-04T08:55:00")}]},
        SEARCH + "word_or_phrase_searches.json": {"searches_keyword": [
            {"title": "", "media_map_data": {}, "string_map_data": {
                "Search": {"href": "", "value": "ricetta tiramisù", "timestamp": 0},
                "Time": {"href": "", "value": "", "timestamp": ts("2024-05-18T19:00:00")}}}]},
        SEARCH + "tag_searches.json": {"searches_hashtag": [
            {"title": "", "string_map_data": {
                "Search": {"href": "", "value": "#brooklyn", "timestamp": 0},
                "Time": {"href": "", "value": "", "timestamp": ts("2024-05-19T19:00:00")}}}]},
        "ads_information/ads_and_topics/ads_viewed.json": {"impressions_history_ads_seen": []},
        ACT + "avatars_store/no-data.txt": "You have no data in this section.",
    }
    folders = {1: "posts/202403", 2: "posts/202404", 3: "posts/202404", 4: "stories/202405",
               5: "reels/202405", 6: "posts/202402", 7: "posts/202402", 8: "posts/202405",
               9: "posts/202405"}
    for n, folder in folders.items():
        ext = "mp4" if n == 5 else "jpg"
        m[f"media/{folder}/1800000000000000{n}.{ext}"] = JPEG
    return m


def build(out: Path) -> Path:
    return write_zip(out, {ROOT + rel: content for rel, content in members().items()})


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "instagram-sample.zip"
    print(build(target))
