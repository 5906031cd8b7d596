from django.urls import path

from assignments import views as assignment_views
from members import views

app_name = "members"

urlpatterns = [
    path("", views.my_pages, name="my_pages"),
    path("profil/", views.profile, name="profile"),
    path("profil/orter/", views.locality_suggestions, name="locality_suggestions"),
    path("uppdrag/", assignment_views.my_claims, name="claims"),
    path("uppdrag/<id:pk>/ta-tillbaka/", assignment_views.claim_withdraw, name="claim_withdraw"),
    path("uppdrag/<id:pk>/timmar/", assignment_views.claim_report_hours, name="claim_hours"),
]
