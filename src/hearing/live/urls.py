from django.urls import path

from hearing.live.views import backoffice, public, stream

app_name = "live"
urlpatterns = [
    path("hearings/<slug:slug>/events/", stream.events, name="events"),
    path("hearings/<slug:slug>/events.json", stream.events_json, name="events_json"),
    path("hearings/<slug:slug>/wall/", public.wall, name="wall"),
    path("hearings/<slug:slug>/wall/panel/", public.wall_panel, name="wall_panel"),
    path("city-logo/", public.city_logo, name="city_logo"),
    path("hearings/<slug:slug>/speaker/", public.speaker, name="speaker"),
    path("hearings/<slug:slug>/panel/", public.public_panel, name="public_panel"),
    path("hearings/<slug:slug>/ask/", public.ask, name="ask"),
    path("hearings/<slug:slug>/questions/<int:pk>/vote/", public.vote, name="vote"),
    path("hearings/<slug:slug>/hand/", public.raise_hand, name="raise_hand"),
    path("hearings/<slug:slug>/hand/<int:pk>/withdraw/", public.withdraw, name="withdraw"),
    path("hearings/<slug:slug>/me/", public.participant_panel, name="participant_panel"),
    # moderation
    path("hearings/<slug:slug>/console/", backoffice.console_panel, name="console_panel"),
    path(
        "hearings/<slug:slug>/console/questions/<int:pk>/<str:action>/",
        backoffice.question_action,
        name="question_action",
    ),
    path("hearings/<slug:slug>/console/ask/", backoffice.ask_for_room, name="ask_for_room"),
    path("hearings/<slug:slug>/console/speakers/next/", backoffice.call_next, name="call_next"),
    path("hearings/<slug:slug>/console/speakers/add/", backoffice.add_speaker, name="add_speaker"),
    path(
        "hearings/<slug:slug>/console/speakers/<int:pk>/<str:action>/",
        backoffice.turn_action,
        name="turn_action",
    ),
    path("hearings/<slug:slug>/console/announce/", backoffice.announce, name="announce"),
    path("hearings/<slug:slug>/console/settings/", backoffice.live_settings, name="settings"),
]
