"""URLs of the resident pages of the support pathway (included by pathways.urls)."""

from django.urls import path

from pathways import views_resident as views

urlpatterns = [
    path("", views.my_path, name="my_path"),
    path("handledare/", views.find, name="find"),
    path("handledare/<slug:slug>/<id:user_pk>/", views.request_support, name="request"),
    path("stod/<id:pk>/", views.my_link, name="my_link"),
    path("stod/<id:pk>/svara/", views.my_link_accept, name="my_link_accept"),
    path("stod/<id:pk>/nej/", views.my_link_decline, name="my_link_decline"),
    path("stod/<id:pk>/avsluta/", views.my_link_end, name="my_link_end"),
    path("kartlaggning/", views.my_intake, name="my_intake"),
    path("steg/", views.my_milestones, name="my_milestones"),
    path("steg/<id:pk>/ta-bort/", views.my_milestone_delete, name="my_milestone_delete"),
    path("anteckningar/", views.my_notes, name="my_notes"),
    path("logg/", views.access_log, name="access_log"),
]
