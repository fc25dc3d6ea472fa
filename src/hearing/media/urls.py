from django.urls import path

from hearing.media.views import backoffice, callbacks, conference, public

app_name = "media"
urlpatterns = [
    # nginx-rtmp
    path("stream/on-publish/", callbacks.on_publish, name="on_publish"),
    path("stream/on-publish-done/", callbacks.on_publish_done, name="on_publish_done"),
    path("stream/on-record-done/", callbacks.on_record_done, name="on_record_done"),
    # public
    path("hearings/<slug:slug>/stream.json", public.status, name="status"),
    path("hearings/<slug:slug>/recordings/<int:pk>/", public.recording, name="recording"),
    path(
        "hearings/<slug:slug>/recordings/<int:pk>/file",
        public.recording_file,
        name="recording_file",
    ),
    path(
        "hearings/<slug:slug>/recordings/<int:pk>/chapters.vtt",
        public.recording_chapters,
        name="recording_chapters",
    ),
    # participants
    path("hearings/<slug:slug>/conference/join/", conference.join, name="join"),
    # organisers and moderators
    path("hearings/<slug:slug>/stream/", backoffice.stream_page, name="stream"),
    path("hearings/<slug:slug>/stream/key/", backoffice.rotate_key, name="rotate_key"),
    path("hearings/<slug:slug>/stream/revoke/", backoffice.revoke_key, name="revoke_key"),
    path(
        "hearings/<slug:slug>/stream/status.json", backoffice.console_status, name="console_status"
    ),
    path("hearings/<slug:slug>/recordings/upload/", backoffice.upload, name="upload"),
]
