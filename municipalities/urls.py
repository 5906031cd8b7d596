from django.urls import path

from municipalities import views

app_name = "municipalities"

urlpatterns = [
    path("<str:code>/", views.municipality_detail, name="detail"),
    path("<str:code>/granska/", views.verification_queue, name="queue"),
    path("<str:code>/granska/<slug:slug>/", views.verification_decide, name="decide"),
    path("<str:code>/orter/", views.villages, name="villages"),
    path("<str:code>/orter/<int:pk>/", views.village_edit, name="village_edit"),
    path("<str:code>/personal/", views.staff, name="staff"),
]
