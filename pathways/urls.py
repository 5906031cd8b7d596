"""The support pathway's URLs, in one namespace: the resident's own pages under /mina-sidor/min-vag/,
the supporter's under /handledning/, and the public page on being paid and the resident's
compensation summary (urls_earning)."""

from django.urls import include, path

from pathways import urls_earning, urls_resident, urls_supporter, views_supporter

app_name = "pathways"

urlpatterns = [
    path("mina-sidor/min-vag/", include(urls_resident)),
    path("handledning/", include(urls_supporter)),
    path("foreningar/<slug:slug>/hantera/stod/", views_supporter.offer_edit, name="offer_edit"),
    *urls_earning.urlpatterns,
]
