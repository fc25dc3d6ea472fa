from django.urls import path

from hearing.participants.views import backoffice, public

app_name = "participants"
urlpatterns = [
    # invitees and participants
    path("<slug:slug>/link/<str:token>/", public.link, name="link"),
    path("<slug:slug>/confirm/<str:token>/", public.confirm, name="confirm"),
    path("<slug:slug>/registration/", public.register, name="register"),
    path("<slug:slug>/registration/cancel/", public.cancel, name="cancel"),
    path("<slug:slug>/self-registration/", public.self_register, name="self_register"),
    path("<slug:slug>/ticket/", public.ticket, name="ticket"),
    path("<slug:slug>/ticket.pdf", public.ticket_pdf, name="ticket_pdf"),
    path("<slug:slug>/personal/", public.personal, name="personal"),
    path("<slug:slug>/my-data/", public.my_data, name="my_data"),
    path("<slug:slug>/my-data.json", public.my_data_json, name="my_data_json"),
    path("<slug:slug>/my-data/erase/", public.erase, name="erase"),
    # organisers and door staff
    path("<slug:slug>/manage/", backoffice.participant_list, name="list"),
    path("<slug:slug>/manage/send/", backoffice.send_invitations, name="send"),
    path("<slug:slug>/manage/<int:pk>/resend/", backoffice.resend, name="resend"),
    path("<slug:slug>/manage/<int:pk>/revoke/", backoffice.revoke, name="revoke"),
    path("<slug:slug>/manage/import/", backoffice.import_upload, name="import"),
    path("<slug:slug>/manage/import/<int:pk>/", backoffice.import_preview, name="import_preview"),
    path(
        "<slug:slug>/manage/import/<int:pk>/confirm/",
        backoffice.import_confirm,
        name="import_confirm",
    ),
    path("<slug:slug>/check-in/", backoffice.check_in, name="checkin"),
    path("<slug:slug>/attendance/", backoffice.attendance, name="attendance"),
    path("<slug:slug>/attendance.json", backoffice.attendance_json, name="attendance_json"),
]
