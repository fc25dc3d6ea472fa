from django.urls import path

from hearing.media.views import callbacks

app_name = "media"
urlpatterns = [
    path("stream/on-publish/", callbacks.on_publish, name="on_publish"),
    path("stream/on-publish-done/", callbacks.on_publish_done, name="on_publish_done"),
    path("stream/on-record-done/", callbacks.on_record_done, name="on_record_done"),
]
