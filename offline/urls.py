from django.urls import path

from offline import views

app_name = "offline"

assignment = "foreningar/<slug:slug>/uppdrag/<id:pk>/"

urlpatterns = [
    path("u/<id:pk>/", views.short, name="short"),
    path(f"{assignment}anmal-invanare/", views.register, name="register"),
    path(f"{assignment}anmalningar/<id:claim_pk>/timmar/", views.report_hours, name="report_hours"),
    path(f"{assignment}anmalningar/<id:claim_pk>/ta-tillbaka/", views.withdraw, name="withdraw"),
    path("foreningar/<slug:slug>/hantera/invanare-utan-konto/", views.residents, name="residents"),
    path(
        "foreningar/<slug:slug>/hantera/invanare-utan-konto/<id:pk>/ta-bort/",
        views.resident_delete,
        name="resident_delete",
    ),
    path("foreningar/<slug:slug>/anslagstavla/", views.association_board, name="association_board"),
    path("foreningar/<slug:slug>/anslagstavla.pdf", views.association_board_pdf, name="association_board_pdf"),
    path("kommuner/<str:code>/orter/<id:pk>/anslagstavla/", views.locality_board, name="locality_board"),
    path("kommuner/<str:code>/orter/<id:pk>/anslagstavla.pdf", views.locality_board_pdf, name="locality_board_pdf"),
]
