from django.urls import path

from conversations import views

app_name = "conversations"

resident = "mina-sidor/uppdrag/<id:claim_pk>/meddelanden/"
association = "foreningar/<slug:slug>/uppdrag/<id:pk>/anmalningar/<id:claim_pk>/meddelanden/"
staff = "kommuner/<str:code>/anmalda-meddelanden/"

urlpatterns = [
    path(resident, views.resident_thread, name="resident"),
    path(f"{resident}telefon/", views.resident_phone, name="resident_phone"),
    path(f"{resident}<id:message_pk>/rapportera/", views.resident_report, name="resident_report"),
    path(association, views.association_thread, name="association"),
    path(f"{association}<id:message_pk>/rapportera/", views.association_report, name="association_report"),
    path(staff, views.staff_list, name="staff_list"),
    path(f"{staff}<id:claim_pk>/", views.staff_thread, name="staff_thread"),
    path(f"{staff}<id:claim_pk>/hanterad/<id:report_pk>/", views.staff_handle, name="staff_handle"),
]
