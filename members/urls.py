from django.urls import path

from assignments import views as assignment_views
from members import views, views_data, views_delete

app_name = "members"

urlpatterns = [
    path("", views.my_pages, name="my_pages"),
    path("profil/", views.profile, name="profile"),
    path("ta-bort-konto/", views_delete.account_delete, name="account_delete"),
    path("konto-borttaget/", views_delete.account_deleted, name="account_deleted"),
    path("profil/orter/", views.locality_suggestions, name="locality_suggestions"),
    path("uppdrag/", assignment_views.my_claims, name="claims"),
    path("uppdrag/<id:pk>/ta-tillbaka/", assignment_views.claim_withdraw, name="claim_withdraw"),
    path("uppdrag/<id:pk>/timmar/", assignment_views.claim_report_hours, name="claim_hours"),
    path("ko/<id:pk>/lamna/", assignment_views.waitlist_leave, name="waitlist_leave"),
    path("ko/<id:pk>/ta-platsen/", assignment_views.waitlist_offer_accept, name="waitlist_accept"),
    path("ko/<id:pk>/tacka-nej/", assignment_views.waitlist_offer_decline, name="waitlist_decline"),
    path("mina-uppgifter/", views_data.my_data, name="my_data"),
    path("mina-uppgifter/uppgifter.json", views_data.my_data_json, name="my_data_json"),
]
