from django.urls import path

from hearing.register.views import backoffice, public

app_name = "register"
urlpatterns = [
    path("", public.record_list, name="list"),
    path("<int:pk>/", public.record_detail, name="detail"),
    path("<int:pk>/assess/", backoffice.assess, name="assess"),
    path("export/<str:standard>.<str:fmt>", public.export, name="export"),
    path("comparison/", public.comparison, name="comparison"),
    path("comparison/<str:dimension>.svg", public.comparison_chart, name="chart"),
]
