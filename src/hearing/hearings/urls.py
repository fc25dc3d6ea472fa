from django.urls import path

from hearing.hearings.views import backoffice, public

public_patterns = (
    [
        path("", public.index, name="index"),
        path("hearings/<slug:slug>/", public.hearing_detail, name="hearing"),
        path("hearings/<slug:slug>/agenda/<int:position>/", public.item_detail, name="item"),
        path("hearings/<slug:slug>/calendar.ics", public.hearing_ics, name="ics"),
        path("hearings/<slug:slug>/live-state.json", public.live_state, name="live_state"),
        path("hearings/<slug:slug>/attachments/<int:pk>/", public.attachment, name="attachment"),
    ],
    "public",
)

backoffice_patterns = (
    [
        path("", backoffice.index, name="index"),
        path("hearings/<slug:slug>/console/", backoffice.console, name="console"),
        path("hearings/<slug:slug>/agenda/", backoffice.agenda_page, name="agenda"),
        path("hearings/<slug:slug>/agenda/<int:pk>/", backoffice.agenda_item, name="agenda_item"),
        path(
            "hearings/<slug:slug>/agenda/<int:pk>/move/", backoffice.agenda_move, name="agenda_move"
        ),
        path(
            "hearings/<slug:slug>/agenda/<int:pk>/remove/",
            backoffice.agenda_remove,
            name="agenda_remove",
        ),
        path(
            "hearings/<slug:slug>/agenda/<int:pk>/attach/",
            backoffice.agenda_attach,
            name="agenda_attach",
        ),
        path("hearings/<slug:slug>/live/next/", backoffice.start_next, name="next"),
        path("hearings/<slug:slug>/live/previous/", backoffice.start_previous, name="previous"),
        path("hearings/<slug:slug>/live/end/", backoffice.end, name="end"),
        path("hearings/<slug:slug>/live/start/<int:item_id>/", backoffice.start, name="start"),
    ],
    "backoffice",
)
