from django.urls import path

from hearing.captions.views import backoffice, public

app_name = "captions"
urlpatterns = [
    path("<slug:slug>/", public.page, name="page"),
    path("<slug:slug>/switch/", backoffice.switch, name="switch"),
]
