"""Build sample_archives/facebook-sample.zip: an invented Facebook export in the 2024+ layout.

Every string with non-ASCII characters is written with Meta's per-byte escapes (mojibake), as
real exports are. Run ``python sample_archives/build_facebook_sample.py``; the output is
byte-identical on every run (fixed member times, fixed order).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from metaarchive import thread, write_zip  # noqa: E402

OWNER = "Maria Rossi"
ROOT = "facebook-mariarossi-2024-06-01-Xy12Ab34/"
ACT = "your_facebook_activity/"


def ts(day: str, hm: str = "12:00") -> int:
    """Unix seconds of a UTC date and time."""
    return int(datetime.fromisoformat(f"{day}T{hm}:00").replace(tzinfo=UTC).timestamp())


def ms(day: str, hm: str = "12:00") -> int:
    return ts(day, hm) * 1000


# Hard negatives: texts that look like a category but are no finding (tests pin them).
VENUE_THANKS = ("Thank you to the Brooklyn Bar Association and the Montauk Club for hosting "
                "this year's conference on court technology.")
PAST_TRIP = "Back from a week in Bologna last month and still dreaming of tortellini in brodo."
BOOK_CLUB_VOTE = "The vote is in: Middlemarch for July. Bring snacks and opinions!"
HARD_NEGATIVES = (VENUE_THANKS, PAST_TRIP, BOOK_CLUB_VOTE)

POSTS = [
    {"timestamp": ts("2024-02-10", "18:30"),
     "data": [{"post": "Ricetta della nonna: risotto allo zafferano 🍚 — buonissimo!"}],
     "title": f"{OWNER} updated her status."},
    {"timestamp": ts("2024-03-02", "09:15"), "title": f"{OWNER} shared a link.",
     "data": [{"post": "Interesting read on Brooklyn's waterfront history"}],
     "attachments": [{"data": [{"external_context": {
         "url": "https://example.org/brooklyn-waterfront",
         "name": "The old piers of Brooklyn"}}]}]},
    {"timestamp": ts("2024-03-16", "20:05"), "title": f"{OWNER} is at Caffè Reggio.",
     "data": [{"post": "Espresso con Jürgen e Élodie ☕"}],
     "attachments": [{"data": [{"place": {"name": "Caffè Reggio",
                                          "coordinate": {"latitude": 40.7302,
                                                         "longitude": -74.0003},
                                          "address": "119 MacDougal St, New York"}}]}],
     "tags": [{"name": "Jürgen Müller"}, {"name": "Élodie Dubois"}]},
    {"timestamp": ts("2024-04-07", "15:40"), "title": f"{OWNER} added a new photo.",
     "attachments": [{"data": [{"media": {
         "uri": f"{ACT}posts/media/Compleanno_1/birthday.jpg",
         "creation_timestamp": ts("2024-04-07", "15:40"),
         "title": "Compleanno", "description": "Buon compleanno Niccolò! 🎉🎂"}}]}]},
    {"timestamp": 0, "title": f"{OWNER} updated her status.",
     "data": [{"post": "Una giornata tranquilla."}]},
    # political: an Italian-language endorsement of a political.csv candidate
    {"timestamp": ts("2024-05-19", "10:30"), "title": f"{OWNER} updated her status.",
     "data": [{"post": "Alle primarie del 25 giugno il mio voto va a Elena Castillo: "
                       "sosteniamo chi difende Red Hook! 🗳️"}]},
    # commercial: recommending a named law firm; a charity fundraiser with a GoFundMe link
    {"timestamp": ts("2024-03-27", "19:45"), "title": f"{OWNER} updated her status.",
     "data": [{"post": "Friends keep asking me for a landlord-tenant lawyer. I highly "
                       "recommend Whitfield & Crane LLP, the best lawyers in Brooklyn."}]},
    {"timestamp": ts("2024-04-24", "07:30"), "title": f"{OWNER} shared a link.",
     "data": [{"post": "I'm running the Brooklyn Half for the Red Hook food pantry. Every "
                       "dollar helps, please donate!"}],
     "attachments": [{"data": [{"external_context": {
         "url": "https://www.gofundme.com/f/redhook-pantry-half",
         "name": "Maria runs the Brooklyn Half for the Red Hook pantry"}}]}]},
    # security: the home address together with an absence
    {"timestamp": ts("2024-05-23", "06:15"), "title": f"{OWNER} updated her status.",
     "data": [{"post": "Away until Monday! Chiara is watering the plants, so our house at "
                       "42 Willow Street is all hers 🌿"}]},
    # hard negatives: thanking a venue after a bar conference; a past trip
    {"timestamp": ts("2024-04-13", "21:00"), "title": f"{OWNER} updated her status.",
     "data": [{"post": VENUE_THANKS}]},
    {"timestamp": ts("2024-05-27", "18:00"), "title": f"{OWNER} updated her status.",
     "data": [{"post": PAST_TRIP}]},
]

OTHER_POSTS = [
    {"timestamp": ts("2024-04-20", "10:00"), "fbid": "9900000000000001", "media": [],
     "label_values": [
         {"label": "Text", "value": "Grazie per la splendida giornata di volontariato! 🌱"},
         {"title": "Page", "dict": [{"label": "Name", "value": "Red Hook Community Garden"},
                                    {"label": "URL",
                                     "href": "https://www.facebook.com/redhookgarden"}]},
         {"label": "URL", "value": "https://www.facebook.com/redhookgarden/posts/1"}]},
]

ALBUM = {"name": "Primavera 2024", "photos": [
    {"uri": f"{ACT}posts/media/Primavera2024_1/waterfront.jpg",
     "creation_timestamp": ts("2024-04-28", "19:10"), "title": "Primavera 2024",
     "description": "Tramonto sul waterfront 🌅"},
    {"uri": f"{ACT}posts/media/Primavera2024_1/flowers.jpg",
     "creation_timestamp": ts("2024-04-28", "19:12"), "title": "Primavera 2024"}],
    "cover_photo": {"uri": f"{ACT}posts/media/Primavera2024_1/waterfront.jpg"},
    "last_modified_timestamp": ts("2024-04-28", "19:20")}

COMMENTS = {"comments_v2": [
    {"timestamp": ts("2024-03-08", "11:20"),
     "title": f"{OWNER} commented on Brightwater Logistics Inc.'s post.",
     "data": [{"comment": {"timestamp": ts("2024-03-08", "11:20"),
                           "comment": "Good luck with the move to the new warehouse!",
                           "author": OWNER}}]},
    {"timestamp": ts("2024-03-21", "21:00"),
     "title": f"{OWNER} commented on Élodie Dubois's photo.",
     "data": [{"comment": {"timestamp": ts("2024-03-21", "21:00"),
                           "comment": "Très belle photo, ma chère ! 😍", "author": OWNER}}]},
    {"timestamp": ts("2024-04-02", "08:45"),
     "title": f"{OWNER} replied to Jürgen Müller's comment."},
    # case: an evaluative comment on a case still inside its appeal window
    {"timestamp": ts("2024-05-25", "22:10"),
     "title": f"{OWNER} commented on Brooklyn Daily Example's post.",
     "data": [{"comment": {"timestamp": ts("2024-05-25", "22:10"),
                           "comment": "Greg Vance got the sentencing he deserves. His "
                                      "testimony had no credibility.",
                           "author": OWNER}}]},
    # demeanor: an Italian insult
    {"timestamp": ts("2024-05-08", "08:20"),
     "title": f"{OWNER} commented on Paolo Greco's post.",
     "data": [{"comment": {"timestamp": ts("2024-05-08", "08:20"),
                           "comment": "Quelli che parcheggiano in doppia fila davanti alla "
                                      "scuola sono dei cretini e degli incapaci.",
                           "author": OWNER}}]},
]}

REACTIONS = [
    {"timestamp": ts("2024-03-12", "13:30"), "title": f"{OWNER} likes Acme Holdings LLC's post.",
     "data": [{"reaction": {"reaction": "LIKE", "actor": OWNER}}]},
    {"timestamp": ts("2024-03-22", "07:55"), "title": f"{OWNER} reacted to Niccolò Bianchi's post.",
     "data": [{"reaction": {"reaction": "LOVE", "actor": OWNER}}]},
]

REACTIONS_LV = [
    {"timestamp": ts("2024-05-03", "17:25"), "fbid": "9900000000000002", "media": [],
     "label_values": [{"label": "Reaction", "value": "Haha"},
                      {"label": "Name", "value": "Jürgen Müller"},
                      {"label": "URL", "value": "https://www.facebook.com/juergen.mueller/posts/7"}]},
]

PAGES_LIKED = {"page_likes_v2": [
    {"name": "Brooklyn Forward Party", "timestamp": ts("2024-02-20", "22:10"),
     "url": "https://www.facebook.com/brooklynforwardparty"},
    {"name": "Pizzeria Niccolò", "timestamp": ts("2024-03-01", "19:00"),
     "url": "https://www.facebook.com/pizzerianiccolo"}]}

PAGES_FOLLOWED = {"pages_followed_v2": [
    {"timestamp": ts("2024-02-21", "09:00"), "title": "Brooklyn Forward Party",
     "data": [{"name": "Brooklyn Forward Party"}]},
    {"timestamp": ts("2024-03-05", "09:30"), "title": "Brooklyn Public Library",
     "data": [{"name": "Brooklyn Public Library"}]}]}

FRIENDS = {"friends_v2": [
    {"name": "Daniel Okafor", "timestamp": ts("2024-02-14", "16:00")},
    {"name": "Helen Marsh", "timestamp": ts("2024-03-09", "10:30")},
    {"name": "Élodie Dubois", "timestamp": ts("2024-02-06", "08:00")},
    {"name": "Jürgen Müller", "timestamp": ts("2024-02-07", "08:00")},
    {"name": "Niccolò Bianchi", "timestamp": ts("2024-02-08", "08:00")}]}
REMOVED = {"deleted_friends_v2": [{"name": "Paolo Greco", "timestamp": ts("2024-04-11")}]}
SENT = {"sent_requests_v2": [{"name": "Sophie Laurent", "timestamp": ts("2024-05-02")}]}
RECEIVED = {"received_requests_v2": [{"name": "Marco Conti", "timestamp": ts("2024-05-09")}]}
FOLLOWING = {"following_v3": [
    {"name": "Brooklyn Public Library", "timestamp": ts("2024-03-05", "09:30")},
    {"name": "Chiara Ferri", "timestamp": ts("2024-03-18")}]}
FOLLOWERS = {"followers_v2": [{"name": "Anna Kowalski", "timestamp": ts("2024-04-01")}]}

GROUPS_JOINED = {"groups_joined_v2": [
    {"timestamp": ts("2024-02-12", "12:00"),
     "title": f"{OWNER} became a member of Brooklyn Small Business Owners.",
     "data": [{"name": "Brooklyn Small Business Owners"}]},
    {"timestamp": ts("2024-02-25", "12:00"),
     "title": f"{OWNER} became a member of Amici della Cucina Italiana.",
     "data": [{"name": "Amici della Cucina Italiana"}]}]}
GROUPS_ADMIN = {"groups_admined_v2": [
    {"name": "Park Slope Book Club", "timestamp": ts("2024-02-28")}]}
GROUP_POSTS = {"group_posts_v2": [
    {"timestamp": ts("2024-04-15", "21:40"),
     "title": f"{OWNER} posted in Brooklyn Small Business Owners.",
     "data": [{"post": "Anyone following the warehouse lease dispute down in Red Hook? "
                       "Curious how it ends for the tenants."}]},
    # hard negative: a book-club vote
    {"timestamp": ts("2024-04-04", "20:00"),
     "title": f"{OWNER} posted in Park Slope Book Club.",
     "data": [{"post": BOOK_CLUB_VOTE}]}]}
GROUP_COMMENTS = {"group_comments_v2": [
    {"timestamp": ts("2024-03-30", "18:00"),
     "title": f"{OWNER} commented on Chiara Ferri's post.",
     "data": [{"comment": {"timestamp": ts("2024-03-30", "18:00"),
                           "comment": "Che bella ricetta, grazie! 😋",
                           "author": OWNER, "group": "Amici della Cucina Italiana"}}]}]}
EVENTS = {"event_responses_v2": {
    "events_joined": [{"name": "Red Hook Food Festival",
                       "start_timestamp": ts("2024-05-18", "15:00"),
                       "end_timestamp": ts("2024-05-18", "22:00"),
                       "place": {"name": "Pier 44, Red Hook"}}],
    "events_interested": [{"name": "Fiera del libro di Brooklyn",
                           "start_timestamp": ts("2024-05-25", "10:00"),
                           "end_timestamp": ts("2024-05-25", "18:00")}],
    "events_declined": [{"name": "Gala dinner", "start_timestamp": ts("2024-04-05", "19:00"),
                         "end_timestamp": ts("2024-04-05", "23:00")}]}}
SEARCHES = {"searches_v2": [
    {"timestamp": ts("2024-03-11", "23:10"), "title": "You searched on Facebook",
     "data": [{"text": "brightwater logistics lawsuit"}],
     "attachments": [{"data": [{"text": "\"brightwater logistics lawsuit\""}]}]},
    {"timestamp": ts("2024-04-09", "20:00"), "title": "You searched on Facebook",
     "data": [{"text": "ricetta tiramisù"}]},
    # research: the pending case's witness, and its caption
    {"timestamp": ts("2024-04-23", "23:40"), "title": "You searched on Facebook",
     "data": [{"text": "Tomas Lindqvist"}]},
    {"timestamp": ts("2024-04-23", "23:45"), "title": "You searched on Facebook",
     "data": [{"text": "acme holdings v brightwater"}]}]}
PROFILE = {"profile_v2": {
    "name": {"full_name": OWNER, "first_name": "Maria", "middle_name": "", "last_name": "Rossi"},
    "emails": {"emails": ["maria.rossi@example.org"], "previous_emails": []},
    "birthday": {"year": 1975, "month": 4, "day": 12},
    "current_city": {"name": "Brooklyn, New York"}, "hometown": {"name": "Bologna, Italy"},
    "work_experiences": [{"employer": "Kings County Supreme Court", "title": "Judge",
                          "start_timestamp": ts("2019-03-01")}],
    "username": "mariarossi", "registration_timestamp": ts("2009-09-01")}}

DANIEL = "inbox/danielokafor_10230000000000001"
DANIEL_1 = thread([OWNER, "Daniel Okafor"], [
    {"sender_name": "Daniel Okafor", "timestamp_ms": ms("2024-04-22", "19:02"),
     "content": "Perfetto, see you there 👍", "is_geoblocked_for_viewer": False},
    {"sender_name": OWNER, "timestamp_ms": ms("2024-04-22", "18:55"),
     "content": "Dinner at the bar association next week? 🍝",
     "reactions": [{"reaction": "👍", "actor": "Daniel Okafor"}],
     "is_geoblocked_for_viewer": False}], title="Daniel Okafor", thread_path=DANIEL)
DANIEL_2 = thread([OWNER, "Daniel Okafor"], [
    {"sender_name": "Daniel Okafor", "timestamp_ms": ms("2024-02-16", "09:00"),
     "share": {"link": "https://example.org/cle-seminar", "share_text": "CLE seminar"},
     "is_geoblocked_for_viewer": False},
    {"sender_name": OWNER, "timestamp_ms": ms("2024-02-15", "20:00"),
     "content": "Thanks for the friend request, Daniel!", "is_geoblocked_for_viewer": False}],
    title="Daniel Okafor", thread_path=DANIEL)
FAMILY = thread([OWNER, "Niccolò Bianchi", "Élodie Dubois"], [
    # confidential: a draft judgment in the pending case, told to family
    {"sender_name": OWNER, "timestamp_ms": ms("2024-05-29", "21:30"),
     "content": "Tra noi: nel caso Acme contro Brightwater la bozza di sentenza è quasi "
                "pronta. Non ditelo a nessuno!"},
    {"sender_name": "Niccolò Bianchi", "timestamp_ms": ms("2024-05-12", "10:00"),
     "content": "Auguri a tutte le mamme! 💐"},
    {"sender_name": OWNER, "timestamp_ms": ms("2024-05-12", "09:30"),
     "photos": [{"uri": f"{ACT}messages/archived_threads/famiglia_1/photos/1.jpg",
                 "creation_timestamp": ts("2024-05-12", "09:30")}]}],
    title="Famiglia ❤️", thread_path="archived_threads/famiglia_10230000000000002")
REQUEST = thread([OWNER, "Luca Verdi"], [
    {"sender_name": "Luca Verdi", "timestamp_ms": ms("2024-05-20", "08:00"),
     "content": "Ciao Maria, ti ricordi di me? Liceo Galvani!"}],
    title="Luca Verdi", thread_path="message_requests/lucaverdi_10230000000000003")

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 12 + b"\xff\xd9"

MEMBERS: dict[str, object] = {
    "personal_information/profile_information/profile_information.json": PROFILE,
    f"{ACT}posts/your_posts__check_ins__photos_and_videos_1.json": POSTS,
    f"{ACT}posts/posts_on_other_pages_and_profiles.json": OTHER_POSTS,
    f"{ACT}posts/album/0.json": ALBUM,
    f"{ACT}posts/media/Compleanno_1/birthday.jpg": JPEG,
    f"{ACT}posts/media/Primavera2024_1/waterfront.jpg": JPEG,
    f"{ACT}comments_and_reactions/comments.json": COMMENTS,
    f"{ACT}comments_and_reactions/likes_and_reactions_1.json": REACTIONS,
    f"{ACT}comments_and_reactions/likes_and_reactions.json": REACTIONS_LV,
    f"{ACT}pages/pages_you've_liked.json": PAGES_LIKED,
    f"{ACT}pages/pages_and_profiles_you_follow.json": PAGES_FOLLOWED,
    f"{ACT}groups/your_group_membership_activity.json": GROUPS_JOINED,
    f"{ACT}groups/your_groups.json": GROUPS_ADMIN,
    f"{ACT}groups/group_posts_and_comments.json": GROUP_POSTS,
    f"{ACT}groups/your_comments_in_groups.json": GROUP_COMMENTS,
    f"{ACT}events/your_event_responses.json": EVENTS,
    f"{ACT}stories/no-data.txt": "You have no data in this section.\n",
    f"{ACT}messages/{DANIEL}/message_1.json": DANIEL_1,
    f"{ACT}messages/{DANIEL}/message_2.json": DANIEL_2,
    f"{ACT}messages/archived_threads/famiglia_10230000000000002/message_1.json": FAMILY,
    f"{ACT}messages/archived_threads/famiglia_10230000000000002/photos/1.jpg": JPEG,
    f"{ACT}messages/message_requests/lucaverdi_10230000000000003/message_1.json": REQUEST,
    "connections/friends/your_friends.json": FRIENDS,
    "connections/friends/removed_friends.json": REMOVED,
    "connections/friends/sent_friend_requests.json": SENT,
    "connections/friends/received_friend_requests.json": RECEIVED,
    "connections/followers/who_you've_followed.json": FOLLOWING,
    "connections/followers/people_who_followed_you.json": FOLLOWERS,
    "logged_information/search/your_search_history.json": SEARCHES,
    "ads_information/advertisers_using_your_activity_or_information.json": {
        "custom_audiences_all_types_v2": [{"advertiser_name": "Example Shoes",
                                           "has_data_file_custom_audience": True}]},
    "security_and_login_information/logins_and_logouts.json": {
        "account_accesses_v2": [{"action": "Login", "timestamp": ts("2024-05-30"),
                                 "site": "www.facebook.com"}]},
}


def build(path: Path = HERE / "facebook-sample.zip") -> Path:
    """Write the sample zip under the export's wrapper folder."""
    return write_zip(path, {ROOT + name: content for name, content in MEMBERS.items()})


if __name__ == "__main__":
    print(build())
