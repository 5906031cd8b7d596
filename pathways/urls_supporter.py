"""URLs of the supporter pages of the support pathway (included by pathways.urls)."""

from django.urls import path

from pathways import views_supporter as views

urlpatterns = [
    path("", views.supporter_home, name="supporter_home"),
    path("bjud-in/", views.supporter_invite, name="supporter_invite"),
    path("<int:pk>/", views.supporter_link, name="supporter_link"),
    path("<int:pk>/ja/", views.supporter_accept, name="supporter_accept"),
    path("<int:pk>/nej/", views.supporter_decline, name="supporter_decline"),
    path("<int:pk>/avsluta/", views.supporter_end, name="supporter_end"),
    path("<int:pk>/kartlaggning/", views.supporter_intake, name="supporter_intake"),
    path("<int:pk>/steg/", views.supporter_milestone, name="supporter_milestone"),
    path(
        "<int:pk>/steg/<int:milestone_pk>/ta-bort/",
        views.supporter_milestone_delete,
        name="supporter_milestone_delete",
    ),
    path("<int:pk>/anteckningar/", views.supporter_notes, name="supporter_notes"),
    path("<int:pk>/anteckningar/<int:note_pk>/", views.supporter_note_edit, name="supporter_note_edit"),
    path("<int:pk>/anteckningar/<int:note_pk>/ta-bort/", views.supporter_note_delete, name="supporter_note_delete"),
    path("<int:pk>/tips/", views.supporter_recommend, name="supporter_recommend"),
]
