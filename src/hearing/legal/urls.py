from django.urls import path

from hearing.legal.views import backoffice, public

app_name = "legal"

urlpatterns = [
    path("barrierefreiheit/", public.accessibility, name="accessibility"),
    path("impressum/", public.imprint, name="imprint"),
    path("datenschutz/", public.privacy, name="privacy"),
    path("backoffice/pflichtseiten/", backoffice.index, name="backoffice"),
    path(
        "backoffice/pflichtseiten/meldungen/<int:pk>/loeschen/",
        backoffice.delete_feedback,
        name="delete_feedback",
    ),
    path("backoffice/pflichtseiten/<str:kind>/<str:language>/", backoffice.edit, name="edit"),
]
