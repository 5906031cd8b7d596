from django.urls import path

from calendars import views

app_name = "calendars"

urlpatterns = [
    path("kalender/<str:token>.ics", views.feed, name="feed"),
    path("uppdrag/<id:pk>/kalender.ics", views.assignment_ics, name="assignment_ics"),
    path("mina-sidor/kalender/", views.mine, name="mine"),
    path("mina-sidor/kalender/skapa/", views.create, name="create"),
    path("mina-sidor/kalender/skapa/<slug:slug>/", views.create, name="create_for_association"),
    path("mina-sidor/kalender/<id:pk>/ny-adress/", views.renew, name="renew"),
    path("mina-sidor/kalender/<id:pk>/stang-av/", views.delete, name="delete"),
]
