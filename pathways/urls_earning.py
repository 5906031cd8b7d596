"""URLs of the earning pages of the support pathway (included by pathways.urls)."""

from django.urls import path

from pathways import views_earning as views

urlpatterns = [
    path("att-fa-betalt/", views.earning, name="earning"),
    path("mina-sidor/ersattning/", views.compensation, name="compensation"),
]
