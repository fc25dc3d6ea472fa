from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from hearing.core import views as core_views
from hearing.hearings.urls import backoffice_patterns, public_patterns

admin.site.site_header = "Hearing – Verwaltung"
admin.site.site_title = "Hearing"

urlpatterns = [
    path("language/", core_views.language, name="language"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("csrf/", core_views.csrf, name="csrf"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("backoffice/", include(backoffice_patterns)),
    path("oparl/", include("hearing.oparl.urls")),
    path("register/", include("hearing.register.urls")),
    path("marketplace/", include("hearing.marketplace.urls")),
    path("participation/", include("hearing.participants.urls")),
    path("live/", include("hearing.live.urls")),
    path("media/", include("hearing.media.urls")),
    path("documentation/", include("hearing.documentation.urls")),
    path("captions/", include("hearing.captions.urls")),
    path("", include("hearing.legal.urls")),
    path("", include(public_patterns)),
]

handler400 = "hearing.core.views.bad_request"
handler403 = "hearing.core.views.permission_denied"
handler404 = "hearing.core.views.page_not_found"
handler500 = "hearing.core.views.server_error"
