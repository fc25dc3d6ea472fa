from django.urls import path

from hearing.captions.views import backoffice, public, worker

app_name = "captions"
urlpatterns = [
    path("<slug:slug>/", public.page, name="page"),
    path("<slug:slug>/switch/", backoffice.switch, name="switch"),
    path("<slug:slug>/lines/", worker.lines, name="lines"),
    path("<slug:slug>/recordings/<int:pk>/live.vtt", public.recording_vtt, name="recording_vtt"),
    path("<slug:slug>/console/", backoffice.console, name="console"),
    path("<slug:slug>/console/lines/<int:pk>/", backoffice.correct, name="correct"),
    path("<slug:slug>/console/write/", backoffice.write, name="write"),
]
