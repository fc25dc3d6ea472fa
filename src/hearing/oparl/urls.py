from django.urls import path, re_path
from django.views.generic import RedirectView

from hearing.oparl import views

app_name = "oparl"
urlpatterns = [
    # The current version; a later one would get its own System object next to it.
    path("", RedirectView.as_view(pattern_name="oparl:system"), name="index"),
    path("v1.1/", views.system, name="system"),
    path("v1.1/body/", views.bodies, name="bodies"),
    path("v1.1/body/<int:body>/<str:kind>/", views.body_list, name="body_list"),
    path("v1.1/file/<str:key>/<int:pk>/", views.file_detail, name="file"),
    path("v1.1/file/<str:key>/<int:pk>/download", views.file_download, name="file_download"),
    path("v1.1/<str:kind>/<int:pk>/", views.detail, name="object"),
    re_path(r"^(?P<path>.*)$", views.not_found, name="not_found"),
]
