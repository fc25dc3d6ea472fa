from django.urls import path

from hearing.documentation.views import backoffice, public

app_name = "documentation"
urlpatterns = [
    path("search/", public.search_page, name="search"),
    path("<slug:slug>/transcript/", public.transcript, name="transcript"),
    path("<slug:slug>/recordings/<int:pk>/file", public.recording_file, name="recording_file"),
    path("<slug:slug>/recordings/<int:pk>/subtitles.vtt", public.subtitles_vtt, name="vtt"),
    path("<slug:slug>/recordings/<int:pk>/subtitles.srt", public.subtitles_srt, name="srt"),
    path("<slug:slug>/protocol/", public.protocol_html, name="protocol"),
    path("<slug:slug>/protocol.pdf", public.protocol_pdf, name="protocol_pdf"),
    path("<slug:slug>/results/", public.results, name="results"),
    path("<slug:slug>/manage/", backoffice.manage, name="manage"),
    path("<slug:slug>/manage/jobs.json", backoffice.jobs_json, name="jobs_json"),
    path("<slug:slug>/manage/transcribe/<int:pk>/", backoffice.transcribe, name="transcribe"),
    path("<slug:slug>/manage/protocol/", backoffice.build_protocol, name="build_protocol"),
    path("<slug:slug>/manage/state/<str:kind>/", backoffice.set_state, name="set_state"),
    path("<slug:slug>/manage/transcripts/<int:pk>/", backoffice.editor, name="editor"),
    path(
        "<slug:slug>/manage/transcripts/<int:pk>/replace/",
        backoffice.replace_all,
        name="replace_all",
    ),
    path("<slug:slug>/manage/segments/<int:pk>/", backoffice.edit_segment, name="edit_segment"),
    path(
        "<slug:slug>/manage/segments/<int:pk>/split/",
        backoffice.split_segment,
        name="split_segment",
    ),
    path(
        "<slug:slug>/manage/segments/<int:pk>/merge/",
        backoffice.merge_segment,
        name="merge_segment",
    ),
    path("<slug:slug>/manage/results/", backoffice.add_result, name="add_result"),
    path(
        "<slug:slug>/manage/authorisations/<int:pk>/email/",
        backoffice.authorisation_email,
        name="authorisation_email",
    ),
    path(
        "<slug:slug>/manage/proposals/<int:pk>/<str:decision>/",
        backoffice.decide_proposal,
        name="decide_proposal",
    ),
    path("<slug:slug>/authorise/<str:token>/", public.authorise, name="authorise"),
    path(
        "<slug:slug>/manage/results/<int:pk>/delete/",
        backoffice.delete_result,
        name="delete_result",
    ),
]
