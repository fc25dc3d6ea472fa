from django.urls import path

from hearing.live.views import stream

app_name = "live"
urlpatterns = [
    path("hearings/<slug:slug>/events/", stream.events, name="events"),
    path("hearings/<slug:slug>/events.json", stream.events_json, name="events_json"),
]
