from django.urls import path

from assignments import views

app_name = "assignments"

urlpatterns = [
    path("<int:pk>/", views.assignment_detail, name="detail"),
]
