from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from associations import views as association_views
from uppdragsbanken import views

admin.site.site_header = _("Uppdragsbanken – administration")
admin.site.site_title = _("Uppdragsbanken")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("om/", views.about, name="about"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("personuppgifter/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sprak/", views.set_language, name="set_language"),
    path("konto/", include("allauth.urls")),
    path("", include("notifications.urls")),
    path("", include("pathways.urls")),
    path("", include("certificates.urls")),
    path("", include("calendars.urls")),
    path("", include("offline.urls")),
    path("", include("conversations.urls")),
    path("mina-sidor/", include("members.urls")),
    path("foreningar/", include("associations.urls")),
    path("kommuner/", include("municipalities.urls")),
    path("inbjudan/<str:token>/", association_views.invitation, name="invitation"),
    path("", include("assignments.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "uppdragsbanken.views.permission_denied"
handler404 = "uppdragsbanken.views.page_not_found"
handler500 = "uppdragsbanken.views.server_error"
