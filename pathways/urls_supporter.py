"""URLs of the supporter pages of the support pathway (included by pathways.urls)."""

from django.urls import path

from pathways import views_supporter as views

urlpatterns = [
    path("", views.supporter_home, name="supporter_home"),
    path("bjud-in/", views.supporter_invite, name="supporter_invite"),
    path("<id:pk>/", views.supporter_link, name="supporter_link"),
    path("<id:pk>/ja/", views.supporter_accept, name="supporter_accept"),
    path("<id:pk>/nej/", views.supporter_decline, name="supporter_decline"),
    path("<id:pk>/avsluta/", views.supporter_end, name="supporter_end"),
    path("<id:pk>/kartlaggning/", views.supporter_intake, name="supporter_intake"),
    path("<id:pk>/steg/", views.supporter_milestone, name="supporter_milestone"),
    path(
        "<id:pk>/steg/<id:milestone_pk>/ta-bort/",
        views.supporter_milestone_delete,
        name="supporter_milestone_delete",
    ),
    path("<id:pk>/anteckningar/", views.supporter_notes, name="supporter_notes"),
    path("<id:pk>/anteckningar/<id:note_pk>/", views.supporter_note_edit, name="supporter_note_edit"),
    path("<id:pk>/anteckningar/<id:note_pk>/ta-bort/", views.supporter_note_delete, name="supporter_note_delete"),
    path("<id:pk>/tips/", views.supporter_recommend, name="supporter_recommend"),
]
