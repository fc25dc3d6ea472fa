from django.urls import path

from hearing.marketplace.views import backoffice, public

app_name = "marketplace"
urlpatterns = [
    path("", public.stand_list, name="list"),
    path("stands/<int:pk>/", public.stand_detail, name="stand"),
    path("stands/<int:pk>/qr.svg", public.stand_qr, name="qr"),
    path("qr-codes/", public.qr_sheet, name="qr_sheet"),
    path("qr-codes.pdf", public.qr_sheet_pdf, name="qr_sheet_pdf"),
    path("exhibitor/<str:token>/", public.exhibitor, name="exhibitor"),
    path("moderation/<slug:slug>/", backoffice.moderation, name="moderation"),
    path("moderation/messages/<int:pk>/<str:decision>/", backoffice.moderate, name="moderate"),
    path("stands/<int:pk>/renew-link/", backoffice.renew_link, name="renew_link"),
]
